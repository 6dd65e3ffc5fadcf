using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology.Research;

/// <summary>The index's and the benchmark's weighted mean factor score at one rebalance. The means are over the holdings
/// with a score (weights renormalised over them); the coverages are the weight that had one.</summary>
public sealed record FactorExposure(DateOnly Screening, string Factor, double Index, double Benchmark, double IndexCoverage, double BenchmarkCoverage)
{
    public double Active => Index - Benchmark;
}

/// <summary>A factor's exposures averaged over the rebalances where both sides have one.</summary>
public sealed record FactorExposureSummary(string Factor, int Rebalances, double Index, double Benchmark)
{
    public double Active => Index - Benchmark;
}

/// <summary>
/// Active exposures of a backtest (docs/levels-and-statistics.md, Exposures): at each rebalance, for each factor, the
/// weighted mean of the factor score of §5.2 (the weighted mean of its metrics' z-scores over U) over the index's target
/// weights minus the same over the cap-weighted starting universe; and the size deciles of U the size attribution uses.
/// </summary>
public static class Exposures
{
    /// <summary>Every rebalance's exposure to every factor of its config, in step order then factor order.</summary>
    public static IReadOnlyList<FactorExposure> Factors(IReadOnlyList<BacktestStep> steps)
    {
        var result = new List<FactorExposure>();
        foreach (var step in steps)
        {
            var r = step.Result;
            var caps = IndexAnalytics.CapWeights(r.Members);
            foreach (var factor in r.Scores.Factors)
            {
                var score = r.Scores.FactorScores[factor.Name];
                var (index, indexCoverage) = WeightedMean(r.Constituents.Select(c => (c.Weight, score[c.Member])));
                var (benchmark, benchmarkCoverage) = WeightedMean(caps.Select((w, u) => (w, score[u])));
                result.Add(new FactorExposure(step.Dates.Screening, factor.Name, index, benchmark, indexCoverage, benchmarkCoverage));
            }
        }
        return result;
    }

    /// <summary>Per factor (in order of first appearance), the mean of both sides over the rebalances where both are defined.</summary>
    public static IReadOnlyList<FactorExposureSummary> Average(IReadOnlyList<FactorExposure> exposures) =>
        exposures.GroupBy(e => e.Factor, StringComparer.Ordinal)
            .Select(g =>
            {
                var both = g.Where(e => double.IsFinite(e.Index) && double.IsFinite(e.Benchmark)).ToArray();
                return both.Length == 0
                    ? new FactorExposureSummary(g.Key, 0, double.NaN, double.NaN)
                    : new FactorExposureSummary(g.Key, both.Length, both.Average(e => e.Index), both.Average(e => e.Benchmark));
            })
            .ToArray();

    /// <summary>Σ w·x / Σ w over the holdings whose value is not missing, and that Σ w as a share of all the weight;
    /// NaN mean when none has a value.</summary>
    public static (double Mean, double Coverage) WeightedMean(IEnumerable<(double Weight, double Value)> holdings)
    {
        double sum = 0, covered = 0, total = 0;
        foreach (var (w, x) in holdings)
        {
            total += w;
            if (double.IsNaN(x)) continue;
            sum += w * x;
            covered += w;
        }
        return (covered > 0 ? sum / covered : double.NaN, total > 0 ? covered / total : double.NaN);
    }

    /// <summary>
    /// Each member's size decile, 1 = largest: the members by market cap descending (ties: id ordinal ascending, the
    /// order of §3) cut into 10 groups whose sizes differ by at most one, the larger groups first, as
    /// <see cref="IndexAnalytics.Deciles"/> cuts. With fewer than 10 members the trailing deciles are empty.
    /// </summary>
    public static int[] SizeDeciles(IReadOnlyList<Security> members)
    {
        var order = Enumerable.Range(0, members.Count).ToArray();
        Array.Sort(order, (a, b) => StartingUniverse.BySize(members[a].MarketCap, members[a].Id, members[b].MarketCap, members[b].Id));
        var decile = new int[members.Count];
        int n = members.Count, start = 0;
        for (int d = 0; d < 10; d++)
        {
            int size = n / 10 + (d < n % 10 ? 1 : 0);
            for (int k = start; k < start + size; k++) decile[order[k]] = d + 1;
            start += size;
        }
        return decile;
    }
}
