using IndexEngine.Core.Methodology.Research;
using IndexEngine.Core.Model;
using NUnit.Framework;

namespace IndexEngine.Tests.Research;

/// <summary>The weighted means behind the factor exposures and the size deciles of U, by hand.</summary>
public class AttributionExposureTests
{
    [Test]
    public void A_weighted_mean_leaves_out_missing_scores_and_renormalises_over_the_rest()
    {
        var (mean, coverage) = Exposures.WeightedMean([(0.5, 1.0), (0.3, double.NaN), (0.2, -1.0)]);
        Assert.That(mean, Is.EqualTo(0.3 / 0.7).Within(1e-15));
        Assert.That(coverage, Is.EqualTo(0.7).Within(1e-15));
        Assert.That(Exposures.WeightedMean([(1.0, double.NaN)]).Mean, Is.NaN);
    }

    [Test]
    public void Averages_are_over_the_rebalances_where_both_sides_have_a_score()
    {
        var d = new DateOnly(2017, 2, 28);
        var summary = Exposures.Average(
        [
            new(d, "value", 0.5, 0.1, 1, 1), new(d.AddDays(92), "value", 0.3, -0.1, 1, 1),
            new(d.AddDays(184), "value", double.NaN, 0.2, 0, 1),
        ]).Single();
        Assert.That((summary.Factor, summary.Rebalances), Is.EqualTo(("value", 2)));
        Assert.That(summary.Index, Is.EqualTo(0.4).Within(1e-15));
        Assert.That(summary.Benchmark, Is.EqualTo(0.0).Within(1e-15));
        Assert.That(summary.Active, Is.EqualTo(0.4).Within(1e-15));
    }

    [Test]
    public void Size_deciles_cut_U_by_cap_largest_first_ties_by_id_larger_groups_first()
    {
        // 12 members: deciles of 2, 2, then 1 each; K and L tie on cap and are ordered by id.
        double[] caps = [120, 110, 100, 90, 80, 70, 60, 50, 40, 30, 5, 5];
        var members = caps.Select((c, k) => new Security(((char)('A' + k)).ToString(), "n", "s", "US", "common", c))
            .Reverse().ToArray(); // the order of U does not matter
        var decile = Exposures.SizeDeciles(members);
        var byId = members.Select((m, u) => (m.Id, decile[u])).OrderBy(x => x.Id, StringComparer.Ordinal).Select(x => x.Item2);
        Assert.That(byId, Is.EqualTo(new[] { 1, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10 }));
        Assert.That(Exposures.SizeDeciles(members.Take(3).ToArray()), Is.EqualTo(new[] { 3, 2, 1 }), "fewer than 10: the trailing deciles stay empty");
    }
}
