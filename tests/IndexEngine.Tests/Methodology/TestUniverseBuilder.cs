using IndexEngine.Core.Model;

namespace IndexEngine.Tests.Methodology;

/// <summary>
/// Builds a <see cref="Universe"/> in memory for tests: securities in any order (sorted by id on
/// <see cref="Build"/>), a calendar of consecutive weekdays, and per-security closes, volumes, dividends
/// and metrics. Anything not set is missing (NaN), as a CSV with no row or an empty field would be.
/// </summary>
internal sealed class TestUniverseBuilder
{
    private readonly List<DateOnly> _dates = [];
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _metricNames = [];
    private bool _hasDividends;
    private readonly List<(string Id, DateOnly Date, double MarketCap, Dictionary<string, double> Values)> _datedRows = [];

    private sealed class Entry(Security security, int dateCount)
    {
        public Security Security { get; set; } = security;
        public double[] Close { get; } = Filled(dateCount, double.NaN);
        public double[] Volume { get; } = Filled(dateCount, double.NaN);
        public double[] Dividend { get; } = new double[dateCount];
        public Dictionary<string, double> Metrics { get; } = new(StringComparer.Ordinal);
    }

    public TestUniverseBuilder(int dateCount, DateOnly? firstDate = null)
    {
        var date = firstDate ?? new DateOnly(2020, 1, 1);
        while (_dates.Count < dateCount)
        {
            if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) _dates.Add(date);
            date = date.AddDays(1);
        }
    }

    public IReadOnlyList<DateOnly> Dates => _dates;
    public int DateCount => _dates.Count;
    public int LastIndex => _dates.Count - 1;

    public TestUniverseBuilder AddSecurity(
        string id, double marketCap = 10e9, string sector = "Tech", string country = "US", string type = "common", string? name = null)
    {
        _entries.Add(id, new Entry(new Security(id, name ?? "Name of " + id, sector, country, type, marketCap), _dates.Count));
        return this;
    }

    /// <summary>Sets the close of every day from a function of the day index (NaN for no row).</summary>
    public TestUniverseBuilder Closes(string id, Func<int, double> closeAt)
    {
        var close = _entries[id].Close;
        for (int t = 0; t < close.Length; t++) close[t] = closeAt(t);
        return this;
    }

    public TestUniverseBuilder Close(string id, int t, double close)
    {
        _entries[id].Close[t] = close;
        return this;
    }

    public TestUniverseBuilder Volumes(string id, Func<int, double> volumeAt)
    {
        var volume = _entries[id].Volume;
        for (int t = 0; t < volume.Length; t++) volume[t] = volumeAt(t);
        return this;
    }

    public TestUniverseBuilder Volume(string id, int t, double volume)
    {
        _entries[id].Volume[t] = volume;
        return this;
    }

    /// <summary>A constant close and volume on every day: a liquid security with a full history and zero returns.</summary>
    public TestUniverseBuilder FlatPrices(string id, double close = 10, double volume = 200_000) =>
        Closes(id, _ => close).Volumes(id, _ => volume);

    public TestUniverseBuilder Dividend(string id, int t, double amount)
    {
        _entries[id].Dividend[t] = amount;
        _hasDividends = true;
        return this;
    }

    public TestUniverseBuilder Metric(string id, string name, double value)
    {
        if (!_metricNames.Contains(name)) _metricNames.Add(name);
        _entries[id].Metrics[name] = value;
        return this;
    }

    /// <summary>Declares a metric column even if no security has a value in it.</summary>
    public TestUniverseBuilder MetricColumn(string name)
    {
        if (!_metricNames.Contains(name)) _metricNames.Add(name);
        return this;
    }

    /// <summary>
    /// A dated metrics row (§11): what became known about <paramref name="id"/> on <paramref name="date"/>. Once a
    /// dated row is added, the universe's metrics are dated and values set with <see cref="Metric"/> are ignored.
    /// </summary>
    public TestUniverseBuilder DatedRow(string id, DateOnly date, double marketCap = double.NaN, params (string Name, double Value)[] values)
    {
        var row = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            if (!_metricNames.Contains(name)) _metricNames.Add(name);
            row[name] = value;
        }
        _datedRows.Add((id, date, marketCap, row));
        return this;
    }

    public Universe Build()
    {
        var entries = _entries.Values.OrderBy(e => e.Security.Id, StringComparer.Ordinal).ToArray();
        int days = _dates.Count, metrics = _metricNames.Count;
        var close = new double[entries.Length * days];
        var volume = new double[entries.Length * days];
        var dividend = _hasDividends ? new double[entries.Length * days] : null;
        var metricValues = new double[entries.Length * metrics];
        for (int i = 0; i < entries.Length; i++)
        {
            entries[i].Close.CopyTo(close, i * days);
            entries[i].Volume.CopyTo(volume, i * days);
            if (dividend is not null) entries[i].Dividend.CopyTo(dividend, i * days);
            for (int j = 0; j < metrics; j++)
                metricValues[i * metrics + j] = entries[i].Metrics.GetValueOrDefault(_metricNames[j], double.NaN);
        }
        var securities = entries.Select(e => e.Security).ToArray();
        if (_datedRows.Count == 0)
            return new Universe(securities, _dates.ToArray(), close, volume, dividend, _metricNames.ToArray(), metricValues);

        var index = securities.Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var rowValues = _datedRows.SelectMany(r => _metricNames.Select(name => r.Values.GetValueOrDefault(name, double.NaN))).ToArray();
        var table = MetricTable.Dated(securities.Length, _metricNames.ToArray(),
            _datedRows.Select(r => index[r.Id]).ToArray(), _datedRows.Select(r => r.Date).ToArray(), rowValues,
            _datedRows.Any(r => !double.IsNaN(r.MarketCap)) ? _datedRows.Select(r => r.MarketCap).ToArray() : null);
        return new Universe(securities, _dates.ToArray(), close, volume, dividend, table);
    }

    private static double[] Filled(int length, double value)
    {
        var array = new double[length];
        Array.Fill(array, value);
        return array;
    }
}
