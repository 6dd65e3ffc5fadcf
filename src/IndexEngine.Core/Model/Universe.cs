namespace IndexEngine.Core.Model;

/// <summary>
/// An immutable, validated universe held as dense security × date arrays so that the numeric
/// core can walk one security's history contiguously. Securities are ordered by id (ordinal), dates
/// ascending; missing values are NaN (closes, volumes, metrics) and dividends default to 0.
/// Rules never read it directly: they read a screening date's <c>ScreeningView</c> view, which cannot
/// reach a row dated after that date.
/// <para>
/// A universe loaded for a <see cref="PriceWindow"/> holds the prices of a contiguous range of the trading
/// calendar only: <see cref="Dates"/> is that range (and every date index counts in it), while
/// <see cref="Calendar"/> is still the whole calendar, for what only needs dates (effective dates, the
/// schedule, how much history precedes a date). Loaded whole, the two are the same list.
/// </para>
/// </summary>
public sealed class Universe
{
    private readonly double[] _close;
    private readonly double[] _volume;
    private readonly double[]? _dividend;
    private double[]? _noDividends; // one shared row of zeros for a universe without a dividend column
    private readonly Dictionary<string, int> _indexById;
    private readonly Dictionary<string, int> _metricIndex;

    public Universe(
        IReadOnlyList<Security> securities,
        IReadOnlyList<DateOnly> dates,
        double[] close,
        double[] volume,
        double[]? dividend,
        IReadOnlyList<string> metricNames,
        double[] metrics,
        IReadOnlyList<InputFileInfo>? sources = null)
        : this(securities, dates, close, volume, dividend, MetricTable.Undated(securities.Count, metricNames, metrics), sources)
    {
    }

    /// <param name="calendar">The whole trading calendar when <paramref name="dates"/> is a window of it; null: the dates.</param>
    /// <exception cref="ArgumentException">Securities not sorted and unique, dates not ascending or not a contiguous
    /// range of the calendar, or arrays that do not match the counts.</exception>
    public Universe(
        IReadOnlyList<Security> securities,
        IReadOnlyList<DateOnly> dates,
        double[] close,
        double[] volume,
        double[]? dividend,
        MetricTable metrics,
        IReadOnlyList<InputFileInfo>? sources = null,
        IReadOnlyList<DateOnly>? calendar = null)
    {
        for (int i = 1; i < securities.Count; i++)
            if (string.CompareOrdinal(securities[i - 1].Id, securities[i].Id) >= 0)
                throw new ArgumentException("Securities must be sorted by id (ordinal) and unique.", nameof(securities));
        for (int t = 1; t < dates.Count; t++)
            if (dates[t - 1] >= dates[t])
                throw new ArgumentException("Dates must be strictly ascending.", nameof(dates));
        int cells = securities.Count * dates.Count;
        if (close.Length != cells || volume.Length != cells || (dividend is not null && dividend.Length != cells))
            throw new ArgumentException("Price arrays must be securities × dates.");
        if (metrics.SecurityCount != securities.Count)
            throw new ArgumentException("Metric table must cover the securities.", nameof(metrics));

        Securities = securities;
        Dates = dates;
        Calendar = calendar ?? dates;
        CalendarOffset = OffsetIn(Calendar, dates);
        Metrics = metrics;
        Sources = sources ?? [];
        _close = close;
        _volume = volume;
        _dividend = dividend;
        _indexById = new Dictionary<string, int>(securities.Count, StringComparer.Ordinal);
        for (int i = 0; i < securities.Count; i++) _indexById.Add(securities[i].Id, i);
        _metricIndex = new Dictionary<string, int>(metrics.Names.Count, StringComparer.Ordinal);
        for (int j = 0; j < metrics.Names.Count; j++) _metricIndex.Add(metrics.Names[j], j);
    }

    public IReadOnlyList<Security> Securities { get; }
    public IReadOnlyList<DateOnly> Dates { get; }
    public IReadOnlyList<string> MetricNames => Metrics.Names;

    /// <summary>The whole trading calendar (§2: every distinct price date), also when only a window of it is loaded.</summary>
    public IReadOnlyList<DateOnly> Calendar { get; }

    /// <summary>The index of <c>Dates[0]</c> in <see cref="Calendar"/> (0 when loaded whole).</summary>
    public int CalendarOffset { get; }

    /// <summary>True when <see cref="Dates"/> is the whole calendar.</summary>
    public bool IsWhole => Dates.Count == Calendar.Count;

    /// <summary>The rows of metrics.csv, dated or not (§11).</summary>
    public MetricTable Metrics { get; }
    public IReadOnlyList<InputFileInfo> Sources { get; }
    public int SecurityCount => Securities.Count;
    public int DateCount => Dates.Count;
    public bool HasDividends => _dividend is not null;

    /// <summary>Closes of security <paramref name="i"/> over all dates (NaN where it has no row).</summary>
    public ReadOnlySpan<double> Closes(int i) => _close.AsSpan(i * DateCount, DateCount);

    /// <summary>Shares traded by security <paramref name="i"/> (NaN where it has no row or no volume).</summary>
    public ReadOnlySpan<double> Volumes(int i) => _volume.AsSpan(i * DateCount, DateCount);

    /// <summary>Cash dividends of security <paramref name="i"/> on their ex-dates (0 elsewhere).</summary>
    public ReadOnlySpan<double> Dividends(int i) =>
        _dividend is null ? (_noDividends ??= new double[DateCount]) : _dividend.AsSpan(i * DateCount, DateCount);

    public double Close(int i, int t) => _close[i * DateCount + t];
    public double Dividend(int i, int t) => _dividend is null ? 0.0 : _dividend[i * DateCount + t];

    /// <summary>Value of metric <paramref name="j"/> for security <paramref name="i"/> of an undated metrics
    /// table (NaN if missing). Dated metrics are read at a screening date through its view.</summary>
    /// <exception cref="InvalidOperationException">The metrics are dated.</exception>
    public double Metric(int i, int j) => Metrics.IsDated
        ? throw new InvalidOperationException("dated metrics have no single value per security: read them through a screening date's view")
        : Metrics.Value(i, j);

    public bool TryGetSecurityIndex(string id, out int index) => _indexById.TryGetValue(id, out index);
    public bool TryGetMetricIndex(string name, out int index) => _metricIndex.TryGetValue(name, out index);

    /// <summary>Index of the last trading date on or before <paramref name="date"/>, or -1.</summary>
    public int DateIndexOnOrBefore(DateOnly date) => IndexOnOrBefore(Dates, date);

    /// <summary>Index of <paramref name="date"/> in the whole <see cref="Calendar"/>, or -1 if it is not a trading day.</summary>
    public int CalendarIndexOf(DateOnly date)
    {
        int c = IndexOnOrBefore(Calendar, date);
        return c >= 0 && Calendar[c] == date ? c : -1;
    }

    private static int IndexOnOrBefore(IReadOnlyList<DateOnly> dates, DateOnly date)
    {
        int lo = 0, hi = dates.Count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (dates[mid] <= date) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found;
    }

    /// <summary>Where <paramref name="dates"/> starts in <paramref name="calendar"/>, checking that it is a contiguous range of it.</summary>
    private static int OffsetIn(IReadOnlyList<DateOnly> calendar, IReadOnlyList<DateOnly> dates)
    {
        if (ReferenceEquals(calendar, dates) || dates.Count == 0) return 0;
        int offset = IndexOnOrBefore(calendar, dates[0]);
        if (offset < 0 || offset + dates.Count > calendar.Count)
            throw new ArgumentException("The dates must be a contiguous range of the calendar.", nameof(dates));
        for (int t = 0; t < dates.Count; t++)
            if (calendar[offset + t] != dates[t])
                throw new ArgumentException("The dates must be a contiguous range of the calendar.", nameof(dates));
        return offset;
    }

    /// <summary>Index of <paramref name="date"/> in the calendar, or -1 if it is not a trading day.</summary>
    public int DateIndexOf(DateOnly date)
    {
        int t = DateIndexOnOrBefore(date);
        return t >= 0 && Dates[t] == date ? t : -1;
    }
}

/// <summary>An input file that fed a run, with its SHA-256 for the audit trail in summary.json.</summary>
public sealed record InputFileInfo(string Role, string Path, string Sha256);
