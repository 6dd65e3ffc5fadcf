using IndexEngine.Core.Methodology;

namespace IndexEngine.Tests.Methodology;

/// <summary>§5.3/§5.5: scores that are mathematically equal but differ in the last bits tie.</summary>
[TestFixture]
public sealed class NearTieRankingTests
{
    [Test]
    public void Scores_differing_only_by_rounding_share_their_average_rank()
    {
        double a = 0.1 + 0.2; // 0.30000000000000004
        Assert.That(a, Is.Not.EqualTo(0.3), "the premise: rounding split the tie");
        var ranks = new double[4];
        ScoringKernels.PercentileRankMergingNearTies([a, 0.3, 0.5, double.NaN], ranks);
        // Positions 1 and 2 tie at R = 1.5 of n = 3: (1.5 - 1) / 2 = 0.25; 0.5 is the best.
        Assert.That(ranks[..3], Is.EqualTo(new[] { 0.25, 0.25, 1.0 }));
        Assert.That(ranks[3], Is.NaN);
    }

    [Test]
    public void Composites_of_mathematically_equal_rank_sums_tie()
    {
        // Two factors, equal weights, n = 7: P = k/6. (0 + 5)/12 and (1 + 4)/12 are the same composite 5/12,
        // but 0.5·(0/6) + 0.5·(5/6) = 0.4166666666666667 while 0.5·(1/6) + 0.5·(4/6) = 0.41666666666666663.
        double[] p1 = [0.0, 1.0 / 6, 1.0, 0.5];
        double[] p2 = [5.0 / 6, 4.0 / 6, 1.0, 0.0];
        var composite = new double[4];
        ScoringKernels.WeightedRowMean([p1, p2], [0.5, 0.5], composite);
        Assert.That(composite[0], Is.Not.EqualTo(composite[1]), "the premise: floating point split the tie");
        var cfs = new double[4];
        ScoringKernels.PercentileRankMergingNearTies(composite, cfs);
        // Composites 5/12, 5/12, 1, 1/4: 1/4 is worst (0), the pair shares positions 2 and 3 (R = 2.5 -> 0.5), 1 is best.
        Assert.That(cfs, Is.EqualTo(new[] { 0.5, 0.5, 1.0, 0.0 }));
    }

    [Test]
    public void Agrees_with_a_sort_based_reference_on_random_scores_with_injected_near_ties([Values(0, 1, 2, 3, 4)] int seed)
    {
        var random = new Random(seed);
        for (int round = 0; round < 200; round++)
        {
            int n = random.Next(0, 120);
            var values = new double[n];
            for (int i = 0; i < n; i++)
            {
                values[i] = random.Next(10) switch
                {
                    0 => double.NaN,
                    1 or 2 when i > 0 => values[random.Next(i)] is var v && !double.IsNaN(v) ? BitIncrement(v, random.Next(-3, 4)) : 0.5,
                    3 when i > 0 => values[random.Next(i)],
                    _ => Math.Round(random.NextDouble(), 3),
                };
            }
            var actual = new double[n];
            ScoringKernels.PercentileRankMergingNearTies(values, actual);
            Assert.That(actual, Is.EqualTo(Reference(values)), $"seed {seed} round {round}: [{string.Join(", ", values.Select(v => v.ToString("R")))}]");
        }
    }

    private static double BitIncrement(double v, int steps)
    {
        for (int s = 0; s < Math.Abs(steps); s++) v = steps > 0 ? Math.BitIncrement(v) : Math.BitDecrement(v);
        return v;
    }

    /// <summary>Straightforward: sort, group neighbours within the tolerance of the group's first value, average.</summary>
    private static double[] Reference(double[] values)
    {
        var ranks = Enumerable.Repeat(double.NaN, values.Length).ToArray();
        var order = Enumerable.Range(0, values.Length).Where(i => !double.IsNaN(values[i])).OrderBy(i => values[i]).ToArray();
        int n = order.Length;
        for (int first = 0; first < n;)
        {
            double anchor = values[order[first]];
            int last = first;
            while (last + 1 < n && values[order[last + 1]] - anchor <= ScoringKernels.TieTolerance * Math.Max(1, Math.Abs(anchor))) last++;
            double r = (first + 1 + last + 1) / 2.0;
            for (int k = first; k <= last; k++) ranks[order[k]] = n == 1 ? 0.5 : (r - 1) / (n - 1);
            first = last + 1;
        }
        return ranks;
    }
}
