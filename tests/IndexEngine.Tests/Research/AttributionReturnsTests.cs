using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Methodology.Research;
using IndexEngine.Tests.Levels;
using NUnit.Framework;

namespace IndexEngine.Tests.Research;

/// <summary>Security returns for attribution are the level calculator's: contributions add up to the level's return.</summary>
public class AttributionReturnsTests
{
    private const double NaN = double.NaN;

    [Test]
    public void Without_dividends_a_contribution_is_the_weight_times_the_price_return()
    {
        var universe = TestUniverses.Build([[10, 11, 12], [20, 19, 18]]);
        var p = AttributionReturns.Of(universe, new LevelsConfig(200, 5), 0, 2, [(0, 0.5), (1, 0.5)]);
        Assert.That(p.Contributions[0], Is.EqualTo(0.5 * (12.0 / 10 - 1)).Within(1e-15));
        Assert.That(p.Contributions[1], Is.EqualTo(0.5 * (18.0 / 20 - 1)).Within(1e-15));
        Assert.That(p.LevelReturn, Is.EqualTo(0.05).Within(1e-15));
    }

    [Test]
    public void A_dividend_counts_where_it_is_paid_and_its_reinvestment_across_the_index_earns_in_every_holding()
    {
        // A pays 1 on day 1. Units: A 0.05, B 0.025 at level 1. Day 1: A earns 0.05·(11 − 10 + 1), B 0.025·(19 − 20);
        // the 0.05 of cash is reinvested across the index: every unit × s = 1 + 0.05 / 1.025. Day 2: A earns 0.05·s·(12 − 11),
        // B 0.025·s·(18 − 19).
        var universe = TestUniverses.Build([[10, 11, 12], [20, 19, 18]], dividends: [[0, 1, 0], [0, 0, 0]]);
        var p = AttributionReturns.Of(universe, new LevelsConfig(200, 5), 0, 2, [(0, 0.5), (1, 0.5)]);
        double s = 1 + 0.05 / 1.025;
        Assert.That(p.Contributions[0], Is.EqualTo(0.1 + 0.05 * s).Within(1e-15));
        Assert.That(p.Contributions[1], Is.EqualTo(-0.025 - 0.025 * s).Within(1e-15));
        Assert.That(p.LevelReturn, Is.EqualTo(s * (0.05 * 12 + 0.025 * 18) - 1).Within(1e-15));
        Assert.That(p.Contributions.Sum(), Is.EqualTo(p.LevelReturn).Within(1e-15));
    }

    [Test]
    public void A_removed_constituent_earns_up_to_its_last_close_and_the_contributions_add_up_to_the_calculators_level()
    {
        // C has no close after day 1: with max_stale_days 2 it is removed on day 4 at 52 and its value goes to A and B.
        double[][] closes = [[10, 11, 12, 11, 13, 14], [20, 19, 21, 22, 21, 23], [50, 52, NaN, NaN, NaN, NaN]];
        double[][] dividends = [[0, 0, 0.5, 0, 0, 0], [0, 0, 0, 0.3, 0, 0], [0, 0, 0, 0, 0, 0]];
        var universe = TestUniverses.Build(closes, dividends);
        var levels = new LevelsConfig(200, 2);
        (int, double)[] weights = [(0, 0.3), (1, 0.3), (2, 0.4)];
        var p = AttributionReturns.Of(universe, levels, 0, 5, weights);
        var calculated = IndexLevelCalculator.Calculate(universe, [new IndexRebalance(0, weights)], levels, 5);
        Assert.That(calculated.Removals.Select(r => (r.Id, r.DateIndex)), Is.EqualTo(new[] { ("C", 4) }), "the dangerous case happens");
        double levelReturn = calculated.TotalReturn.Values[^1] / calculated.TotalReturn.Values[0] - 1;
        Assert.That(p.LevelReturn, Is.EqualTo(levelReturn).Within(1e-14));
        Assert.That(p.Contributions.Sum(), Is.EqualTo(levelReturn).Within(1e-14));
        // C pays nothing; on days 2 and 3 it is carried at 52: the others' reinvested dividends give it units that earn
        // nothing at a close that does not move, so it earns exactly its price move to its last close.
        Assert.That(p.Contributions[2], Is.EqualTo(0.4 * (52.0 / 50 - 1)).Within(1e-15));
    }

    [Test]
    public void A_period_that_ends_where_it_starts_has_no_return() =>
        Assert.That(AttributionReturns.Of(TestUniverses.Build([[10, 11]]), new LevelsConfig(200, 5), 1, 1, [(0, 1.0)]).Contributions, Is.EqualTo(new[] { 0.0 }));

    [Test]
    public void An_end_before_the_start_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AttributionReturns.Of(TestUniverses.Build([[10, 11]]), new LevelsConfig(200, 5), 1, 0, [(0, 1.0)]));
}
