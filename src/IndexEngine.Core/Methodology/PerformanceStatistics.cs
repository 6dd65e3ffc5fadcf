using System.Globalization;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;
using MathNet.Numerics.Statistics;

namespace IndexEngine.Core.Methodology;

/// <summary>Standalone statistics of one level series over a window (METHODOLOGY §10). A ratio whose
/// denominator is 0 (e.g. Sharpe of a flat series) is NaN.</summary>
public sealed record SeriesStatistics(
    DateOnly Start,
    DateOnly End,
    int Returns,
    double TotalReturn,
    double AnnualisedReturn,
    double Volatility,
    double Sharpe,
    double MaxDrawdown,
    DateOnly MaxDrawdownPeak,
    DateOnly MaxDrawdownTrough,
    double Sortino = double.NaN,
    double Calmar = double.NaN);

/// <summary>An index against its benchmark over their common dates in a window (METHODOLOGY §10).
/// <see cref="AverageTurnover"/> is null when no turnovers were supplied for the window.
/// <see cref="IndexDatesWithoutBenchmark"/> counts the index's dates between the first and last common date that the
/// benchmark lacks: every statistic of both columns skips them (one set of dates for the whole comparison).</summary>
public sealed record PerformanceSummary(
    DateOnly Start,
    DateOnly End,
    int Returns,
    int PeriodsPerYear,
    double RiskFreeRate,
    SeriesStatistics Index,
    SeriesStatistics Benchmark,
    double TrackingError,
    double InformationRatio,
    double Beta,
    double? AverageTurnover,
    int Rebalances,
    double Alpha = double.NaN,
    double Correlation = double.NaN,
    double UpCapture = double.NaN,
    double DownCapture = double.NaN,
    int IndexDatesWithoutBenchmark = 0);

/// <summary>Rolling statistics, one entry per window end date (see <see cref="PerformanceStatistics.Rolling"/>).</summary>
public sealed record RollingStatistics(
    DateOnly[] Dates, double[] IndexReturn, double[] BenchmarkReturn, double[] IndexVolatility, double[] BenchmarkVolatility,
    double[] Beta, double[] TrackingError, double[] Sharpe);

/// <summary>
/// Performance statistics of METHODOLOGY §10 on daily returns <c>r_t = L_t / L_(t-1) - 1</c>, with
/// P = <c>statistics.periods_per_year</c> (252) and T the number of returns:
/// annualised return <c>(L_T/L_0)^(P/T) - 1</c>; volatility <c>std(r) * sqrt(P)</c>;
/// Sharpe <c>mean(r - rf/P) / std(r) * sqrt(P)</c>; max drawdown <c>max(1 - L_t / max_(u&lt;=t) L_u)</c>;
/// tracking error <c>std(r - r_b) * sqrt(P)</c>; information ratio <c>mean(r - r_b) * P / TE</c>;
/// beta <c>cov(r, r_b) / var(r_b)</c>. Beyond §10 (the tear sheet): Sortino
/// <c>mean(r - rf/P) / sqrt(mean(min(0, r - rf/P)^2)) * sqrt(P)</c> (downside deviation over all T returns);
/// Calmar <c>annualised return / max drawdown</c>; alpha <c>(mean(r - rf/P) - beta * mean(r_b - rf/P)) * P</c>;
/// correlation (Pearson) of r and r_b; up capture <c>mean(r) / mean(r_b)</c> over the days with r_b &gt; 0 and
/// down capture the same over the days with r_b &lt; 0 (arithmetic daily means). Standard deviations,
/// variances and covariances are sample statistics (n - 1). Index and benchmark are compared on their common dates only, so a date one of
/// them lacks is skipped and the next return spans the gap.
/// </summary>
public static class PerformanceStatistics
{
    /// <summary>Statistics of <paramref name="index"/> against <paramref name="benchmark"/> on their common
    /// dates within [<paramref name="from"/>, <paramref name="to"/>] (open ends: the whole overlap).</summary>
    /// <param name="turnovers">One-way turnover of each rebalance after the first (the initial build is not
    /// turnover); those dated within [start, end] of the window are averaged.</param>
    public static PerformanceSummary Compute(
        LevelSeries index,
        LevelSeries benchmark,
        StatisticsConfig config,
        DateOnly? from = null,
        DateOnly? to = null,
        IReadOnlyList<(DateOnly Date, double Turnover)>? turnovers = null)
    {
        var (dates, x, b) = Align(index, benchmark, from, to);
        RequireReturns(dates.Length, from, to, "the index and benchmark have");
        var r = Returns(x);
        var rb = Returns(b);
        var active = new double[r.Length];
        for (int t = 0; t < r.Length; t++) active[t] = r[t] - rb[t];

        int p = config.PeriodsPerYear;
        double te = ArrayStatistics.StandardDeviation(active) * Math.Sqrt(p);
        double ir = Ratio(ArrayStatistics.Mean(active) * p, te);
        double beta = Ratio(ArrayStatistics.Covariance(r, rb), ArrayStatistics.Variance(rb));

        var inWindow = (turnovers ?? []).Where(x => x.Date >= dates[0] && x.Date <= dates[^1]).Select(x => x.Turnover).ToArray();
        double? averageTurnover = inWindow.Length == 0 ? null : ArrayStatistics.Mean(inWindow);

        double daily = config.RiskFreeRate / p;
        double alpha = (ArrayStatistics.Mean(r) - daily - beta * (ArrayStatistics.Mean(rb) - daily)) * p;
        double correlation = Ratio(ArrayStatistics.Covariance(r, rb), ArrayStatistics.StandardDeviation(r) * ArrayStatistics.StandardDeviation(rb));
        return new PerformanceSummary(dates[0], dates[^1], r.Length, p, config.RiskFreeRate,
            Standalone(dates, x, r, config), Standalone(dates, b, rb, config), te, ir, beta, averageTurnover, inWindow.Length,
            alpha, correlation, Capture(r, rb, up: true), Capture(r, rb, up: false),
            index.Dates.Count(d => d >= dates[0] && d <= dates[^1]) - dates.Length);
    }

    /// <summary>Mean index return over mean benchmark return on the days the benchmark rose (or fell); NaN without such days.</summary>
    private static double Capture(double[] r, double[] rb, bool up)
    {
        double sumIndex = 0, sumBenchmark = 0;
        for (int t = 0; t < r.Length; t++)
            if (up ? rb[t] > 0 : rb[t] < 0) { sumIndex += r[t]; sumBenchmark += rb[t]; }
        return Ratio(sumIndex, sumBenchmark);
    }

    /// <summary>Standalone statistics of one series within [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public static SeriesStatistics Compute(LevelSeries series, StatisticsConfig config, DateOnly? from = null, DateOnly? to = null)
    {
        Validate(series, nameof(series));
        var dates = new List<DateOnly>();
        var levels = new List<double>();
        for (int t = 0; t < series.Count; t++)
            if (InWindow(series.Dates[t], from, to)) { dates.Add(series.Dates[t]); levels.Add(series.Values[t]); }
        RequireReturns(dates.Count, from, to, "the series has");
        var x = levels.ToArray();
        return Standalone(dates.ToArray(), x, Returns(x), config);
    }

    /// <summary>The common dates of two series within [<paramref name="from"/>, <paramref name="to"/>] and
    /// both series' levels on them.</summary>
    public static (DateOnly[] Dates, double[] Index, double[] Benchmark) Align(
        LevelSeries index, LevelSeries benchmark, DateOnly? from = null, DateOnly? to = null)
    {
        Validate(index, nameof(index));
        Validate(benchmark, nameof(benchmark));
        var dates = new List<DateOnly>();
        var x = new List<double>();
        var b = new List<double>();
        for (int i = 0, j = 0; i < index.Count && j < benchmark.Count;)
        {
            int c = index.Dates[i].CompareTo(benchmark.Dates[j]);
            if (c < 0) i++;
            else if (c > 0) j++;
            else
            {
                if (InWindow(index.Dates[i], from, to))
                {
                    dates.Add(index.Dates[i]);
                    x.Add(index.Values[i]);
                    b.Add(benchmark.Values[j]);
                }
                i++;
                j++;
            }
        }
        return (dates.ToArray(), x.ToArray(), b.ToArray());
    }

    /// <summary>Drawdown on each date, <c>1 - L_t / max_(u&lt;=t) L_u</c> (0 at a running high).</summary>
    public static double[] Drawdowns(IReadOnlyList<double> levels)
    {
        var result = new double[levels.Count];
        double peak = double.NegativeInfinity;
        for (int t = 0; t < levels.Count; t++)
        {
            peak = Math.Max(peak, levels[t]);
            result[t] = 1 - levels[t] / peak;
        }
        return result;
    }

    /// <summary>
    /// Rolling active return over <paramref name="window"/> returns on the aligned dates:
    /// <c>(L_t / L_(t-window) - 1) - (B_t / B_(t-window) - 1)</c>, from the first date with a full window.
    /// </summary>
    /// <summary>
    /// Rolling risk over the last <paramref name="window"/> returns on the common dates, from the first date with a
    /// full window: each series' return over the window, annualised volatility, beta, tracking error and the index's
    /// Sharpe ratio, with the formulas of §10 applied to the window's returns.
    /// </summary>
    public static RollingStatistics Rolling(LevelSeries index, LevelSeries benchmark, int window, StatisticsConfig config)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        var (dates, x, b) = Align(index, benchmark);
        var r = x.Length > 1 ? Returns(x) : [];
        var rb = b.Length > 1 ? Returns(b) : [];
        int count = Math.Max(0, dates.Length - window);
        var result = new RollingStatistics(new DateOnly[count], new double[count], new double[count], new double[count], new double[count],
            new double[count], new double[count], new double[count]);
        double root = Math.Sqrt(config.PeriodsPerYear), daily = config.RiskFreeRate / config.PeriodsPerYear;
        for (int k = 0; k < count; k++)
        {
            int t = k + window; // returns r[t - window .. t - 1] end at date t
            var ri = r.AsSpan(t - window, window).ToArray();
            var rbi = rb.AsSpan(t - window, window).ToArray();
            var active = ri.Zip(rbi, (p, q) => p - q).ToArray();
            double sd = ArrayStatistics.StandardDeviation(ri);
            result.Dates[k] = dates[t];
            result.IndexReturn[k] = x[t] / x[t - window] - 1;
            result.BenchmarkReturn[k] = b[t] / b[t - window] - 1;
            result.IndexVolatility[k] = sd * root;
            result.BenchmarkVolatility[k] = ArrayStatistics.StandardDeviation(rbi) * root;
            result.Beta[k] = Ratio(ArrayStatistics.Covariance(ri, rbi), ArrayStatistics.Variance(rbi));
            result.TrackingError[k] = ArrayStatistics.StandardDeviation(active) * root;
            result.Sharpe[k] = Ratio(ArrayStatistics.Mean(ri) - daily, sd) * root;
        }
        return result;
    }

    public static (DateOnly[] Dates, double[] Values) RollingActiveReturn(LevelSeries index, LevelSeries benchmark, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var (dates, x, b) = Align(index, benchmark);
        int count = Math.Max(0, dates.Length - window);
        var outDates = new DateOnly[count];
        var values = new double[count];
        for (int k = 0; k < count; k++)
        {
            int t = k + window;
            outDates[k] = dates[t];
            values[k] = x[t] / x[t - window] - b[t] / b[t - window];
        }
        return (outDates, values);
    }

    private static SeriesStatistics Standalone(DateOnly[] dates, double[] levels, double[] r, StatisticsConfig config)
    {
        int p = config.PeriodsPerYear;
        int n = r.Length;
        double growth = levels[^1] / levels[0];
        double sd = ArrayStatistics.StandardDeviation(r);
        var excess = new double[n];
        for (int t = 0; t < n; t++) excess[t] = r[t] - config.RiskFreeRate / p;

        // Max drawdown with the running high it is measured from.
        double maxDrawdown = 0;
        int high = 0, peak = 0, trough = 0;
        for (int t = 1; t < levels.Length; t++)
        {
            if (levels[t] > levels[high]) high = t;
            double drawdown = 1 - levels[t] / levels[high];
            if (drawdown > maxDrawdown) (maxDrawdown, peak, trough) = (drawdown, high, t);
        }

        double downside = 0;
        foreach (var e in excess) if (e < 0) downside += e * e;
        downside = Math.Sqrt(downside / n);
        double annualised = Math.Pow(growth, (double)p / n) - 1;

        return new SeriesStatistics(
            dates[0], dates[^1], n,
            growth - 1,
            annualised,
            sd * Math.Sqrt(p),
            Ratio(ArrayStatistics.Mean(excess), sd) * Math.Sqrt(p),
            maxDrawdown,
            dates[peak], dates[trough],
            Ratio(ArrayStatistics.Mean(excess), downside) * Math.Sqrt(p),
            Ratio(annualised, maxDrawdown));
    }

    // A statistic whose denominator is 0 (a flat series) is undefined, whatever the sign of the numerator.
    private static double Ratio(double numerator, double denominator) =>
        denominator == 0 ? double.NaN : numerator / denominator;

    private static double[] Returns(double[] levels)
    {
        var r = new double[levels.Length - 1];
        for (int t = 1; t < levels.Length; t++) r[t - 1] = levels[t] / levels[t - 1] - 1;
        return r;
    }

    private static bool InWindow(DateOnly date, DateOnly? from, DateOnly? to) =>
        (from is null || date >= from) && (to is null || date <= to);

    private static void RequireReturns(int dates, DateOnly? from, DateOnly? to, string what)
    {
        // Two returns is the least a sample standard deviation needs.
        if (dates >= 3) return;
        var window = string.Create(CultureInfo.InvariantCulture,
            $"{(from is null ? "start" : from.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}.." +
            $"{(to is null ? "end" : to.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}");
        throw new InputException($"{what} {dates} common date(s) in {window}; performance statistics need at least 3 (2 daily returns)");
    }

    private static void Validate(LevelSeries series, string name)
    {
        if (series.Dates.Count != series.Values.Count)
            throw new ArgumentException("A level series needs one value per date.", name);
        for (int t = 0; t < series.Count; t++)
        {
            if (t > 0 && series.Dates[t] <= series.Dates[t - 1])
                throw new ArgumentException("Level series dates must be strictly ascending.", name);
            if (!(series.Values[t] > 0) || double.IsInfinity(series.Values[t]))
                throw new InputException(string.Create(CultureInfo.InvariantCulture,
                    $"level {series.Values[t]:R} on {series.Dates[t]:yyyy-MM-dd} is not a positive finite number"));
        }
    }
}
