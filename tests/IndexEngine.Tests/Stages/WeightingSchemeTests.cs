using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using NUnit.Framework;

namespace IndexEngine.Tests.Stages;

/// <summary>The weighting stage: <c>multifactor</c> (§7), <c>equal</c> and <c>cap</c>, by hand.</summary>
[TestFixture]
public sealed class WeightingSchemeTests
{
    private static WeightingInputs Inputs(string[] sectors, double[] caps, double[]? cfs = null, double[]? vol = null) =>
        new(sectors, caps, cfs ?? caps.Select(_ => 0.5).ToArray(), vol ?? caps.Select(_ => 0.2).ToArray(),
            sectors.Distinct().Select(s => new SectorTarget(s, 1.0 / sectors.Distinct().Count(), 1.0 / sectors.Distinct().Count(), sectors.Count(x => x == s))).ToArray());

    [Test]
    public void Equal_gives_each_of_N_one_over_N_and_the_cap_cannot_bind()
    {
        var outcome = new EqualWeighting(0.25).Weigh(Inputs(["A", "A", "B", "C"], [40, 30, 20, 10]));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Weights, Is.EqualTo(new[] { 0.25, 0.25, 0.25, 0.25 }));
            Assert.That(outcome.Raw.Raw, Is.EqualTo(new[] { 0.25, 0.25, 0.25, 0.25 }));
            Assert.That(outcome.CapIterations, Is.Zero, "cap × N = 1: every member at the cap, none above");
        }
    }

    [Test]
    public void Equal_ignores_scores_volatility_and_sector_targets()
    {
        // Three members, two in Energy: sector neutrality would give Energy 1/2, equal weight gives it 2/3.
        var outcome = new EqualWeighting(0.5).Weigh(Inputs(["Energy", "Energy", "Utilities"], [1, 2, 3], cfs: [0.9, 0.1, 0.5], vol: [0.1, 0.4, 0.3]));
        Assert.That(outcome.Weights, Is.EqualTo(new[] { 1.0 / 3, 1.0 / 3, 1.0 / 3 }).Within(1e-15));
    }

    [Test]
    public void Cap_weighs_by_market_cap_and_the_security_cap_keeps_the_excess_in_its_sector()
    {
        // Caps 60, 25, 15 → 0.6, 0.25, 0.15. Cap 0.5: the first gives 0.1 to the only uncapped member of its
        // sector A (0.25 → 0.35); B's 0.15 is untouched.
        var outcome = new CapWeighting(0.5).Weigh(Inputs(["A", "A", "B"], [60, 25, 15]));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Raw.Raw, Is.EqualTo(new[] { 0.6, 0.25, 0.15 }).Within(1e-15));
            Assert.That(outcome.Weights, Is.EqualTo(new[] { 0.5, 0.35, 0.15 }).Within(1e-15));
            Assert.That(outcome.CapIterations, Is.EqualTo(1));
        }
    }

    [Test]
    public void Cap_with_a_cap_of_one_is_pure_cap_weight()
    {
        var outcome = new CapWeighting(1).Weigh(Inputs(["A", "B", "C", "D"], [50, 25, 15, 10]));
        Assert.That(outcome.Weights, Is.EqualTo(new[] { 0.5, 0.25, 0.15, 0.1 }).Within(1e-15));
    }

    [Test]
    public void Multifactor_is_the_cfs_and_inverse_volatility_blend_then_sector_neutrality()
    {
        // CFS 2, 1 → a = 2/3, 1/3; vol 0.1, 0.2 → 1/vol = 10, 5 → b = 2/3, 1/3; λ = 0.5 → raw = 2/3, 1/3.
        // One sector with target 1: neutrality leaves them; cap 1 does not bind.
        var outcome = new MultifactorWeighting(0.5, null, 1).Weigh(Inputs(["A", "A"], [1, 1], cfs: [2, 1], vol: [0.1, 0.2]));
        Assert.That(outcome.Weights, Is.EqualTo(new[] { 2.0 / 3, 1.0 / 3 }).Within(1e-15));

        // Two sectors with targets 1/2 each and raw 2/3, 1/3: each sector is scaled to its target.
        var neutral = new MultifactorWeighting(0.5, null, 1).Weigh(Inputs(["A", "B"], [1, 1], cfs: [2, 1], vol: [0.1, 0.2]));
        Assert.That(neutral.Weights, Is.EqualTo(new[] { 0.5, 0.5 }).Within(1e-15));
    }

    [Test]
    public void The_config_key_chooses_the_scheme_with_its_parameters()
    {
        var config = new WeightingConfig(0.3, 0.4, 0.05);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(WeightingSchemes.For(config), Is.EqualTo(new MultifactorWeighting(0.3, 0.4, 0.05)), "multifactor is the default");
            Assert.That(WeightingSchemes.For(config with { Scheme = WeightingScheme.Equal }), Is.EqualTo(new EqualWeighting(0.05)));
            Assert.That(WeightingSchemes.For(config with { Scheme = WeightingScheme.Cap }), Is.EqualTo(new CapWeighting(0.05)));
        }
    }
}

/// <summary><c>modified_equal</c> by hand.</summary>
[TestFixture]
public sealed class ModifiedEqualWeightingTests
{
    [Test]
    public void Equal_within_sectors_and_sectors_at_their_targets_then_the_cap()
    {
        // Three members, A A B; U's sector weights 0.6 and 0.4. Raw 1/3 each; A's two share 0.6 → 0.3 each, B's one 0.4.
        var targets = new[] { new SectorTarget("A", 0.6, 0.6, 2), new SectorTarget("B", 0.4, 0.4, 1) };
        var inputs = new WeightingInputs(["A", "A", "B"], [1, 2, 3], [0.5, 0.5, 0.5], [0.2, 0.2, 0.2], targets);
        var outcome = new ModifiedEqualWeighting(0.5).Weigh(inputs);
        Assert.That(outcome.Weights, Is.EqualTo(new[] { 0.3, 0.3, 0.4 }).Within(1e-15));
        Assert.That(outcome.CapIterations, Is.Zero);

        // A cap of 0.35 binds on B, whose sector has no other member: its 0.05 goes to A's two in proportion → 0.325 each.
        var capped = new ModifiedEqualWeighting(0.35).Weigh(inputs);
        Assert.That(capped.Weights, Is.EqualTo(new[] { 0.325, 0.325, 0.35 }).Within(1e-15));
        Assert.That(WeightingSchemes.For(new WeightingConfig(0.5, null, 0.05) { Scheme = IndexEngine.Core.Configuration.WeightingScheme.ModifiedEqual }),
            Is.EqualTo(new ModifiedEqualWeighting(0.05)));
    }
}
