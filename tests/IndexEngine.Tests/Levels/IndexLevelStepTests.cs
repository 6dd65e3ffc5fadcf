using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using NUnit.Framework;

namespace IndexEngine.Tests.Levels;

/// <summary>The incremental calculator: Start, Step and Rebalance, which Calculate (the backtest) loops over.</summary>
public class IndexLevelStepTests
{
    private const double Tol = 1e-10;
    private const double NaN = double.NaN;

    private static readonly double[][] ThreeStocks =
    [
        [10, 11, 12, 12, 13, 14],
        [20, 20, 22, 21, 21, 20],
        [50, 45, 50, 55, 60, 50],
    ];

    [Test]
    public void StartBuysUnitsAtTheBaseValueAndStepValuesThemAtTheNextClose()
    {
        var universe = TestUniverses.Build(ThreeStocks);
        var start = IndexLevelCalculator.Start(universe, 0, [(0, 0.5), (1, 0.3), (2, 0.2)], 200);

        // A 0.5*200/10 = 10 units, B 0.3*200/20 = 3, C 0.2*200/50 = 0.8; the order of the weights is kept.
        Assert.That(start.DateIndex, Is.EqualTo(0));
        Assert.That((start.LevelPr, start.LevelTr), Is.EqualTo((200.0, 200.0)));
        Assert.That(start.Holdings.Select(h => h.Security), Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(start.Holdings.Select(h => h.UnitsPr), Is.EqualTo(new[] { 10, 3, 0.8 }).Within(Tol));

        var day = IndexLevelCalculator.Step(universe, start, maxStaleDays: 5);
        // L1 = 10*11 + 3*20 + 0.8*45 = 206.
        Assert.That(day.State.DateIndex, Is.EqualTo(1));
        Assert.That(day.State.LevelPr, Is.EqualTo(206).Within(Tol));
        Assert.That(day.State.Holdings.Select(h => h.LastClose), Is.EqualTo(new[] { 11, 20, 45.0 }));
        Assert.That(day.Removals, Is.Empty);
        Assert.That(start.Holdings.Select(h => h.LastClose), Is.EqualTo(new[] { 10, 20, 50.0 }), "Step leaves its input state as it was");
    }

    [Test]
    public void RebalanceSetsUnitsAtTheDaysLevelWithoutChangingIt()
    {
        var universe = TestUniverses.Build(ThreeStocks);
        var state = IndexLevelCalculator.Start(universe, 0, [(0, 0.5), (1, 0.3), (2, 0.2)], 200);
        state = IndexLevelCalculator.Step(universe, state, 5).State;
        state = IndexLevelCalculator.Step(universe, state, 5).State;
        Assert.That(state.LevelPr, Is.EqualTo(226).Within(Tol));
        // Drifted before trading: 120, 66 and 40 of 226.
        Assert.That(IndexLevelCalculator.DriftedWeights(state).Select(w => w.Weight), Is.EqualTo(new[] { 120 / 226.0, 66 / 226.0, 40 / 226.0 }).Within(Tol));

        var rebalanced = IndexLevelCalculator.Rebalance(universe, state, [(2, 0.4), (0, 0.6), (1, 0)]);
        Assert.That(rebalanced.LevelPr, Is.EqualTo(state.LevelPr));
        // C 0.4*226/50 = 1.808, A 0.6*226/12 = 11.3; B's zero weight holds nothing.
        Assert.That(rebalanced.Holdings.Select(h => h.Security), Is.EqualTo(new[] { 2, 0 }));
        Assert.That(rebalanced.Holdings.Select(h => h.UnitsPr), Is.EqualTo(new[] { 1.808, 11.3 }).Within(Tol));
        Assert.That(IndexLevelCalculator.DriftedWeights(rebalanced).Select(w => w.Security), Is.EqualTo(new[] { 0, 2 }), "drifted weights by security");
    }

    [Test]
    public void MissingShareCountsTheHoldingsWithoutACloseOfTheirOwn()
    {
        double[][] closes =
        [
            [10, 11, 12],
            [20, NaN, 21],
            [30, NaN, NaN],
            [40, 41, NaN],
        ];
        var universe = TestUniverses.Build(closes);
        var state = IndexLevelCalculator.Start(universe, 0, [(0, 0.25), (1, 0.25), (2, 0.25), (3, 0.25)], 200);
        Assert.That(IndexLevelCalculator.MissingShare(universe, state, 1), Is.EqualTo(0.5));
        Assert.That(IndexLevelCalculator.MissingShare(universe, state, 2), Is.EqualTo(0.5));
        Assert.That(IndexLevelCalculator.MissingShare(universe, state, 0), Is.EqualTo(0));
    }

    /// <summary>The backtest's Calculate and a day-by-day loop of Step/Rebalance (what `index calculate` runs)
    /// give the same doubles, through dividends, a removal and two rebalances.</summary>
    [Test]
    public void CalculateIsExactlyALoopOfSteps()
    {
        double[][] closes =
        [
            [10, 10.1, 11.3, 11, 12.7, 12, 13.1, 13, 14.9, 15, 15.5, 16.1],
            [20, 21.7, 21, 22.3, 22, 23.9, 23, 24.1, 24, 25.3, 25, 24.7],
            [40, 41.3, 42, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN],
            [7, 7.1, 7.3, 7.2, NaN, 7.7, 7.9, 8.3, 8.1, 8.6, 8.7, 8.4],
        ];
        var dividends = closes.Select(c => new double[c.Length]).ToArray();
        dividends[0][3] = 0.13;
        dividends[3][9] = 0.07;
        var universe = TestUniverses.Build(closes, dividends);
        IndexRebalance[] rebalances =
        [
            new(0, [(3, 0.1), (2, 0.3), (0, 0.35), (1, 0.25)]),
            new(10, [(1, 0.3), (3, 0.7)]),
        ];
        var config = new LevelsConfig(137.5, 5);
        var levels = IndexLevelCalculator.Calculate(universe, rebalances, config);
        Assert.That(levels.Removals.Single().Id, Is.EqualTo("C"), "the case has a removal");

        var state = IndexLevelCalculator.Start(universe, 0, rebalances[0].Weights, config.BaseValue);
        var pr = new List<double> { state.LevelPr };
        var tr = new List<double> { state.LevelTr };
        while (state.DateIndex < universe.DateCount - 1)
        {
            state = IndexLevelCalculator.Step(universe, state, config.MaxStaleDays).State;
            if (state.DateIndex == 10) state = IndexLevelCalculator.Rebalance(universe, state, rebalances[1].Weights);
            pr.Add(state.LevelPr);
            tr.Add(state.LevelTr);
        }
        Assert.That(pr, Is.EqualTo(levels.PriceReturn.Values), "bit for bit");
        Assert.That(tr, Is.EqualTo(levels.TotalReturn.Values), "bit for bit");
        Assert.That(tr[^1], Is.Not.EqualTo(pr[^1]), "the dividends reach the total return");
    }

    [Test]
    public void StepPastTheCalendarIsAProgrammingError()
    {
        var universe = TestUniverses.Build(ThreeStocks);
        var state = IndexLevelCalculator.Start(universe, 5, [(0, 1.0)], 200);
        Assert.Throws<ArgumentOutOfRangeException>(() => IndexLevelCalculator.Step(universe, state, 5));
    }
}
