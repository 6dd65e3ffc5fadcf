using System.Runtime.Intrinsics;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology;

/// <summary>
/// The point-in-time view of a universe at screening date S (METHODOLOGY §2 and §11): prices up to S, the
/// metrics rows known at S and the market caps they imply. Every rule of a rebalance reads its data through
/// this view, which has no way to reach a row dated after S: price spans end at S, and each security's
/// metrics come from its latest row dated on or before S within <c>metrics.max_age_days</c>.
/// </summary>
public sealed class ScreeningView
{
    private readonly Universe _universe;
    private readonly int[] _metricRow;         // the metrics row each security uses at S, or -1
    private readonly Security[] _securities;   // as of S: market cap from the metrics row where the file has one

    /// <param name="universe">The loaded universe.</param>
    /// <param name="screeningIndex">Index of S in the universe's trading calendar.</param>
    /// <param name="technical">Window and close fallback.</param>
    /// <param name="metrics">The age limit of dated metrics rows (default: 400 days).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="screeningIndex"/> is outside the calendar.</exception>
    public ScreeningView(Universe universe, int screeningIndex, TechnicalConfig technical, MetricsConfig? metrics = null)
    {
        if (screeningIndex < 0 || screeningIndex >= universe.DateCount)
            throw new ArgumentOutOfRangeException(nameof(screeningIndex));
        _universe = universe;
        ScreeningIndex = screeningIndex;
        Technical = technical;
        MaxAgeDays = (metrics ?? MetricsConfig.Default).MaxAgeDays;
        _metricRow = new int[universe.SecurityCount];
        for (int i = 0; i < _metricRow.Length; i++) _metricRow[i] = UsableRow(i);
        _securities = universe.Metrics.HasMarketCap
            ? universe.Securities.Select((s, i) => s with { MarketCap = PointInTimeMarketCap(i) }).ToArray()
            : universe.Securities as Security[] ?? universe.Securities.ToArray();
    }

    public TechnicalConfig Technical { get; }

    /// <summary>Index of S in the trading calendar.</summary>
    public int ScreeningIndex { get; }
    public DateOnly ScreeningDate => _universe.Dates[ScreeningIndex];

    /// <summary><c>metrics.max_age_days</c>: the oldest dated metrics row usable at S.</summary>
    public int MaxAgeDays { get; }

    public int SecurityCount => _universe.SecurityCount;

    /// <summary>The security master as of S: with a <c>market_cap</c> column in metrics.csv, each record's
    /// market cap is the point-in-time cap of §11 (NaN when no usable row has one).</summary>
    public IReadOnlyList<Security> Securities => _securities;

    /// <summary>The metric columns of metrics.csv.</summary>
    public IReadOnlyList<string> MetricNames => _universe.MetricNames;

    /// <summary>True when metrics.csv is dated (§11), so ages of the rows used are meaningful.</summary>
    public bool HasDatedMetrics => _universe.Metrics.IsDated;

    /// <summary>The trading date <paramref name="t"/> (a calendar index on or before S).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is after S or before the calendar.</exception>
    public DateOnly TradingDate(int t) =>
        t >= 0 && t <= ScreeningIndex ? _universe.Dates[t] : throw new ArgumentOutOfRangeException(nameof(t), "only dates on or before S are visible");

    /// <summary>Security <paramref name="i"/>'s closes from the first calendar date through S (NaN where it has no row).</summary>
    public ReadOnlySpan<double> Closes(int i) => _universe.Closes(i)[..(ScreeningIndex + 1)];

    /// <summary>Security <paramref name="i"/>'s shares traded from the first calendar date through S.</summary>
    public ReadOnlySpan<double> Volumes(int i) => _universe.Volumes(i)[..(ScreeningIndex + 1)];

    public bool TryGetMetricColumn(string name, out int column) => _universe.TryGetMetricIndex(name, out column);

    /// <summary>Security <paramref name="i"/>'s value of metric column <paramref name="column"/> at S, from the one
    /// row it uses (NaN when the field is empty or it has no usable row: never filled from an older row).</summary>
    public double Metric(int i, int column) => _metricRow[i] < 0 ? double.NaN : _universe.Metrics.Value(_metricRow[i], column);

    /// <summary>Age in calendar days at S of the dated metrics row security <paramref name="i"/> uses; null when
    /// it has none within the age limit or the metrics are undated.</summary>
    public int? MetricAgeDays(int i) =>
        _metricRow[i] >= 0 && _universe.Metrics.RowDate(_metricRow[i]) is { } d ? ScreeningDate.DayNumber - d.DayNumber : null;

    /// <summary>
    /// close(i, k): the close k trading days before S, or if that day has none, the latest close within
    /// the previous <c>technical.close_fallback_days</c> trading days; NaN otherwise (or before the calendar).
    /// </summary>
    public double Close(int security, int k) => CloseAt(Closes(security), ScreeningIndex - k);

    private double CloseAt(ReadOnlySpan<double> closes, int t) => FallbackClose(closes, t, Technical.CloseFallbackDays);

    /// <summary>
    /// §2's close on calendar day <paramref name="t"/>: that day's close, or the latest within the previous
    /// <paramref name="fallbackDays"/> trading days; NaN otherwise or before the calendar. The one implementation of
    /// the rule, also for research analytics that read past S on purpose.
    /// </summary>
    public static double FallbackClose(ReadOnlySpan<double> closes, int t, int fallbackDays)
    {
        if (t < 0) return double.NaN;
        for (int u = t; u >= Math.Max(0, t - fallbackDays); u--)
            if (!double.IsNaN(closes[u])) return closes[u];
        return double.NaN;
    }

    /// <summary>
    /// Daily returns r(i,t) over the window W of <c>technical.window</c> days ending at S, oldest first:
    /// (close(t) + dividend(t)) / close(t-1) - 1, with closes as in <see cref="Close"/>; NaN where either
    /// close is missing. A dividend counts only on a day with an actual price row.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="returns"/> is not of window length.</exception>
    public void WindowReturns(int security, Span<double> returns)
    {
        int window = Technical.Window;
        if (returns.Length != window) throw new ArgumentException("returns must have window length", nameof(returns));
        var closes = Closes(security);
        var dividends = _universe.HasDividends ? _universe.Dividends(security)[..(ScreeningIndex + 1)] : default;
        int first = ScreeningIndex - window + 1;
        double previous = CloseAt(closes, first - 1);
        for (int n = 0; n < window; n++)
        {
            int t = first + n;
            double current = CloseAt(closes, t);
            if (double.IsNaN(current) || double.IsNaN(previous))
                returns[n] = double.NaN;
            else
            {
                double dividend = t >= 0 && !dividends.IsEmpty && !double.IsNaN(closes[t]) ? dividends[t] : 0.0;
                returns[n] = (current + dividend) / previous - 1.0;
            }
            previous = current;
        }
    }

    /// <summary><see cref="WindowReturnCount"/> of every security of the input, by security index.</summary>
    public int[] WindowReturnCounts()
    {
        var counts = new int[SecurityCount];
        for (int i = 0; i < counts.Length; i++) counts[i] = WindowReturnCount(i);
        return counts;
    }

    /// <summary>
    /// How many of the returns <see cref="WindowReturns"/> gives security <paramref name="security"/> are not NaN,
    /// without computing them: a return is missing exactly when its close or the previous one (each with the
    /// fallback) is, since closes are positive and dividends finite (§1). The history screen (§3.3) reads only this,
    /// for every security of the input; the returns themselves are computed for U's members alone.
    /// </summary>
    public int WindowReturnCount(int security)
    {
        var closes = Closes(security);
        int window = Technical.Window, fallback = Technical.CloseFallbackDays;
        int first = ScreeningIndex - window + 1;
        // Most securities have a close on every day of the window and the day before it: every return is there.
        if (first >= 1 && !ContainsNaN(closes[(first - 1)..])) return window;
        // The latest day with a close at or before t, carried forward as t advances: close(t) exists (with the
        // fallback) when that day is no more than `fallback` days back.
        int lastWithClose = int.MinValue / 2;
        for (int u = Math.Max(0, first - 1 - fallback); u < Math.Max(0, first - 1); u++)
            if (!double.IsNaN(closes[u])) lastWithClose = u;
        bool previous = first - 1 >= 0 && Has(closes, first - 1, fallback, ref lastWithClose);
        int count = 0;
        for (int t = first; t <= ScreeningIndex; t++)
        {
            bool current = t >= 0 && Has(closes, t, fallback, ref lastWithClose);
            if (current && previous) count++;
            previous = current;
        }
        return count;

        static bool Has(ReadOnlySpan<double> closes, int t, int fallback, ref int lastWithClose)
        {
            if (!double.IsNaN(closes[t])) lastWithClose = t;
            return t - lastWithClose <= fallback;
        }
    }

    private static bool ContainsNaN(ReadOnlySpan<double> values)
    {
        int k = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; k + Vector256<double>.Count <= values.Length; k += Vector256<double>.Count)
            {
                var v = Vector256.Create(values.Slice(k, Vector256<double>.Count));
                if (!Vector256.EqualsAll(v, v)) return true; // only NaN differs from itself
            }
        for (; k < values.Length; k++)
            if (double.IsNaN(values[k])) return true;
        return false;
    }

    /// <summary>§11: the latest row dated on or before S, if it is at most <c>metrics.max_age_days</c> old.</summary>
    private int UsableRow(int i)
    {
        var table = _universe.Metrics;
        int row = table.LatestRow(i, ScreeningDate);
        if (row < 0 || table.RowDate(row) is not { } d) return row;
        return ScreeningDate.DayNumber - d.DayNumber <= MaxAgeDays ? row : -1;
    }

    /// <summary>
    /// §11: the row's cap drifted by the price since the row's date d, <c>cap × close(i,0) / close(i,d)</c>, where
    /// close(i,d) is the close on the last trading day on or before d with the close fallback of §2. Undrifted
    /// when either close is missing or the row is undated; NaN without a usable row or with an empty cap.
    /// </summary>
    private double PointInTimeMarketCap(int i)
    {
        int row = _metricRow[i];
        if (row < 0) return double.NaN;
        double cap = _universe.Metrics.MarketCap(row);
        if (double.IsNaN(cap) || _universe.Metrics.RowDate(row) is not { } d) return cap;
        var closes = Closes(i);
        double atS = CloseAt(closes, ScreeningIndex);
        double atRow = CloseAt(closes, _universe.DateIndexOnOrBefore(d));
        return double.IsNaN(atS) || double.IsNaN(atRow) ? cap : cap * atS / atRow;
    }
}
