using IndexEngine.Core.Configuration;

namespace IndexEngine.Core.Methodology;

/// <summary>Scores of the members of U (METHODOLOGY §5); every array is aligned with U's member order.</summary>
public sealed record ScoreTable(
    IReadOnlyList<FactorDefinition> Factors,
    IReadOnlyDictionary<string, double[]> MetricValues,
    IReadOnlyDictionary<string, double[]> ZScores,
    IReadOnlyDictionary<string, double[]> FactorScores,
    IReadOnlyDictionary<string, double[]> FactorRanks,
    int[] AvailableFactors,
    double[] Composite,
    double[] Cfs,
    IReadOnlyList<string> Warnings);

/// <summary>One factor's §5.1–5.3 result: its metrics' z-scores (in the factor's metric order), score and rank.
/// Never written to after it is made: a sweep shares it between variants.</summary>
public sealed record FactorScore(double[][] ZScores, double[] Score, double[] Rank, IReadOnlyList<string> Warnings);

/// <summary>
/// METHODOLOGY §5: metric z-scores over U, factor scores, factor percentile ranks, the composite and
/// the Composite Factor Score.
/// </summary>
public static class CompositeScoring
{
    public static ScoreTable Score(IReadOnlyDictionary<string, double[]> metricValues, IReadOnlyList<FactorDefinition> factors, ScoringConfig config, int memberCount) =>
        Score(metricValues, factors, config, memberCount, factor => ScoreFactor(factor.Metrics, metricValues, config.ZClip, config.MinMetricCount, memberCount));

    /// <summary>As above, with each factor's §5.1–5.3 result from <paramref name="scoreFactor"/> (which may hand out
    /// a result shared with other runs: it is only read here).</summary>
    public static ScoreTable Score(
        IReadOnlyDictionary<string, double[]> metricValues, IReadOnlyList<FactorDefinition> factors, ScoringConfig config, int memberCount,
        Func<FactorDefinition, FactorScore> scoreFactor)
    {
        // Factors are independent until the composite: score them on two threads.
        var scored = new FactorScore[factors.Count];
        int claimed = -1;
        void ScoreUnclaimed()
        {
            for (int f; (f = Interlocked.Increment(ref claimed)) < factors.Count;)
                scored[f] = scoreFactor(factors[f]);
        }
        if (factors.Count > 1 && Environment.ProcessorCount > 1)
        {
            // This thread starts at once and a pool thread joins when it wakes, each claiming the next
            // factor; every factor lands in its own slot, so the result does not depend on who scored it.
            var helper = Task.Run(ScoreUnclaimed);
            ScoreUnclaimed();
            helper.GetAwaiter().GetResult();
        }
        else
            ScoreUnclaimed();

        var zScores = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var factorScores = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var factorRanks = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var warnings = new List<string>();
        for (int f = 0; f < factors.Count; f++)
        {
            for (int j = 0; j < factors[f].Metrics.Count; j++) zScores[factors[f].Metrics[j].Name] = scored[f].ZScores[j];
            factorScores[factors[f].Name] = scored[f].Score;
            factorRanks[factors[f].Name] = scored[f].Rank;
            warnings.AddRange(scored[f].Warnings);
        }

        var available = new int[memberCount];
        foreach (var factor in scored)
            for (int u = 0; u < memberCount; u++) if (!double.IsNaN(factor.Rank[u])) available[u]++;
        var composite = Output(memberCount);
        ScoringKernels.WeightedRowMean(scored.Select(f => f.Rank).ToArray(), factors.Select(f => f.Weight).ToArray(), composite);
        for (int u = 0; u < memberCount; u++)
            if (available[u] < config.MinFactors) composite[u] = double.NaN;
        var cfs = Output(memberCount);
        ScoringKernels.PercentileRankMergingNearTies(composite, cfs);
        return new ScoreTable(factors, metricValues, zScores, factorScores, factorRanks, available, composite, cfs, warnings);
    }

    /// <summary>§5.1–5.3 for one factor: its metrics' z-scores, the factor score and the factor rank.</summary>
    /// <param name="metrics">The factor's metrics (name, direction, weight); its name and composite weight are not read.</param>
    public static FactorScore ScoreFactor(
        IReadOnlyList<MetricDefinition> metrics, IReadOnlyDictionary<string, double[]> metricValues, double zClip, int minMetricCount, int memberCount)
    {
        var config = new ScoringConfig(zClip, minMetricCount, MinFactors: 0); // MetricZScores reads only the clip and the count
        var warnings = new List<string>();
        var columns = new double[metrics.Count][];
        var weights = new double[metrics.Count];
        for (int j = 0; j < metrics.Count; j++)
        {
            var metric = metrics[j];
            columns[j] = MetricZScores(metricValues[metric.Name], metric.Direction, config, out var reason);
            if (reason is not null) warnings.Add($"metric {metric.Name}: {reason}; it is missing for every security");
            weights[j] = metric.Weight;
        }
        var score = Output(memberCount);
        ScoringKernels.WeightedRowMean(columns, weights, score);
        var rank = Output(memberCount);
        ScoringKernels.PercentileRank(score, rank);
        return new FactorScore(columns, score, rank, warnings);
    }

    /// <summary>
    /// §5.1: z = clamp(direction × (x - mean) / s, ±z_clip) over the non-missing values; the metric is missing
    /// for everyone when fewer than <c>min_metric_count</c> values exist or all are equal (s = 0; tested on the
    /// values themselves so that rounding in the mean cannot fake a tiny non-zero s). z-scores do not depend on
    /// the values' scale, so values whose squares would overflow (or vanish) are first scaled by a power of two.
    /// </summary>
    public static double[] MetricZScores(ReadOnlySpan<double> values, int direction, ScoringConfig config, out string? missingReason)
    {
        var z = Output(values.Length);
        values = ScoringKernels.ScaledIntoSafeRange(values);
        ScoringKernels.MeanAndSampleStd(values, out int count, out double mean, out double std);
        // Rounding leaves a constant column's s at 0 or a few ulps of its mean; only then look closer.
        bool maybeConstant = !(std > 1e-12 * Math.Max(1.0, Math.Abs(mean)));
        missingReason = count < config.MinMetricCount
            ? $"only {count} values (fewer than {config.MinMetricCount})"
            : maybeConstant && AllEqual(values) ? "zero variance" : null;
        if (missingReason is not null)
        {
            z.AsSpan().Fill(double.NaN);
            return z;
        }
        ScoringKernels.ZScores(values, mean, std, direction, config.ZClip, z);
        return z;
    }

    /// <summary>An output column every element of which the kernels write: no need to zero it first.</summary>
    private static double[] Output(int length) => GC.AllocateUninitializedArray<double>(length);

    private static bool AllEqual(ReadOnlySpan<double> values)
    {
        double first = double.NaN;
        foreach (var x in values)
        {
            if (double.IsNaN(x)) continue;
            if (double.IsNaN(first)) first = x;
            else if (x != first) return false;
        }
        return true;
    }
}
