using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using NUnit.Framework;

namespace IndexEngine.Tests.Methodology;

/// <summary>
/// METHODOLOGY §5 on an 8-stock example A..H in the spirit of the methodology's CFS description: z-scores,
/// factor scores, factor ranks with ties, the weighted composite and the CFS.
/// </summary>
[TestFixture]
public sealed class CompositeScoringTests
{
    private const double N = double.NaN;
    private const int A = 0, B = 1, C = 2, D = 3, E = 4, F = 5, G = 6, H = 7;

    // value:    ey (H missing), bp, sparse (2 values: missing for all)
    // quality:  roe (E missing, C and D tie), flat (all equal: zero variance, missing for all)
    // momentum: mom (G missing)
    // low_corr: corr, direction -1 (G missing) -> G has only value and quality: 2 factors, no composite
    private static readonly Dictionary<string, double[]> Values = new()
    {
        ["ey"] = [1, 2, 3, 4, 5, 6, 7, N],
        ["bp"] = [2, 1, 4, 3, 6, 5, 8, 7],
        ["sparse"] = [10, 20, N, N, N, N, N, N],
        ["roe"] = [0.10, 0.30, 0.20, 0.20, N, 0.05, 0.15, 0.25],
        ["flat"] = [5, 5, 5, 5, 5, 5, 5, 5],
        ["mom"] = [0.5, -0.2, 0.9, 0.1, 0.3, -0.5, N, 0.7],
        ["corr"] = [0.6, 0.4, 0.7, 0.3, 0.5, 0.2, N, 0.8],
    };

    private static FactorDefinition[] Factors(double value = 0.25, double quality = 0.25, double momentum = 0.25, double lowCorrelation = 0.25) =>
    [
        new("value", value, [new("ey", 1, 1), new("bp", 1, 1), new("sparse", 1, 1)]),
        new("quality", quality, [new("roe", 1, 1), new("flat", 1, 1)]),
        new("momentum", momentum, [new("mom", 1, 1)]),
        new("low_correlation", lowCorrelation, [new("corr", -1, 1)]),
    ];

    private static readonly ScoringConfig Default = new(ZClip: 3, MinMetricCount: 3, MinFactors: 3);

    [Test]
    public void Metric_z_scores_and_factor_scores()
    {
        var scores = CompositeScoring.Score(Values, Factors(), Default, 8);

        // ey over A..G: mean 4, squared deviations 9+4+1+0+1+4+9 = 28, s = sqrt(28/6).
        // bp over A..H: mean 4.5, squared deviations 6.25+12.25+0.25+2.25+2.25+0.25+12.25+6.25 = 42, s = sqrt(6).
        double sEy = Math.Sqrt(28.0 / 6.0), sBp = Math.Sqrt(6.0);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(scores.ZScores["ey"][A], Is.EqualTo(-3 / sEy).Within(1e-15)); // -1.3887
            Assert.That(scores.ZScores["ey"][D], Is.Zero);
            Assert.That(scores.ZScores["ey"][H], Is.NaN);
            Assert.That(scores.ZScores["bp"][G], Is.EqualTo(3.5 / sBp).Within(1e-15)); // 1.4289
            // corr: mean 3.5/7 = 0.5, direction -1: the highest correlation gets the lowest z.
            Assert.That(scores.ZScores["corr"][H], Is.LessThan(0));
            Assert.That(scores.ZScores["corr"][E], Is.EqualTo(0).Within(1e-15));
            Assert.That(scores.ZScores["sparse"], Is.All.NaN, "2 values < min_metric_count 3");
            Assert.That(scores.ZScores["flat"], Is.All.NaN, "zero variance");
            Assert.That(scores.Warnings, Has.Count.EqualTo(2));
            Assert.That(scores.Warnings, Has.Some.Contains("sparse").And.Some.Contains("flat"));

            // value = mean of the available z: A = (-3/sEy - 2.5/sBp) / 2 = (-1.3887 - 1.0206) / 2 = -1.2047;
            // H has no ey, so value(H) = z_bp(H) = 2.5 / sqrt(6) = 1.0206.
            Assert.That(scores.FactorScores["value"][A], Is.EqualTo((-3 / sEy - 2.5 / sBp) / 2).Within(1e-15));
            Assert.That(scores.FactorScores["value"][H], Is.EqualTo(2.5 / sBp).Within(1e-15));
            Assert.That(scores.FactorScores["quality"][E], Is.NaN, "E has no quality metric left");
        }
    }

    [Test]
    public void Factor_ranks_with_ties_and_missing_values()
    {
        var scores = CompositeScoring.Score(Values, Factors(), Default, 8);
        using (Assert.EnterMultipleScope())
        {
            // value ascending: A -1.2047 < B -1.1773 < C -0.3335 < D -0.3062 < E 0.5376 < F 0.5650 < H 1.0206 < G 1.4088
            // -> ranks 1..8, P = (R - 1) / 7.
            Assert.That(scores.FactorRanks["value"], Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5, 7, 6 }.Select(r => r / 7.0)).Within(1e-15));
            // roe ascending over 7 (E missing): F .05, A .10, G .15, C = D .20 (ranks 4 and 5 -> 4.5), H .25, B .30.
            // P = (R - 1) / 6: F 0, A 1/6, G 2/6, C = D 3.5/6, H 5/6, B 1.
            Assert.That(scores.FactorRanks["quality"], Is.EqualTo(new[] { 1, 6, 3.5, 3.5, N, 0, 2, 5 }.Select(r => r / 6.0)).Within(1e-15));
            // mom ascending over 7 (G missing): F, B, D, E, A, H, C.
            Assert.That(scores.FactorRanks["momentum"], Is.EqualTo(new[] { 4, 1, 6, 2, 3, 0, N, 5 }.Select(r => r / 6.0)).Within(1e-15));
            // corr descending (direction -1) over 7: H .8 worst, C, A, E, B, D, F .2 best.
            Assert.That(scores.FactorRanks["low_correlation"], Is.EqualTo(new[] { 2, 4, 1, 5, 3, 6, N, 0 }.Select(r => r / 6.0)).Within(1e-15));
            Assert.That(scores.AvailableFactors, Is.EqualTo(new[] { 4, 4, 4, 4, 3, 4, 2, 4 }));
        }
    }

    [Test]
    public void Composite_and_cfs_with_equal_factor_weights()
    {
        var scores = CompositeScoring.Score(Values, Factors(), Default, 8);

        // C = mean of the available factor ranks (equal weights):
        // A (0 + 1/6 + 4/6 + 2/6) / 4 = 7/24        = 0.2917
        // B (1/7 + 1 + 1/6 + 4/6) / 4 = 83/168      = 0.4940
        // C (2/7 + 3.5/6 + 1 + 1/6) / 4 = 57/112    = 0.5089
        // D (3/7 + 3.5/6 + 2/6 + 5/6) / 4 = 61/112  = 0.5446
        // E (4/7 + 3/6 + 3/6) / 3 = 11/21           = 0.5238  (quality missing: renormalised over 3 factors)
        // F (5/7 + 0 + 0 + 1) / 4 = 3/7             = 0.4286
        // G 2 factors < min_factors 3: no composite
        // H (6/7 + 5/6 + 5/6 + 0) / 4 = 53/84       = 0.6310
        double[] composite = [7.0 / 24, 83.0 / 168, 57.0 / 112, 61.0 / 112, 11.0 / 21, 3.0 / 7, N, 53.0 / 84];
        // CFS: ascending A < F < B < C < E < D < H, P = (R - 1) / 6.
        double[] cfs = [0, 2.0 / 6, 3.0 / 6, 5.0 / 6, 4.0 / 6, 1.0 / 6, N, 1];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(scores.Composite, Is.EqualTo(composite).Within(1e-15));
            Assert.That(scores.Cfs, Is.EqualTo(cfs).Within(1e-15));
            var ranked = scores.Cfs.Where(c => !double.IsNaN(c)).ToArray();
            Assert.That(ranked, Is.All.InRange(0.0, 1.0));
            Assert.That(ranked.Count(c => c == 1.0), Is.EqualTo(1));
            Assert.That(ranked.Count(c => c == 0.0), Is.EqualTo(1));
        }
    }

    [Test]
    public void Factor_weights_weigh_the_composite_and_renormalise_over_available_factors()
    {
        var scores = CompositeScoring.Score(Values, Factors(value: 0.4, quality: 0.2, momentum: 0.2, lowCorrelation: 0.2), Default, 8);

        // A 0.4·0 + 0.2·(1/6 + 4/6 + 2/6)                 = 7/30    = 0.2333
        // B 0.4/7 + 0.2·(1 + 1/6 + 4/6)                   = 89/210  = 0.4238
        // C 0.4·2/7 + 0.2·(3.5/6 + 1 + 1/6)               = 13/28   = 0.4643
        // D 0.4·3/7 + 0.2·(3.5/6 + 2/6 + 5/6)             = 73/140  = 0.5214
        // E (0.4·4/7 + 0.2·1/2 + 0.2·1/2) / (0.4 + 0.2 + 0.2) = (3/7) / 0.8 = 15/28 = 0.5357
        // F 0.4·5/7 + 0.2·(0 + 0 + 1)                     = 17/35   = 0.4857
        // H 0.4·6/7 + 0.2·(5/6 + 5/6 + 0)                 = 71/105  = 0.6762
        double[] composite = [7.0 / 30, 89.0 / 210, 13.0 / 28, 73.0 / 140, 15.0 / 28, 17.0 / 35, N, 71.0 / 105];
        // Ascending A < B < C < F < D < E < H: F and E move up against the equal-weight case.
        double[] cfs = [0, 1.0 / 6, 2.0 / 6, 4.0 / 6, 5.0 / 6, 3.0 / 6, N, 1];
        Assert.That(scores.Composite, Is.EqualTo(composite).Within(1e-15));
        Assert.That(scores.Cfs, Is.EqualTo(cfs).Within(1e-15));
    }

    [Test]
    public void Min_factors_decides_who_has_a_composite()
    {
        var scores = CompositeScoring.Score(Values, Factors(), Default with { MinFactors = 2 }, 8);
        // G: value rank 1 and quality rank 2/6 -> (1 + 1/3) / 2 = 2/3.
        Assert.That(scores.Composite[G], Is.EqualTo(2.0 / 3).Within(1e-15));
        Assert.That(scores.Cfs.Count(c => !double.IsNaN(c)), Is.EqualTo(8));
    }

    [Test]
    public void Z_scores_are_clipped_at_plus_and_minus_three()
    {
        // Eleven 0s and one 1: mean 1/12; squared deviations 11·(1/12)² + (11/12)² = 132/144; s² = (132/144)/11 = 1/12.
        // z(1) = (11/12) · sqrt(12) = 11/sqrt(12) = 3.175 -> clipped to 3; z(0) = -(1/12) · sqrt(12) = -0.2887.
        var values = new double[12];
        values[5] = 1;
        var up = CompositeScoring.MetricZScores(values, 1, Default, out var reason);
        var down = CompositeScoring.MetricZScores(values, -1, Default, out _);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reason, Is.Null);
            Assert.That(up[5], Is.EqualTo(3.0));
            Assert.That(up[0], Is.EqualTo(-1 / Math.Sqrt(12)).Within(1e-15));
            Assert.That(down[5], Is.EqualTo(-3.0));
            Assert.That(down[0], Is.EqualTo(1 / Math.Sqrt(12)).Within(1e-15));
            var wider = CompositeScoring.MetricZScores(values, 1, Default with { ZClip = 4 }, out _);
            Assert.That(wider[5], Is.EqualTo(11 / Math.Sqrt(12)).Within(1e-14), "scoring.z_clip is the clip");
        }
    }

    [Test]
    public void A_metric_with_fewer_than_three_values_is_missing_for_everyone()
    {
        double[] values = [1, N, 4, N];
        var z = CompositeScoring.MetricZScores(values, 1, Default, out var reason);
        Assert.That(z, Is.All.NaN);
        Assert.That(reason, Does.Contain("2 values"));
        // With min_metric_count 2 the same two values are scored: mean 2.5, s = sqrt(4.5) -> ∓1.5 / 2.1213 = ∓0.7071.
        var two = CompositeScoring.MetricZScores(values, 1, Default with { MinMetricCount = 2 }, out _);
        Assert.That(two[0], Is.EqualTo(-Math.Sqrt(0.5)).Within(1e-15));
        Assert.That(two[2], Is.EqualTo(Math.Sqrt(0.5)).Within(1e-15));
    }

    [Test]
    public void A_single_security_with_a_composite_gets_cfs_one_half()
    {
        // m1 exists for A, B, C; m2 for A, B, D; m3 for A, C, D: only A has all three factors.
        var values = new Dictionary<string, double[]>
        {
            ["m1"] = [1, 2, 3, N],
            ["m2"] = [1, 2, N, 3],
            ["m3"] = [1, N, 2, 3],
        };
        FactorDefinition[] factors =
        [
            new("f1", 1, [new("m1", 1, 1)]), new("f2", 1, [new("m2", 1, 1)]), new("f3", 1, [new("m3", 1, 1)]),
        ];
        var scores = CompositeScoring.Score(values, factors, Default, 4);
        Assert.That(scores.Cfs, Is.EqualTo(new[] { 0.5, N, N, N }));
    }

    [Test]
    public void Metric_weights_weigh_the_factor_score()
    {
        // value with ey weight 3 and bp weight 1: A = (3·z_ey + 1·z_bp) / 4.
        FactorDefinition[] factors = [new("value", 1, [new("ey", 1, 3), new("bp", 1, 1)])];
        var scores = CompositeScoring.Score(Values, factors, Default with { MinFactors = 1 }, 8);
        double zEy = -3 / Math.Sqrt(28.0 / 6.0), zBp = -2.5 / Math.Sqrt(6.0);
        Assert.That(scores.FactorScores["value"][A], Is.EqualTo((3 * zEy + zBp) / 4).Within(1e-15));
        Assert.That(scores.FactorScores["value"][H], Is.EqualTo(2.5 / Math.Sqrt(6.0)).Within(1e-15), "renormalised over bp alone");
    }
}
