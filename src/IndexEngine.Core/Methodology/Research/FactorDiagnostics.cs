using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology.Research;

/// <summary>One Spearman information coefficient: a factor's ranks at a screening date against the members'
/// forward total returns over a horizon. <see cref="Ic"/> is NaN where fewer than 3 members have both values.</summary>
public sealed record FactorIc(DateOnly Screening, string Factor, string Horizon, double Ic, int N);

/// <summary>One quantile portfolio of a factor for one holding period: the members of U with the factor, sorted by it
/// (ascending: quantile 1 holds the lowest values, the last the highest), cut into equal-count groups (sizes differ by
/// at most one, the larger groups first), equal-weighted, held from the screening date to the next.</summary>
public sealed record FactorQuantileReturn(DateOnly Screening, string Factor, int Quantile, double Return, int N);

/// <summary>A factor's ICs at one horizon over a backtest: mean, sample standard deviation, IC information ratio
/// (mean / sd) and t-statistic (mean / (sd / sqrt(periods))), over the screening dates with an IC.</summary>
public sealed record FactorIcSummary(string Factor, string Horizon, int Periods, double Mean, double StdDev, double InformationRatio, double TStat);

/// <summary>
/// Do the factors predict returns? At each screening date S of a backtest, the Spearman rank correlation of each
/// factor rank P(i,f) (and the CFS) of the members of U with their forward total return from the close of S to
/// the close of the next screening date (<c>next</c>) and of 21, 63 and 252 trading days after S (<c>1m</c>,
/// <c>3m</c>, <c>12m</c>). Research analytics read prices after S by definition; they never feed a rebalance.
/// </summary>
public static class FactorDiagnostics
{
    public const string CompositeName = "cfs";
    private static readonly (string Name, int Days)[] FixedHorizons = [("1m", 21), ("3m", 63), ("12m", 252)];

    /// <summary>The longest fixed horizon in trading days: how far past a backtest's end its diagnostics read.</summary>
    public static int LongestHorizonDays { get; } = FixedHorizons.Max(h => h.Days);

    /// <summary>Every IC of every step, in step order, then factor order (the CFS last), then horizon
    /// (<c>next</c>, 1m, 3m, 12m). A horizon that ends after the last price date is left out.</summary>
    public static IReadOnlyList<FactorIc> InformationCoefficients(Universe universe, IReadOnlyList<BacktestStep> steps, TechnicalConfig technical)
    {
        var result = new List<FactorIc>();
        for (int k = 0; k < steps.Count; k++)
        {
            var step = steps[k];
            int s = universe.DateIndexOf(step.Dates.Screening);
            var horizons = new List<(string Name, int End)>();
            if (k + 1 < steps.Count) horizons.Add(("next", universe.DateIndexOf(steps[k + 1].Dates.Screening)));
            foreach (var (name, days) in FixedHorizons)
                if (s + days < universe.DateCount) horizons.Add((name, s + days));

            var members = step.Result.MemberSecurityIndex;
            // A horizon's forward returns serve every factor: computed once per horizon, not once per factor.
            var forwards = horizons.Select(h => members.Select(i => ForwardTotalReturn(universe, i, s, h.End, technical.CloseFallbackDays)).ToArray()).ToArray();
            foreach (var (factor, values) in Signals(step.Result.Scores))
                for (int h = 0; h < horizons.Count; h++)
                {
                    var x = new List<double>();
                    var y = new List<double>();
                    for (int u = 0; u < members.Length; u++)
                    {
                        double forward = forwards[h][u];
                        if (double.IsNaN(values[u]) || double.IsNaN(forward)) continue;
                        x.Add(values[u]);
                        y.Add(forward);
                    }
                    result.Add(new FactorIc(step.Dates.Screening, factor, horizons[h].Name, x.Count < 3 ? double.NaN : Spearman(x, y), x.Count));
                }
        }
        return result;
    }

    /// <summary>
    /// Quantile portfolios (5 by default) of each factor rank and the CFS at every screening date that has a next one,
    /// equal-weighted over the members with both the factor and a forward total return to the next screening date.
    /// </summary>
    public static IReadOnlyList<FactorQuantileReturn> QuantileReturns(Universe universe, IReadOnlyList<BacktestStep> steps, TechnicalConfig technical, int quantiles = 5)
    {
        var result = new List<FactorQuantileReturn>();
        for (int k = 0; k + 1 < steps.Count; k++)
        {
            var step = steps[k];
            int s = universe.DateIndexOf(step.Dates.Screening), end = universe.DateIndexOf(steps[k + 1].Dates.Screening);
            var members = step.Result.MemberSecurityIndex;
            var forward = members.Select(i => ForwardTotalReturn(universe, i, s, end, technical.CloseFallbackDays)).ToArray();
            foreach (var (factor, values) in Signals(step.Result.Scores))
            {
                // Ascending by the factor; ties by security id, so the cut never depends on the order of U.
                var ordered = Enumerable.Range(0, members.Length)
                    .Where(u => !double.IsNaN(values[u]) && !double.IsNaN(forward[u]))
                    .OrderBy(u => values[u]).ThenBy(u => step.Result.Members[u].Id, StringComparer.Ordinal)
                    .ToArray();
                if (ordered.Length < quantiles) continue;
                int start = 0;
                for (int q = 0; q < quantiles; q++)
                {
                    int size = ordered.Length / quantiles + (q < ordered.Length % quantiles ? 1 : 0);
                    double sum = 0;
                    for (int j = start; j < start + size; j++) sum += forward[ordered[j]];
                    result.Add(new FactorQuantileReturn(step.Dates.Screening, factor, q + 1, sum / size, size));
                    start += size;
                }
            }
        }
        return result;
    }

    /// <summary>
    /// How much each factor turns over: the Spearman correlation of its ranks at consecutive screening dates, over the
    /// securities in both starting universes with a value at both; one value per pair of dates (NaN below 3 securities).
    /// </summary>
    public static IReadOnlyList<(DateOnly Screening, string Factor, double Autocorrelation)> RankAutocorrelations(IReadOnlyList<BacktestStep> steps)
    {
        var result = new List<(DateOnly, string, double)>();
        for (int k = 1; k < steps.Count; k++)
        {
            var before = ValuesById(steps[k - 1].Result);
            var now = ValuesById(steps[k].Result);
            foreach (var (factor, values) in now)
            {
                if (!before.TryGetValue(factor, out var previous)) continue;
                var common = values.Keys.Where(previous.ContainsKey).Order(StringComparer.Ordinal).ToArray();
                result.Add((steps[k].Dates.Screening, factor,
                    common.Length < 3 ? double.NaN : Spearman(common.Select(id => previous[id]).ToArray(), common.Select(id => values[id]).ToArray())));
            }
        }
        return result;
    }

    /// <summary>The average over the screening dates of the Spearman correlation between each pair of factor ranks,
    /// over the members of U with both; rows and columns in the config's factor order.</summary>
    public static (IReadOnlyList<string> Factors, double[,] Correlation) FactorCorrelations(IReadOnlyList<BacktestStep> steps)
    {
        var factors = steps[0].Result.Scores.Factors.Select(f => f.Name).ToArray();
        var sum = new double[factors.Length, factors.Length];
        var count = new int[factors.Length, factors.Length];
        foreach (var step in steps)
            for (int a = 0; a < factors.Length; a++)
                for (int b = 0; b < factors.Length; b++)
                {
                    if (!step.Result.Scores.FactorRanks.TryGetValue(factors[a], out var x) || !step.Result.Scores.FactorRanks.TryGetValue(factors[b], out var y)) continue;
                    var both = Enumerable.Range(0, x.Length).Where(u => !double.IsNaN(x[u]) && !double.IsNaN(y[u])).ToArray();
                    if (both.Length < 3) continue;
                    double rho = Spearman(both.Select(u => x[u]).ToArray(), both.Select(u => y[u]).ToArray());
                    if (double.IsNaN(rho)) continue;
                    sum[a, b] += rho;
                    count[a, b]++;
                }
        var mean = new double[factors.Length, factors.Length];
        for (int a = 0; a < factors.Length; a++)
            for (int b = 0; b < factors.Length; b++)
                mean[a, b] = count[a, b] == 0 ? double.NaN : sum[a, b] / count[a, b];
        return (factors, mean);
    }

    private static (string Factor, double[] Values)[] Signals(ScoreTable scores) =>
        scores.Factors.Select(f => (f.Name, scores.FactorRanks[f.Name])).Append((CompositeName, scores.Cfs)).ToArray();

    private static Dictionary<string, Dictionary<string, double>> ValuesById(RebalanceResult result) =>
        Signals(result.Scores).ToDictionary(
            s => s.Factor,
            s => Enumerable.Range(0, s.Values.Length).Where(u => !double.IsNaN(s.Values[u]))
                .ToDictionary(u => result.Members[u].Id, u => s.Values[u], StringComparer.Ordinal),
            StringComparer.Ordinal);

    /// <summary>Mean, sd, IR and t-statistic of each factor and horizon over the screening dates with an IC.</summary>
    public static IReadOnlyList<FactorIcSummary> Summarise(IReadOnlyList<FactorIc> ics) =>
        ics.GroupBy(ic => (ic.Factor, ic.Horizon))
            .Select(g =>
            {
                var values = g.Select(ic => ic.Ic).Where(double.IsFinite).ToArray();
                int n = values.Length;
                double mean = n == 0 ? double.NaN : values.Average();
                double sd = n < 2 ? double.NaN : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
                double ir = sd > 0 ? mean / sd : double.NaN;
                return new FactorIcSummary(g.Key.Factor, g.Key.Horizon, n, mean, sd, ir, sd > 0 ? ir * Math.Sqrt(n) : double.NaN);
            })
            .ToArray();

    /// <summary>
    /// The total return of a security from the close of calendar index <paramref name="start"/> to that of
    /// <paramref name="end"/>: the product of its daily gross returns (close(t) + dividend(t)) / close(t-1), closes
    /// with the §2 fallback (the latest within <paramref name="fallbackDays"/> trading days); NaN when a close is missing.
    /// Computed as <c>close(end) / close(start) × Π (1 + dividend(t) / close(t))</c>, the same product regrouped, so
    /// that two securities with equal price moves and no dividends tie exactly instead of by rounding.
    /// </summary>
    public static double ForwardTotalReturn(Universe universe, int security, int start, int end, int fallbackDays)
    {
        var closes = universe.Closes(security);
        double first = ScreeningView.FallbackClose(closes, start, fallbackDays);
        if (double.IsNaN(first)) return double.NaN;
        double reinvested = 1, last = first;
        for (int t = start + 1; t <= end; t++)
        {
            last = ScreeningView.FallbackClose(closes, t, fallbackDays);
            if (double.IsNaN(last)) return double.NaN;
            if (!double.IsNaN(closes[t]) && universe.Dividend(security, t) is > 0 and var dividend) reinvested *= 1 + dividend / last;
        }
        return last / first * reinvested - 1;
    }

    /// <summary>Spearman's rank correlation: Pearson's correlation of the average ranks (ties share their mean rank).</summary>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var rx = AverageRanks(x);
        var ry = AverageRanks(y);
        double mx = rx.Average(), my = ry.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
    }

    private static double[] AverageRanks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (int a = 0; a < order.Length;)
        {
            int b = a;
            while (b + 1 < order.Length && values[order[b + 1]] == values[order[a]]) b++;
            double rank = (a + b) / 2.0 + 1;
            for (int k = a; k <= b; k++) ranks[order[k]] = rank;
            a = b + 1;
        }
        return ranks;
    }
}
