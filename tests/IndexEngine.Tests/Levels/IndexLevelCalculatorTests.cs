using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;
using NUnit.Framework;

namespace IndexEngine.Tests.Levels;

public class IndexLevelCalculatorTests
{
    private const double Tol = 1e-10;
    private const double NaN = double.NaN;
    private static readonly LevelsConfig Levels = new(200, 5);

    // Three stocks over six days; rebalanced at day 0 (50/30/20) and at day 2 (20/40/40).
    private static readonly double[][] ThreeStocks =
    [
        [10, 11, 12, 12, 13, 14],
        [20, 20, 22, 21, 21, 20],
        [50, 45, 50, 55, 60, 50],
    ];

    private static readonly IndexRebalance[] TwoRebalances =
    [
        new(0, [(0, 0.5), (1, 0.3), (2, 0.2)]),
        new(2, [(0, 0.2), (1, 0.4), (2, 0.4)]),
    ];

    [Test]
    public void PriceReturnLevelHoldsFixedUnitsBetweenRebalances()
    {
        var levels = IndexLevelCalculator.Calculate(TestUniverses.Build(ThreeStocks), TwoRebalances, Levels);

        // Units from day 0: A 0.5*200/10 = 10, B 0.3*200/20 = 3, C 0.2*200/50 = 0.8.
        //   L1 = 10*11 + 3*20 + 0.8*45 = 206;  L2 = 10*12 + 3*22 + 0.8*50 = 226.
        // Units from day 2: A 0.2*226/12, B 0.4*226/22, C 0.4*226/50 (= 3.7667, 4.1091, 1.808).
        //   L3 = 45.2 + 4.1091*21 + 1.808*55 = 230.93091;  L4 = 243.73758;  L5 = 225.31515.
        Assert.That(levels.PriceReturn.Values, Is.EqualTo(new[]
        {
            200, 206, 226, 230.9309090909091, 243.73757575757577, 225.31515151515154,
        }).Within(Tol));
        Assert.That(levels.PriceReturn.Dates[0], Is.EqualTo(new DateOnly(2017, 1, 2)));
        Assert.That(levels.Removals, Is.Empty);
    }

    [Test]
    public void DriftedWeightsAndTurnoverAtTheSecondRebalance()
    {
        var levels = IndexLevelCalculator.Calculate(TestUniverses.Build(ThreeStocks), TwoRebalances, Levels);

        // Before trading on day 2 the holdings are worth 120, 66 and 40 of 226.
        var drifted = levels.Periods[0].EndWeights;
        Assert.That(drifted.Select(x => x.Security), Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(drifted.Select(x => x.Weight), Is.EqualTo(new[] { 120 / 226.0, 66 / 226.0, 40 / 226.0 }).Within(Tol));
        Assert.That(levels.Periods[0].EndIndex, Is.EqualTo(2));
        // 0.5 * (|0.2 - 120/226| + |0.4 - 66/226| + |0.4 - 40/226|) = 0.33097
        var turnovers = levels.Turnovers();
        Assert.That(turnovers, Has.Count.EqualTo(1));
        Assert.That(turnovers[0].Date, Is.EqualTo(levels.PriceReturn.Dates[2]));
        Assert.That(turnovers[0].Turnover, Is.EqualTo(0.33097345132743367).Within(Tol));
        // The last period drifts to the end of the calendar.
        Assert.That(levels.Periods[1].End, Is.EqualTo(levels.PriceReturn.Dates[5]));
        Assert.That(levels.Periods[1].EndWeights.Select(x => x.Weight),
            Is.EqualTo(new[] { 0.23404255319148937, 0.364741641337386, 0.4012158054711246 }).Within(Tol));
    }

    [Test]
    public void TotalReturnReinvestsDividendsAcrossTheIndex()
    {
        var dividends = new double[3][];
        for (int i = 0; i < 3; i++) dividends[i] = new double[6];
        dividends[1][1] = 1.0; // B pays 1 on day 1
        dividends[0][4] = 0.5; // A pays 0.5 on day 4
        var levels = IndexLevelCalculator.Calculate(TestUniverses.Build(ThreeStocks, dividends), TwoRebalances, Levels);

        // Price return ignores dividends.
        Assert.That(levels.PriceReturn.Values[5], Is.EqualTo(225.31515151515154).Within(Tol));
        // Day 1: cash 3 units * 1 = 3 on a value of 206 -> 209; day 2: 209/206 * 226 = 229.29126.
        // Day 3: rebalanced at the TR level, same weights as PR: 229.29126 * 230.93091 / 226 = 234.29398.
        // Day 4: A's units 0.2*229.29126/12 pay 0.5 each: 249.19791; day 5: 230.36278.
        Assert.That(levels.TotalReturn.Values, Is.EqualTo(new[]
        {
            200, 209, 229.2912621359223, 234.29398058252423, 249.1979126213592, 230.36277957973354,
        }).Within(Tol));
        // Proportional reinvestment leaves the drifted weights as in the price-return index.
        Assert.That(levels.Periods[0].EndWeights.Select(x => x.Weight), Is.EqualTo(new[] { 120 / 226.0, 66 / 226.0, 40 / 226.0 }).Within(Tol));
    }

    [Test]
    public void WithoutDividendsTotalReturnEqualsPriceReturn()
    {
        var levels = IndexLevelCalculator.Calculate(TestUniverses.Build(ThreeStocks), TwoRebalances, Levels);
        Assert.That(levels.TotalReturn.Values, Is.EqualTo(levels.PriceReturn.Values).Within(Tol));
    }

    [Test]
    public void DelistedStockIsCarriedForFiveDaysThenRemovedWithoutAJump()
    {
        double[][] closes =
        [
            [10, 10, 11, 11, 12, 12, 13, 13, 14, 15],
            [20, 21, 21, 22, 22, 23, 23, 24, 24, 25],
            [40, 41, 42, NaN, NaN, NaN, NaN, NaN, NaN, NaN],
        ];
        var levels = IndexLevelCalculator.Calculate(TestUniverses.Build(closes), [new IndexRebalance(0, [(0, 0.4), (1, 0.4), (2, 0.2)])], Levels);

        // Units A 8, B 4, C 1. C's last close (42, day 2) is carried on days 3..7 and removed on day 8,
        // its 6th day without a close: L8 = 8*14 + 4*24 + 42 = 250 on either side of the removal.
        // Its 42 goes to A and B in proportion to value (112 : 96), so their units scale by 250/208.
        Assert.That(levels.PriceReturn.Values, Is.EqualTo(new[]
        {
            200, 205, 214, 218, 226, 230, 238, 242, 250, (8 * 15 + 4 * 25) * 250 / 208.0,
        }).Within(Tol));
        var removal = levels.Removals.Single();
        Assert.That(removal.Id, Is.EqualTo("C"));
        Assert.That(removal.DateIndex, Is.EqualTo(8));
        Assert.That(removal.LastCloseDate, Is.EqualTo(levels.PriceReturn.Dates[2]));
        Assert.That(removal.LastClose, Is.EqualTo(42));
        Assert.That(removal.Weight, Is.EqualTo(42 / 250.0).Within(Tol));
        Assert.That(levels.TotalReturn.Values, Is.EqualTo(levels.PriceReturn.Values).Within(Tol));
        Assert.That(levels.Periods[0].EndWeights.Select(x => x.Security), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(levels.Periods[0].EndWeights.Sum(x => x.Weight), Is.EqualTo(1).Within(Tol));
    }

    [Test]
    public void MaxStaleDaysIsConfigurable()
    {
        double[][] closes =
        [
            [10, 10, 11, 11, 12],
            [40, NaN, NaN, 44, 45],
        ];
        var rebalance = new[] { new IndexRebalance(0, [(0, 0.5), (1, 0.5)]) };
        // Two missing days are tolerated with max_stale_days = 2 ...
        var kept = IndexLevelCalculator.Calculate(TestUniverses.Build(closes), rebalance, new LevelsConfig(200, 2));
        Assert.That(kept.Removals, Is.Empty);
        Assert.That(kept.PriceReturn.Values[4], Is.EqualTo(10 * 12 + 2.5 * 45).Within(Tol));
        // ... not with max_stale_days = 1: B goes on day 2 at 40, the level stays 10*11 + 2.5*40 = 210.
        var removed = IndexLevelCalculator.Calculate(TestUniverses.Build(closes), rebalance, new LevelsConfig(200, 1));
        Assert.That(removed.Removals.Single().DateIndex, Is.EqualTo(2));
        Assert.That(removed.PriceReturn.Values, Is.EqualTo(new[] { 200, 200, 210, 210, 210 * 12 / 11.0 }).Within(Tol));
    }

    [Test]
    public void MissingCloseAtTheEffectiveDateUsesTheLastClose()
    {
        double[][] closes =
        [
            [10, 11, 12, 13],
            [20, 22, NaN, 24],
        ];
        var levels = IndexLevelCalculator.Calculate(TestUniverses.Build(closes),
            [new IndexRebalance(2, [(0, 0.5), (1, 0.5)])], Levels);
        // B's units are set at its day-1 close 22: 100/22 units; A has 100/12.
        Assert.That(levels.PriceReturn.Values, Is.EqualTo(new[] { 200, 100 / 12.0 * 13 + 100 / 22.0 * 24 }).Within(Tol));
        Assert.That(levels.PriceReturn.Dates[0], Is.EqualTo(TestUniverses.Build(closes).Dates[2]));
    }

    [Test]
    public void SecurityThatHasNeverClosedCannotBeGivenUnits()
    {
        double[][] closes =
        [
            [10, 11, 12],
            [NaN, NaN, 24],
        ];
        var e = Assert.Throws<InputException>(() => IndexLevelCalculator.Calculate(TestUniverses.Build(closes),
            [new IndexRebalance(1, [(0, 0.5), (1, 0.5)])], Levels));
        Assert.That(e!.Message, Does.Contain("'B'").And.Contain("2017-01-03").And.Contain("no close"));
    }

    [Test]
    public void LastDateIndexEndsTheSeriesEarly()
    {
        var levels = IndexLevelCalculator.Calculate(TestUniverses.Build(ThreeStocks), TwoRebalances, Levels, lastDateIndex: 3);
        Assert.That(levels.PriceReturn.Values, Is.EqualTo(new[] { 200, 206, 226, 230.9309090909091 }).Within(Tol));
        Assert.That(levels.Periods[1].EndIndex, Is.EqualTo(3));
    }

    [Test]
    public void ASingleStockIndexFollowsTheStockThroughRebalances()
    {
        double[][] closes = [[50, 55, 52, 60, 58, 61], [1, 1, 1, 1, 1, 1]];
        var levels = IndexLevelCalculator.Calculate(TestUniverses.Build(closes),
            [new IndexRebalance(0, [(0, 1.0)]), new IndexRebalance(3, [(0, 1.0)])], Levels);
        Assert.That(levels.PriceReturn.Values, Is.EqualTo(closes[0].Select(c => 200 * c / 50)).Within(Tol));
        Assert.That(levels.Turnovers().Single().Turnover, Is.EqualTo(0).Within(Tol));
    }

    [Test]
    public void BadRebalancesAreProgrammingErrors()
    {
        var universe = TestUniverses.Build(ThreeStocks);
        Assert.Throws<ArgumentException>(() => IndexLevelCalculator.Calculate(universe, [], Levels));
        Assert.Throws<ArgumentException>(() => IndexLevelCalculator.Calculate(universe, [new IndexRebalance(0, [(0, 0.5), (1, 0.3)])], Levels));
        Assert.Throws<ArgumentException>(() => IndexLevelCalculator.Calculate(universe, [new IndexRebalance(0, [(0, 0.5), (0, 0.5)])], Levels));
        Assert.Throws<ArgumentException>(() => IndexLevelCalculator.Calculate(universe, [TwoRebalances[1], TwoRebalances[0]], Levels));
        Assert.Throws<ArgumentException>(() => IndexLevelCalculator.Calculate(universe, [new IndexRebalance(6, [(0, 1.0)])], Levels));
    }
}
