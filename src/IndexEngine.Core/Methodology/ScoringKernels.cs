using System.Buffers;
using System.Runtime.CompilerServices;
using IndexEngine.Scoring;

namespace IndexEngine.Core.Methodology;

/// <summary>The numeric kernels the scoring rules run on: the SIMD kernels of IndexEngine.Scoring, plus the
/// merging of ties that floating point split.</summary>
internal static class ScoringKernels
{
    /// <summary>
    /// Composites closer than this (relative to their magnitude, at least 1) are the same score. Composites of
    /// ranks that are mathematically equal, e.g. 0.5·0.4 + 0.5·0.4 and 0.5·0.3 + 0.5·0.5, can differ in the
    /// last bit depending on the terms; the methodology ranks ties by their average rank, so they must tie.
    /// Distinct scores differ by far more (composites by at least ~1/(2n) of a factor weight).
    /// </summary>
    public const double TieTolerance = 1e-12;

    /// <summary>§5.3 percentile rank with average ties (exact equality: factor scores are continuous).</summary>
    public static void PercentileRank(ReadOnlySpan<double> values, Span<double> ranks) => Ranking.PercentileRank(values, ranks);

    /// <summary>§5.5 percentile rank of composites, treating composites within <see cref="TieTolerance"/> as tied.</summary>
    public static void PercentileRankMergingNearTies(ReadOnlySpan<double> values, Span<double> ranks)
    {
        Ranking.PercentileRank(values, ranks);
        MergeNearTies(values, ranks);
    }

    /// <summary>
    /// The exact ranks give the sorted order for free (2·(R-1) is an integer), so near-ties are found by one
    /// counting pass over neighbours instead of another sort; groups that merge get their average rank.
    /// </summary>
    // A run ranks composites once: without this the first, unoptimised compilation is the one that runs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MergeNearTies(ReadOnlySpan<double> values, Span<double> ranks)
    {
        int n = Moments.CountValid(values);
        if (n < 2) return;

        // Bucket every ranked element by twice its 0-based average position, 2·(R-1) = first + last:
        // tie groups share a bucket and buckets follow the sorted order.
        int buckets = 2 * (n - 1) + 1;
        int[] rented = ArrayPool<int>.Shared.Rent(buckets + 1 + n);
        try
        {
            var next = rented.AsSpan(0, buckets + 1);
            var order = rented.AsSpan(buckets + 1, n);
            next.Clear();
            double scale = 2.0 * (n - 1);
            for (int i = 0; i < values.Length; i++)
                if (!double.IsNaN(values[i])) next[(int)(ranks[i] * scale + 0.5) + 1]++;
            for (int b = 0; b < buckets; b++) next[b + 1] += next[b];
            for (int i = 0; i < values.Length; i++)
                if (!double.IsNaN(values[i])) order[next[(int)(ranks[i] * scale + 0.5)]++] = i;

            for (int first = 0; first < n;)
            {
                double anchor = values[order[first]];
                double tolerance = TieTolerance * Math.Max(1.0, Math.Abs(anchor));
                int last = first;
                while (last + 1 < n && values[order[last + 1]] - anchor <= tolerance) last++;
                if (values[order[last]] != anchor)
                {
                    // 1-based positions first+1..last+1 share their average, as in the exact kernel.
                    double rank = (first + 1 + (last + 1)) / 2.0;
                    for (int k = first; k <= last; k++) ranks[order[k]] = (rank - 1) / (n - 1);
                }
                first = last + 1;
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    public static void MeanAndSampleStd(ReadOnlySpan<double> values, out int count, out double mean, out double std) =>
        Moments.MeanAndSampleStd(values, out count, out mean, out std);

    public static void ZScores(ReadOnlySpan<double> values, double mean, double std, int direction, double clip, Span<double> result) =>
        Standardization.ZScores(values, mean, std, direction, clip, result);

    /// <summary>Values beyond 2^±400 (in magnitude) square out of double range: the sums of a mean and a standard
    /// deviation overflow to infinity or lose all precision.</summary>
    private const int SafeExponent = 400;

    /// <summary>
    /// The values unchanged when their largest magnitude is within 2^±<see cref="SafeExponent"/>, else a copy
    /// scaled by a power of two that brings the largest into [1, 2). Scaling by a power of two is exact, so any
    /// scale-invariant result (a z-score, a weighted mean's weights) is the same as with unbounded precision, and
    /// ordinary data is not touched at all.
    /// </summary>
    public static ReadOnlySpan<double> ScaledIntoSafeRange(ReadOnlySpan<double> values)
    {
        double max = 0;
        foreach (var x in values)
            if (Math.Abs(x) > max) max = Math.Abs(x); // NaN compares false: skipped
        if (max == 0 || Math.Abs(Math.ILogB(max)) <= SafeExponent) return values;
        int shift = -Math.ILogB(max);
        var scaled = new double[values.Length];
        for (int i = 0; i < values.Length; i++) scaled[i] = Math.ScaleB(values[i], shift);
        return scaled;
    }

    /// <summary>Weighted mean over the available columns; zero-weight columns add nothing and are skipped.
    /// Only the weights' ratios matter, so weights out of the safe range (1e308 each) are scaled first.</summary>
    public static void WeightedRowMean(double[][] columns, double[] weights, Span<double> result)
    {
        var safe = ScaledIntoSafeRange(weights);
        if (safe != weights.AsSpan()) weights = safe.ToArray();
        if (Array.TrueForAll(weights, w => w > 0))
        {
            Aggregation.WeightedRowMean(columns, weights, result);
            return;
        }
        var used = Enumerable.Range(0, columns.Length).Where(j => weights[j] > 0).ToArray();
        if (used.Length == 0) { result.Fill(double.NaN); return; }
        Aggregation.WeightedRowMean(used.Select(j => columns[j]).ToArray(), used.Select(j => weights[j]).ToArray(), result);
    }
}
