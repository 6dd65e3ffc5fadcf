using System.Buffers;
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
    internal static readonly (string Name, int Days)[] FixedHorizons = [("1m", 21), ("3m", 63), ("12m", 252)];

    /// <summary>The longest fixed horizon in trading days: how far past a backtest's end its diagnostics read.</summary>
    public static int LongestHorizonDays { get; } = FixedHorizons.Max(h => h.Days);

    /// <summary>Every IC of every step, in step order, then factor order (the CFS last), then horizon
    /// (<c>next</c>, 1m, 3m, 12m). A horizon that ends after the last price date is left out.</summary>
    public static IReadOnlyList<FactorIc> InformationCoefficients(Universe universe, IReadOnlyList<BacktestStep> steps, TechnicalConfig technical) =>
        InformationCoefficients(steps, ForwardReturns.Of(universe, steps, technical, fixedHorizons: true));

    /// <summary>The ICs and the quantile portfolios together, each forward return computed once for both.</summary>
    public static (IReadOnlyList<FactorIc> Ics, IReadOnlyList<FactorQuantileReturn> Quantiles) IcsAndQuantiles(
        Universe universe, IReadOnlyList<BacktestStep> steps, TechnicalConfig technical)
    {
        var forwards = ForwardReturns.Of(universe, steps, technical, fixedHorizons: true);
        return (InformationCoefficients(steps, forwards), QuantileReturns(steps, forwards));
    }

    /// <summary>As above, from forward returns computed once for this and <see cref="QuantileReturns(IReadOnlyList{BacktestStep}, ForwardReturns, int)"/>.</summary>
    internal static IReadOnlyList<FactorIc> InformationCoefficients(IReadOnlyList<BacktestStep> steps, ForwardReturns forwards)
    {
        var result = new List<FactorIc>();
        int most = steps.Count == 0 ? 0 : steps.Max(s => s.Result.MemberSecurityIndex.Length);
        var spearman = new SubsetSpearman(most);
        var slot = new int[most];
        for (int k = 0; k < steps.Count; k++)
        {
            var step = steps[k];
            var (horizons, returns) = (forwards.Horizons[k], forwards.Returns[k]);
            // Each signal and each horizon's returns sorted once; every (signal, horizon) pair ranks its subset off them.
            var forwardOrder = returns.Select(SubsetSpearman.Ascending).ToArray();
            foreach (var (factor, values) in Signals(step.Result.Scores))
            {
                var valueOrder = SubsetSpearman.Ascending(values);
                for (int h = 0; h < horizons.Length; h++)
                {
                    var forward = returns[h];
                    int n = 0;
                    for (int u = 0; u < forward.Length; u++) slot[u] = double.IsNaN(values[u]) || double.IsNaN(forward[u]) ? -1 : n++;
                    double ic = n < 3 ? double.NaN : spearman.Correlation(values, valueOrder, slot, forward, forwardOrder[h], slot, n);
                    result.Add(new FactorIc(step.Dates.Screening, factor, horizons[h], ic, n));
                }
            }
        }
        return result;
    }

    /// <summary>
    /// Quantile portfolios (5 by default) of each factor rank and the CFS at every screening date that has a next one,
    /// equal-weighted over the members with both the factor and a forward total return to the next screening date.
    /// </summary>
    public static IReadOnlyList<FactorQuantileReturn> QuantileReturns(Universe universe, IReadOnlyList<BacktestStep> steps, TechnicalConfig technical, int quantiles = 5) =>
        QuantileReturns(steps, ForwardReturns.Of(universe, steps, technical, fixedHorizons: false), quantiles);

    /// <summary>As above, from forward returns computed once for this and the ICs (their <c>next</c> horizon).</summary>
    internal static IReadOnlyList<FactorQuantileReturn> QuantileReturns(IReadOnlyList<BacktestStep> steps, ForwardReturns forwards, int quantiles = 5)
    {
        var result = new List<FactorQuantileReturn>();
        for (int k = 0; k + 1 < steps.Count; k++)
        {
            var step = steps[k];
            var forward = forwards.Returns[k][ForwardReturns.Next];
            var members = step.Result.Members;
            var ordered = new int[members.Count];
            foreach (var (factor, values) in Signals(step.Result.Scores))
            {
                int n = 0;
                for (int u = 0; u < forward.Length; u++)
                    if (!double.IsNaN(values[u]) && !double.IsNaN(forward[u])) ordered[n++] = u;
                if (n < quantiles) continue;
                // Ascending by the factor; ties by security id, so the cut never depends on the order of U. Ids are
                // unique, so this is a total order: any sort gives the one result.
                ordered.AsSpan(0, n).Sort((a, b) => values[a].CompareTo(values[b]) is var c && c != 0 ? c : string.CompareOrdinal(members[a].Id, members[b].Id));
                int start = 0;
                for (int q = 0; q < quantiles; q++)
                {
                    int size = n / quantiles + (q < n % quantiles ? 1 : 0);
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
        if (steps.Count < 2) return result;
        var spearman = new SubsetSpearman(steps.Max(s => s.Result.MemberSecurityIndex.Length));
        var before = MemberById(steps[0].Result);
        var previousSignals = Signals(steps[0].Result.Scores);
        var previousOrders = previousSignals.Select(s => SubsetSpearman.Ascending(s.Values)).ToArray();
        for (int k = 1; k < steps.Count; k++)
        {
            var now = MemberById(steps[k].Result);
            var signals = Signals(steps[k].Result.Scores);
            var orders = signals.Select(s => SubsetSpearman.Ascending(s.Values)).ToArray();
            // The members in both starting universes, in id order (ordinal): every sum of the correlation runs in it.
            var common = new List<(string Id, int Before, int Now)>(now.Count);
            foreach (var (id, u) in now)
                if (before.TryGetValue(id, out var previous)) common.Add((id, previous, u));
            common.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
            var previousSlot = new int[before.Count];
            var slot = new int[now.Count];
            for (int f = 0; f < signals.Length; f++)
            {
                var (factor, values) = signals[f];
                int p = Array.FindIndex(previousSignals, s => s.Factor == factor);
                if (p < 0) continue;
                var previousValues = previousSignals[p].Values;
                Array.Fill(previousSlot, -1);
                Array.Fill(slot, -1);
                int n = 0;
                foreach (var (_, b, u) in common)
                {
                    if (double.IsNaN(previousValues[b]) || double.IsNaN(values[u])) continue;
                    previousSlot[b] = n;
                    slot[u] = n++;
                }
                result.Add((steps[k].Dates.Screening, factor,
                    n < 3 ? double.NaN : spearman.Correlation(previousValues, previousOrders[p], previousSlot, values, orders[f], slot, n)));
            }
            (before, previousSignals, previousOrders) = (now, signals, orders);
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
        var spearman = new SubsetSpearman(steps.Max(s => s.Result.MemberSecurityIndex.Length));
        foreach (var step in steps)
        {
            var ranks = factors.Select(f => step.Result.Scores.FactorRanks.TryGetValue(f, out var r) ? r : null).ToArray();
            var orders = ranks.Select(r => r is null ? null : SubsetSpearman.Ascending(r)).ToArray();
            var slot = new int[step.Result.MemberSecurityIndex.Length];
            // Spearman(x, y) and Spearman(y, x) are the same floating-point operations on swapped operands (sums of
            // products, a product under the root), so bit-identical: each pair is computed once and counted both ways.
            for (int a = 0; a < factors.Length; a++)
                for (int b = a; b < factors.Length; b++)
                {
                    if (ranks[a] is not { } x || ranks[b] is not { } y) continue;
                    int n = 0;
                    for (int u = 0; u < x.Length; u++) slot[u] = double.IsNaN(x[u]) || double.IsNaN(y[u]) ? -1 : n++;
                    if (n < 3) continue;
                    double rho = spearman.Correlation(x, orders[a]!, slot, y, orders[b]!, slot, n);
                    if (double.IsNaN(rho)) continue;
                    sum[a, b] += rho;
                    count[a, b]++;
                    if (a == b) continue;
                    sum[b, a] += rho;
                    count[b, a]++;
                }
        }
        var mean = new double[factors.Length, factors.Length];
        for (int a = 0; a < factors.Length; a++)
            for (int b = 0; b < factors.Length; b++)
                mean[a, b] = count[a, b] == 0 ? double.NaN : sum[a, b] / count[a, b];
        return (factors, mean);
    }

    private static (string Factor, double[] Values)[] Signals(ScoreTable scores) =>
        scores.Factors.Select(f => (f.Name, scores.FactorRanks[f.Name])).Append((CompositeName, scores.Cfs)).ToArray();

    private static Dictionary<string, int> MemberById(RebalanceResult result)
    {
        var byId = new Dictionary<string, int>(result.Members.Count, StringComparer.Ordinal);
        for (int u = 0; u < result.Members.Count; u++) byId.Add(result.Members[u].Id, u);
        return byId;
    }

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
        Span<double> result = stackalloc double[1];
        ForwardTotalReturns(universe, security, start, [end], fallbackDays, result);
        return result[0];
    }

    /// <summary>
    /// <see cref="ForwardTotalReturn"/> to each of <paramref name="ends"/> (ascending), in one walk over the days: the
    /// running product at an end is exactly the product a walk stopping there computes, so each value is bit-identical to
    /// a separate call's. An end at or before <paramref name="start"/> gives the return over no day.
    /// </summary>
    internal static void ForwardTotalReturns(Universe universe, int security, int start, ReadOnlySpan<int> ends, int fallbackDays, Span<double> returns)
    {
        var closes = universe.Closes(security);
        var dividends = universe.Dividends(security);
        double first = ScreeningView.FallbackClose(closes, start, fallbackDays);
        double reinvested = 1, last = first;
        int h = 0;
        if (!double.IsNaN(first))
        {
            for (; h < ends.Length && ends[h] <= start; h++) returns[h] = last / first * reinvested - 1;
            for (int t = start + 1; h < ends.Length; t++)
            {
                // The day's own close, else §2's fallback (which would return the day's own close first, too).
                bool traded = !double.IsNaN(closes[t]);
                last = traded ? closes[t] : ScreeningView.FallbackClose(closes, t, fallbackDays);
                if (double.IsNaN(last)) break;
                if (traded && dividends[t] is > 0 and var dividend) reinvested *= 1 + dividend / last;
                for (; h < ends.Length && ends[h] == t; h++) returns[h] = last / first * reinvested - 1;
            }
        }
        returns[h..].Fill(double.NaN);
    }

    /// <summary>Spearman's rank correlation: Pearson's correlation of the average ranks (ties share their mean rank).</summary>
    public static double Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var pool = ArrayPool<double>.Shared;
        double[] rx = pool.Rent(x.Length), ry = pool.Rent(y.Length);
        try
        {
            AverageRanks(x, rx.AsSpan(0, x.Length));
            AverageRanks(y, ry.AsSpan(0, y.Length));
            return RankCorrelation(rx.AsSpan(0, x.Length), ry.AsSpan(0, y.Length));
        }
        finally
        {
            pool.Return(rx);
            pool.Return(ry);
        }
    }

    /// <summary>Pearson's correlation of two rank vectors of one length (NaN when either is constant).</summary>
    private static double RankCorrelation(ReadOnlySpan<double> rx, ReadOnlySpan<double> ry)
    {
        double mx = Mean(rx), my = Mean(ry), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
    }

    /// <summary>The mean as <c>Enumerable.Average</c> computes it: the sum in order, divided by the count (NaN when empty).</summary>
    private static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (var v in values) sum += v;
        return sum / values.Length;
    }

    /// <summary>
    /// The 1-based rank of each value in ascending order, ties sharing the mean of their ranks. NaN ranks first, each
    /// NaN its own rank in input order (NaN equals nothing, not even NaN): the ranks a stable sort by
    /// <see cref="Comparer{T}.Default"/> gives.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="ranks"/> is shorter than <paramref name="values"/>.</exception>
    internal static void AverageRanks(ReadOnlySpan<double> values, Span<double> ranks)
    {
        if (ranks.Length < values.Length) throw new ArgumentException("One rank per value is needed.", nameof(ranks));
        int n = values.Length, nan = 0;
        for (int i = 0; i < n; i++)
            if (double.IsNaN(values[i])) ranks[i] = ++nan;
        if (nan == n) return;
        double[] keys = ArrayPool<double>.Shared.Rent(n - nan);
        int[] order = ArrayPool<int>.Shared.Rent(n - nan);
        try
        {
            int m = 0;
            for (int i = 0; i < n; i++)
                if (!double.IsNaN(values[i])) (keys[m], order[m++]) = (values[i], i);
            keys.AsSpan(0, m).Sort(order.AsSpan(0, m));
            TiedRanks(keys.AsSpan(0, m), order.AsSpan(0, m), nan, ranks);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(order);
        }
    }

    /// <summary>
    /// The tie rule, in one place: the k-th of <paramref name="ascending"/> (0-based) has rank
    /// <paramref name="before"/> + k + 1, and a run of equal values shares the mean of its ranks, written at
    /// <c>ranks[targets[k]]</c>. Which of equal values comes first does not matter: they share one rank.
    /// </summary>
    private static void TiedRanks(ReadOnlySpan<double> ascending, ReadOnlySpan<int> targets, int before, Span<double> ranks)
    {
        for (int a = 0; a < ascending.Length;)
        {
            int b = a;
            while (b + 1 < ascending.Length && ascending[b + 1] == ascending[a]) b++;
            double rank = (before + a + before + b) / 2.0 + 1;
            for (int k = a; k <= b; k++) ranks[targets[k]] = rank;
            a = b + 1;
        }
    }

    /// <summary>
    /// Spearman correlations over many subsets of the same few value arrays (a step's members with both a factor rank
    /// and a forward return, with both of two factor ranks, ...). Each array is sorted once (<see cref="Ascending"/>);
    /// a subset's average ranks are read off that order in one pass, and are exactly those
    /// <see cref="AverageRanks"/> gives the subset's values, so the correlation is <see cref="Spearman"/>'s, bit for bit.
    /// Holds scratch buffers: one instance per thread.
    /// </summary>
    internal sealed class SubsetSpearman(int capacity)
    {
        private readonly double[] _keys = new double[capacity], _rx = new double[capacity], _ry = new double[capacity];
        private readonly int[] _targets = new int[capacity];

        /// <summary>The indices of the values that are not NaN, ascending by value.</summary>
        public static int[] Ascending(double[] values)
        {
            int n = 0;
            foreach (var v in values) if (!double.IsNaN(v)) n++;
            var keys = new double[n];
            var order = new int[n];
            n = 0;
            for (int i = 0; i < values.Length; i++)
                if (!double.IsNaN(values[i])) (keys[n], order[n++]) = (values[i], i);
            keys.AsSpan().Sort(order.AsSpan());
            return order;
        }

        /// <summary>
        /// Spearman's correlation of <c>x[i]</c> and <c>y[i]</c>, i = 0..<paramref name="n"/>−1, where x[xSlot[u]] =
        /// xValues[u] for each u with xSlot[u] ≥ 0 (y likewise): the slots number the subset in the order its sums run.
        /// </summary>
        /// <param name="xOrder"><see cref="Ascending"/> of <paramref name="xValues"/>.</param>
        /// <exception cref="ArgumentException">A slot's value is NaN, or the slots do not number n values (a programming error).</exception>
        public double Correlation(double[] xValues, int[] xOrder, ReadOnlySpan<int> xSlot, double[] yValues, int[] yOrder, ReadOnlySpan<int> ySlot, int n)
        {
            RanksOf(xValues, xOrder, xSlot, n, _rx);
            RanksOf(yValues, yOrder, ySlot, n, _ry);
            return RankCorrelation(_rx.AsSpan(0, n), _ry.AsSpan(0, n));
        }

        private void RanksOf(double[] values, int[] order, ReadOnlySpan<int> slot, int n, Span<double> ranks)
        {
            int m = 0;
            foreach (var u in order)
            {
                if (slot[u] < 0) continue;
                if (m < n) (_keys[m], _targets[m]) = (values[u], slot[u]);
                m++;
            }
            if (m != n) throw new ArgumentException($"{m} slotted values are numbers, not {n}: a slot holds a NaN or the slots are not 0..{n - 1}.");
            TiedRanks(_keys.AsSpan(0, n), _targets.AsSpan(0, n), 0, ranks);
        }
    }
}

/// <summary>
/// The forward total returns of every step's members to each of the step's horizons (<c>next</c> when the step has a
/// next one, then the fixed horizons that end before the last price date), computed once for the ICs and the
/// quantile portfolios. Immutable once made, so the analyses that read it may run at the same time.
/// </summary>
/// <param name="Horizons">Per step, the horizons' names in IC order.</param>
/// <param name="Returns">Per step and horizon, one return per member of U (NaN where a close is missing).</param>
internal sealed record ForwardReturns(string[][] Horizons, double[][][] Returns)
{
    /// <summary>The index of the <c>next</c> horizon in a step that has a next one.</summary>
    public const int Next = 0;

    /// <param name="fixedHorizons">False: only the <c>next</c> horizon (the quantile portfolios need no other).</param>
    public static ForwardReturns Of(Universe universe, IReadOnlyList<BacktestStep> steps, TechnicalConfig technical, bool fixedHorizons)
    {
        var horizons = new string[steps.Count][];
        var returns = new double[steps.Count][][];
        Span<double> walks = stackalloc double[1 + FactorDiagnostics.FixedHorizons.Length];
        for (int k = 0; k < steps.Count; k++)
        {
            int s = universe.DateIndexOf(steps[k].Dates.Screening);
            var step = new List<(string Name, int End)>();
            if (k + 1 < steps.Count) step.Add(("next", universe.DateIndexOf(steps[k + 1].Dates.Screening)));
            if (fixedHorizons)
                foreach (var (name, days) in FactorDiagnostics.FixedHorizons)
                    if (s + days < universe.DateCount) step.Add((name, s + days));
            // One walk per member serves every horizon: the ends in ascending order, each horizon's slot found back.
            var byEnd = Enumerable.Range(0, step.Count).OrderBy(h => step[h].End).ToArray();
            var ends = byEnd.Select(h => step[h].End).ToArray();
            var members = steps[k].Result.MemberSecurityIndex;
            var stepReturns = new double[step.Count][];
            for (int h = 0; h < step.Count; h++) stepReturns[h] = new double[members.Length];
            var walked = walks[..ends.Length];
            for (int u = 0; u < members.Length; u++)
            {
                FactorDiagnostics.ForwardTotalReturns(universe, members[u], s, ends, technical.CloseFallbackDays, walked);
                for (int j = 0; j < byEnd.Length; j++) stepReturns[byEnd[j]][u] = walked[j];
            }
            horizons[k] = step.Select(h => h.Name).ToArray();
            returns[k] = stepReturns;
        }
        return new ForwardReturns(horizons, returns);
    }
}
