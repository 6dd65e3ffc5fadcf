using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;
using NUnit.Framework;

namespace IndexEngine.Tests.Methodology;

/// <summary>
/// METHODOLOGY §2–§8 end to end on a synthetic 60-security, 300-day universe: the invariants of the weights,
/// sector neutrality when no cap binds, bit-for-bit determinism and zero turnover against itself.
/// </summary>
[TestFixture]
public sealed class RebalancePipelineTests
{
    private const ulong Seed = 20240301;

    private static RebalanceResult Run(RebalanceInputs? inputs = null, params string[] overrides) =>
        RebalancePipeline.Run(SyntheticUniverse.Create(Seed), TestConfigs.Default(["universe.size=45", "selection.count=20", .. overrides]), inputs ?? new RebalanceInputs());

    [Test]
    public void Weights_are_non_negative_fully_invested_and_capped()
    {
        var result = Run(null, "weighting.security_cap=0.07");
        var weights = result.Constituents.Select(c => c.Weight).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Counts.Input, Is.EqualTo(60));
            Assert.That(result.Counts.Eligible, Is.InRange(46, 59), "a few securities fail a screen, most pass");
            Assert.That(result.Counts.StartingUniverse, Is.EqualTo(45));
            Assert.That(result.Constituents, Has.Count.EqualTo(20));
            Assert.That(weights, Is.All.GreaterThanOrEqualTo(0.0));
            Assert.That(weights.Sum(), Is.EqualTo(1.0).Within(1e-12));
            Assert.That(weights.Max(), Is.LessThanOrEqualTo(0.07 + 1e-12));
            Assert.That(weights.Count(w => Math.Abs(w - 0.07) <= 1e-12), Is.GreaterThan(0), "the cap binds in this case");
        }
    }

    [Test]
    public void U_is_the_largest_eligible_and_the_selection_the_best_positions()
    {
        var universe = SyntheticUniverse.Create(Seed);
        var result = RebalancePipeline.Run(universe, TestConfigs.Default("universe.size=45", "selection.count=20"), new RebalanceInputs());

        // An independent pass over the screens: everything eligible, sorted by cap.
        var history = new ScreeningView(universe, universe.DateCount - 1, result.Config.Technical);
        var returns = ReturnMatrix.ForAll(history);
        var failures = Eligibility.Screen(history, result.Config.Eligibility,
            Enumerable.Range(0, universe.SecurityCount).Select(returns.CountAvailable).ToArray(), 200);
        var expectedU = Enumerable.Range(0, universe.SecurityCount).Where(i => failures[i] == EligibilityFailure.None)
            .Select(i => universe.Securities[i]).OrderByDescending(s => s.MarketCap).ThenBy(s => s.Id, StringComparer.Ordinal).Take(45).Select(s => s.Id);

        Assert.That(result.Members.Select(m => m.Id), Is.EqualTo(expectedU));
        Assert.That(result.Constituents.Select(c => c.Position).Order(), Is.EqualTo(Enumerable.Range(1, 20)));
        // The constituents file order: weight descending, then id.
        Assert.That(result.Constituents, Is.Ordered.Descending.By(nameof(Constituent.Weight)));
    }

    [Test]
    public void Sector_weights_equal_their_targets_when_no_security_cap_binds()
    {
        var result = Run(null, "weighting.security_cap=1");
        using (Assert.EnterMultipleScope())
        {
            foreach (var sector in result.Sectors)
                Assert.That(sector.IndexWeight, Is.EqualTo(sector.Target).Within(1e-12), sector.Sector);
            Assert.That(result.Sectors.Sum(s => s.Target), Is.EqualTo(1.0).Within(1e-12));
            // Targets are the U cap weights renormalised over the represented sectors (§7.2).
            double represented = result.Sectors.Where(s => s.Selected > 0).Sum(s => s.UniverseWeight);
            foreach (var sector in result.Sectors)
                Assert.That(sector.Target, Is.EqualTo(sector.Selected > 0 ? sector.UniverseWeight / represented : 0).Within(1e-15), sector.Sector);
        }
    }

    [Test]
    public void Two_runs_are_equal_bit_for_bit()
    {
        var first = Run(null, "weighting.sector_cap=0.35");
        var second = Run(null, "weighting.sector_cap=0.35");

        static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.Constituents.Select(c => c.Security.Id), Is.EqualTo(first.Constituents.Select(c => c.Security.Id)));
            Assert.That(Bits(second.Constituents.Select(c => c.Weight)), Is.EqualTo(Bits(first.Constituents.Select(c => c.Weight))));
            Assert.That(Bits(second.Constituents.Select(c => c.WeightRaw)), Is.EqualTo(Bits(first.Constituents.Select(c => c.WeightRaw))));
            Assert.That(Bits(second.Scores.Composite), Is.EqualTo(Bits(first.Scores.Composite)));
            Assert.That(Bits(second.Scores.Cfs), Is.EqualTo(Bits(first.Scores.Cfs)));
            Assert.That(Bits(second.MemberVolatility), Is.EqualTo(Bits(first.MemberVolatility)));
            Assert.That(Bits(second.Sectors.Select(s => s.Target)), Is.EqualTo(Bits(first.Sectors.Select(s => s.Target))));
            Assert.That(second.Selection.Position, Is.EqualTo(first.Selection.Position));
            Assert.That(second.Warnings, Is.EqualTo(first.Warnings));
        }
    }

    [Test]
    public void Turnover_of_the_index_against_itself_is_zero()
    {
        var first = Run();
        var again = Run(new RebalanceInputs(TurnoverReference: first.Weights));
        Assert.That(again.Turnover, Is.Zero);
        Assert.That(again.Adds, Is.Empty);
        Assert.That(again.Drops, Is.Empty);

        // As the current index with a buffer: every member is kept (pos <= 20 <= B), so the index is unchanged.
        var buffered = Run(new RebalanceInputs(Previous: new PreviousIndex(first.Weights)), "selection.buffer_rank=30");
        Assert.That(buffered.Turnover, Is.Zero);
        Assert.That(buffered.Selection.BufferKept, Is.EqualTo(20));
        Assert.That(first.Turnover, Is.Null, "no reference, no turnover");
    }

    [Test]
    public void A_selection_the_universe_cannot_fill_is_an_input_error_and_a_cap_below_one_over_n_a_config_error()
    {
        Assert.Throws<InputException>(() => Run(null, "selection.count=46"));
        // 0.1 of |U| = 45 is 4.5 -> 5 securities; a 0.1 cap needs 10.
        var error = Assert.Throws<ConfigException>(() => Run(null, "selection.fraction=0.1", "weighting.security_cap=0.1"));
        Assert.That(error!.Key, Is.EqualTo("weighting.security_cap"));
        Assert.That(Run(null, "selection.fraction=0.1", "weighting.security_cap=0.2").Constituents, Has.Count.EqualTo(5));
    }
}
