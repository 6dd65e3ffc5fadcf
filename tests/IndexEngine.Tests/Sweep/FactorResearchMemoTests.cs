using IndexEngine.Core.Methodology;
using IndexEngine.Core.Methodology.Research;
using IndexEngine.Core.Model;
using IndexEngine.Tests.Methodology;
using NUnit.Framework;

namespace IndexEngine.Tests.Sweep;

/// <summary>A sweep computes a variant's factor diagnostics once per distinct input: variants that differ only where the
/// diagnostics do not read share them, any change to what they read computes them again, and a shared result is
/// exactly the one computed alone.</summary>
public class FactorResearchMemoTests
{
    private static Lazy<Universe> Shipped => SweepRunnerTests.Shipped;
    private static DateOnly From => SweepRunnerTests.From;
    private static DateOnly To => SweepRunnerTests.To;

    private static BacktestResult Run(params string[] changes) => Backtest.Run(Shipped.Value, TestConfigs.Default(changes), From, To, null);

    [Test]
    public void Variants_differing_in_selection_or_weighting_share_one_computation_equal_to_the_diagnostics_computed_alone()
    {
        var memo = new FactorResearchMemo(Shipped.Value);
        var config = TestConfigs.Default();
        var first = memo.Of(Run().Steps, config.Technical);
        var other = Run("selection.count=150", "weighting.cfs_share=0.8");
        var shared = memo.Of(other.Steps, config.Technical);
        Assert.That(shared, Is.SameAs(first));

        var alone = FactorResearch.Of(Shipped.Value, other.Steps, config.Technical);
        Assert.That(Text(shared), Is.EqualTo(Text(alone)));
    }

    [TestCase("scoring.factor_weights.momentum=0.5")] // the CFS changes
    [TestCase("scoring.z_clip=2.5")] // the factor ranks change
    [TestCase("technical.close_fallback_days=0")] // the forward returns read closes differently
    public void A_change_to_what_the_diagnostics_read_computes_them_again(string change)
    {
        var memo = new FactorResearchMemo(Shipped.Value);
        var baseline = TestConfigs.Default();
        var changed = TestConfigs.Default(change);
        var first = memo.Of(Run().Steps, baseline.Technical);
        var second = memo.Of(Backtest.Run(Shipped.Value, changed, From, To, null).Steps, changed.Technical);
        Assert.That(second, Is.Not.SameAs(first));
        Assert.That(Text(second), Is.Not.EqualTo(Text(first)), "the change must change the diagnostics, or this test proves nothing");
    }

    [Test]
    public void The_memo_keeps_only_its_capacity_of_distinct_inputs()
    {
        var memo = new FactorResearchMemo(Shipped.Value, capacity: 1);
        var technical = TestConfigs.Default().Technical;
        var a = Run().Steps;
        var b = Run("scoring.factor_weights.momentum=0.5").Steps;
        var first = memo.Of(a, technical);
        memo.Of(b, technical);
        Assert.That(memo.Of(a, technical), Is.Not.SameAs(first), "evicted by the second input");
    }

    private static string Text(FactorResearch research) =>
        string.Join("\n", research.Ics.Select(i => $"{i.Screening} {i.Factor} {i.Horizon} {i.Ic:R} {i.N}"))
        + string.Join("\n", research.Quantiles.Select(q => $"{q.Screening} {q.Factor} {q.Quantile} {q.Return:R} {q.N}"))
        + string.Join("\n", research.Autocorrelations.Select(a => $"{a.Screening} {a.Factor} {a.Autocorrelation:R}"))
        + string.Join(",", research.Correlations.Correlation.Cast<double>().Select(c => c.ToString("R")));
}
