using System.Globalization;
using System.Runtime.CompilerServices;
using System.Numerics;
using System.Text;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;
using IndexEngine.Data.Csv;

namespace IndexEngine.Data;

/// <summary>
/// Loads a universe (METHODOLOGY §1): <c>securities</c>, <c>metrics</c> and <c>prices</c> tables into a
/// validated, immutable <see cref="Universe"/>. The rules live here once, for every format: a source
/// (<see cref="CsvUniverseSource"/>, <see cref="Parquet.ParquetUniverseSource"/>) only opens the tables. Any bad
/// input stops the load with an <see cref="InputException"/> naming file, line (or row) and column. The
/// result does not depend on the order of rows in the files.
/// </summary>
public static class UniverseLoader
{
    public const string SecuritiesName = "securities";
    public const string MetricsName = "metrics";
    public const string PricesName = "prices";

    /// <summary>metrics.csv's optional columns of §11: the day a row became known and the point-in-time cap.</summary>
    public const string MetricDateColumn = "date";
    public const string MarketCapColumn = "market_cap";

    private static readonly string[] SecurityColumns = ["id", "name", "sector", "country", "security_type", "market_cap"];
    private const string SecurityColumnsText = "id,name,sector,country,security_type,market_cap (+ optional industry)";
    private static readonly string[] PriceColumns = ["date", "id", "close", "volume"];
    private const string PriceColumnsText = "date,id,close,volume (+ optional dividend)";

    /// <summary>Loads the universe in <paramref name="directory"/> in whichever format it holds (see <see cref="UniverseSources"/>).</summary>
    /// <exception cref="InputException">The folder, a file or a value is bad input.</exception>
    public static Universe Load(string directory, UnknownIdPolicy unknownIds) => UniverseSources.Open(directory).Load(unknownIds);

    /// <summary>
    /// The rules of §1 and §11 over the three tables, whatever their format: <paramref name="open"/> opens the
    /// table of a role (<see cref="SecuritiesName"/>, <see cref="MetricsName"/>, <see cref="PricesName"/>).
    /// </summary>
    /// <exception cref="InputException">A file or a value is bad input.</exception>
    internal static Universe Load<TTable>(Func<string, TTable> open, UnknownIdPolicy unknownIds) where TTable : IRowTable
    {
        // Prices are opened first so that a compressed file is already being decompressed (on the
        // read-ahead thread) while the small files are read.
        using var pricesTable = open(PricesName);
        Security[] securities;
        InputFileInfo securitiesSource;
        string securitiesFile;
        using (var securitiesTable = open(SecuritiesName))
        {
            (securities, securitiesSource) = ReadSecurities(securitiesTable);
            securitiesFile = System.IO.Path.GetFileName(securitiesTable.Path);
        }
        var ids = new IdLookup(securities, unknownIds, securitiesFile);
        InputFileInfo metricsSource;
        MetricTable metrics;
        using (var metricsTable = open(MetricsName))
            (metrics, metricsSource) = ReadMetrics(metricsTable, ids);
        var prices = ReadPrices(pricesTable, ids);

        return new Universe(securities, prices.Dates, prices.Close, prices.Volume, prices.Dividend,
            metrics, [securitiesSource, metricsSource, prices.Source]);
    }

    /// <summary>The path of <c>name.csv</c> or <c>name.csv.gz</c> in <paramref name="directory"/>; exactly one must exist.</summary>
    /// <exception cref="InputException">Neither or both exist.</exception>
    public static string Locate(string directory, string name)
    {
        var plain = Path.Combine(directory, name + ".csv");
        var gzip = plain + ".gz";
        bool hasPlain = File.Exists(plain), hasGzip = File.Exists(gzip);
        if (hasPlain && hasGzip)
            throw new InputException($"both {name}.csv and {name}.csv.gz exist: keep only one so that it is clear which is used", plain);
        if (!hasPlain && !hasGzip)
            throw new InputException($"missing {name} file: expected {name}.csv or {name}.csv.gz in the universe folder", plain);
        return hasPlain ? plain : gzip;
    }

    /// <summary>The trading calendar (§2: the sorted distinct dates of prices) from the date column alone.</summary>
    /// <exception cref="InputException">The file or a date is bad input.</exception>
    internal static IReadOnlyList<DateOnly> LoadCalendar<TTable>(TTable prices) where TTable : IRowTable
    {
        int date = prices.Require(["date"], PriceColumnsText)[0];
        var dates = new HashSet<int>();
        while (prices.Read()) dates.Add(prices.RequiredDay(date));
        return dates.Order().Select(DateOnly.FromDayNumber).ToArray();
    }

    private static (Security[] Securities, InputFileInfo Source) ReadSecurities<TTable>(TTable table) where TTable : IRowTable
    {
        var c = table.Require(SecurityColumns, SecurityColumnsText);
        int cId = c[0], cName = c[1], cSector = c[2], cCountry = c[3], cType = c[4], cCap = c[5];
        int cIndustry = table.IndexOf("industry");

        // Sectors, countries and types repeat: share one string per distinct value.
        var pool = new HashSet<string>(StringComparer.Ordinal);
        string Pooled(string s)
        {
            if (pool.TryGetValue(s, out var shared)) return shared;
            pool.Add(s);
            return s;
        }

        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        var list = new List<Security>();
        while (table.Read())
        {
            var id = table.RequiredText(cId);
            if (!lines.TryAdd(id, table.Line))
                throw table.Error($"duplicate id '{id}' (first on {table.LineWord} {lines[id]})", cId);
            string? industry = cIndustry >= 0 && !table.IsEmpty(cIndustry) ? Pooled(table.Text(cIndustry)) : null;
            list.Add(new Security(
                id,
                table.Text(cName),
                Pooled(table.Text(cSector)),
                Pooled(table.Text(cCountry)),
                Pooled(table.Text(cType)),
                table.OptionalNumber(cCap),
                industry));
        }
        if (list.Count == 0)
            throw table.NoRows("securities");
        list.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return (list.ToArray(), table.Complete());
    }

    /// <summary>
    /// metrics.csv: <c>id</c> + numeric columns (§1), optionally <c>date</c> (each row then holds what became
    /// known that day; (date, id) unique) and <c>market_cap</c> (the point-in-time cap, §11), which is kept
    /// apart from the metric columns.
    /// </summary>
    private static (MetricTable Table, InputFileInfo Source) ReadMetrics<TTable>(TTable table, IdLookup ids) where TTable : IRowTable
    {
        int cId = table.Require(["id"], "id + any numeric metric columns (+ optional date and market_cap)")[0];
        int cDate = table.IndexOf(MetricDateColumn), cCap = table.IndexOf(MarketCapColumn);
        var metricColumns = Enumerable.Range(0, table.Headers.Count).Where(col => col != cId && col != cDate && col != cCap).ToArray();
        var names = metricColumns.Select(col => table.Headers[col]).ToArray();
        int m = names.Length;

        if (cDate < 0)
        {
            var values = new double[ids.Count * m];
            Array.Fill(values, double.NaN);
            var caps = cCap < 0 ? null : new double[ids.Count];
            if (caps is not null) Array.Fill(caps, double.NaN);
            var firstLine = new long[ids.Count];
            while (table.Read())
            {
                int i = ids.Find(table, cId);
                if (i < 0) continue;
                if (firstLine[i] != 0)
                    throw table.Error($"duplicate id '{table.Text(cId)}' (first on {table.LineWord} {firstLine[i]}); a metrics file with several rows per id needs a date column", cId);
                firstLine[i] = table.Line;
                for (int j = 0; j < m; j++) values[i * m + j] = table.OptionalNumber(metricColumns[j]);
                if (caps is not null) caps[i] = table.OptionalNumber(cCap);
            }
            var undatedSource = table.Complete();
            return (MetricTable.Undated(ids.Count, names, values, caps), undatedSource);
        }

        var security = new List<int>();
        var dates = new List<DateOnly>();
        var rowValues = new List<double>();
        var rowCaps = cCap < 0 ? null : new List<double>();
        var seen = new Dictionary<(int Security, DateOnly Date), long>();
        while (table.Read())
        {
            var date = table.RequiredDate(cDate);
            int i = ids.Find(table, cId);
            if (i < 0) continue;
            if (!seen.TryAdd((i, date), table.Line))
                throw table.Error($"duplicate (date, id) ({Invariant.Date(date)}, {table.Text(cId)}) (first on {table.LineWord} {seen[(i, date)]})", cId);
            security.Add(i);
            dates.Add(date);
            for (int j = 0; j < m; j++) rowValues.Add(table.OptionalNumber(metricColumns[j]));
            rowCaps?.Add(table.OptionalNumber(cCap));
        }
        var source = table.Complete();
        return (MetricTable.Dated(ids.Count, names, security.ToArray(), dates.ToArray(), rowValues.ToArray(), rowCaps?.ToArray()), source);
    }

    private sealed record PriceArrays(DateOnly[] Dates, double[] Close, double[] Volume, double[]? Dividend, InputFileInfo Source);

    // Prices are most of the input: the loop is compiled fully optimised at once, since a batch run calls it
    // only once and would otherwise spend much of it in unoptimised (tier-0) code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static PriceArrays ReadPrices<TTable>(TTable table, IdLookup ids) where TTable : IRowTable
    {
        string path = table.Path;
        var c = table.Require(PriceColumns, PriceColumnsText);
        int cDate = c[0], cId = c[1], cClose = c[2], cVolume = c[3];
        int cDividend = table.IndexOf("dividend");

        // Rows are collected first and placed into the dense arrays once the calendar is known, so that
        // the file's row order cannot change the result.
        var rows = new PriceRows(table.RowCountHint, cDividend >= 0);
        bool anyRow = false;
        while (table.Read())
        {
            anyRow = true;
            int day = table.RequiredDay(cDate);
            int i = ids.Find(table, cId);
            if (i < 0) continue;

            double close = table.RequiredNumber(cClose, "close");
            if (!(close > 0)) throw table.Error($"close must be positive, got {CsvTable.Quote(table.Field(cClose))}", cClose);
            double volume = table.OptionalNumber(cVolume);
            if (volume < 0) throw table.Error($"volume must not be negative, got {CsvTable.Quote(table.Field(cVolume))}", cVolume);
            double dividend = 0;
            if (cDividend >= 0)
            {
                dividend = table.OptionalNumber(cDividend);
                if (dividend < 0) throw table.Error($"dividend must not be negative, got {CsvTable.Quote(table.Field(cDividend))}", cDividend);
                if (double.IsNaN(dividend)) dividend = 0;
            }
            rows.Add(day, i, table.Line, close, volume, dividend);
        }
        if (rows.Count == 0)
            throw anyRow ? new InputException($"no price row belongs to a security in {ids.SecuritiesFile}", path) : table.NoRows("prices");
        var source = table.Complete();

        // The calendar: the sorted distinct dates (§2), found with a bitmap over the day range.
        var dayOf = rows.Days;
        int minDay = int.MaxValue, maxDay = int.MinValue;
        foreach (var d in dayOf)
        {
            if (d < minDay) minDay = d;
            if (d > maxDay) maxDay = d;
        }
        var dateIndexOfDay = new int[maxDay - minDay + 1];
        foreach (var d in dayOf) dateIndexOfDay[d - minDay] = 1;
        var dates = new List<DateOnly>();
        for (int k = 0; k < dateIndexOfDay.Length; k++)
        {
            if (dateIndexOfDay[k] == 0) continue;
            dateIndexOfDay[k] = dates.Count;
            dates.Add(DateOnly.FromDayNumber(minDay + k));
        }

        int dateCount = dates.Count;
        int cells = PriceCells(path, ids.Count, dateCount, rows.HasDividends);
        var closeCells = new double[cells];
        var volumeCells = new double[cells];
        var dividendCells = rows.HasDividends ? new double[cells] : null;
        Array.Fill(closeCells, double.NaN);
        Array.Fill(volumeCells, double.NaN);
        var securityOf = rows.Securities;
        var closeOf = rows.Closes;
        var volumeOf = rows.Volumes;
        var dividendOf = rows.Dividends;
        for (int r = 0; r < securityOf.Length; r++)
        {
            int cell = securityOf[r] * dateCount + dateIndexOfDay[dayOf[r] - minDay];
            if (!double.IsNaN(closeCells[cell])) throw DuplicatePrice(table, table.Headers[cId], r, rows, ids);
            closeCells[cell] = closeOf[r];
            volumeCells[cell] = volumeOf[r];
            if (dividendCells is not null) dividendCells[cell] = dividendOf[r];
        }
        return new PriceArrays(dates.ToArray(), closeCells, volumeCells, dividendCells, source);
    }

    /// <summary>The most price cells (securities × distinct dates) a universe may have: 250 million cells take
    /// 4 GB for closes and volumes (6 GB with dividends), and one array cannot hold more than ~2.1 billion.</summary>
    public const long MaxPriceCells = 250_000_000;

    /// <summary>The number of cells of the securities × dates price arrays, checked against
    /// <see cref="MaxPriceCells"/> and against the memory available to the process before anything is allocated.
    /// Memory follows securities × distinct dates, not rows: a few rows on many dates make a large cube.</summary>
    /// <exception cref="InputException">The arrays cannot fit; the message names the sizes and what to do.</exception>
    private static int PriceCells(string path, int securities, int dates, bool hasDividends)
    {
        long cells = (long)securities * dates;
        int bytesPerCell = hasDividends ? 24 : 16;
        long bytes = cells * bytesPerCell;
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        long limit = Math.Min(MaxPriceCells, available / 2 / bytesPerCell);
        if (cells <= limit) return (int)cells;
        throw new InputException(string.Create(CultureInfo.InvariantCulture,
            $"{securities:N0} securities x {dates:N0} distinct dates = {cells:N0} price cells ({bytes / 1e9:F1} GB), more than the " +
            $"{limit:N0} cells this run can hold (at most {MaxPriceCells:N0}, and half of the {available / 1e9:F1} GB of memory available); " +
            $"load fewer securities or a shorter price history (memory follows securities x distinct dates, not rows)"),
            path);
    }

    /// <summary>Reports the second of two rows for the same (date, id); rows are placed in file order, so
    /// <paramref name="row"/> is the later one.</summary>
    private static InputException DuplicatePrice<TTable>(TTable table, string idColumn, int row, PriceRows rows, IdLookup ids) where TTable : IRowTable
    {
        int first = 0;
        while (rows.Days[first] != rows.Days[row] || rows.Securities[first] != rows.Securities[row]) first++;
        return new InputException(
            $"duplicate price for ({Invariant.Date(DateOnly.FromDayNumber(rows.Days[row]))}, {ids.IdAt(rows.Securities[row])}) (first on {table.LineWord} {rows.Lines[first]})",
            table.Path, rows.Lines[row], idColumn);
    }

    /// <summary>The parsed price rows, column by column, in file order.</summary>
    private sealed class PriceRows(int capacity, bool hasDividends)
    {
        private int[] _day = new int[capacity], _security = new int[capacity];
        private long[] _line = new long[capacity];
        private double[] _close = new double[capacity], _volume = new double[capacity];
        private double[] _dividend = hasDividends ? new double[capacity] : [];

        public int Count { get; private set; }
        public bool HasDividends => hasDividends;
        public ReadOnlySpan<int> Days => _day.AsSpan(0, Count);
        public ReadOnlySpan<int> Securities => _security.AsSpan(0, Count);
        public ReadOnlySpan<long> Lines => _line.AsSpan(0, Count);
        public ReadOnlySpan<double> Closes => _close.AsSpan(0, Count);
        public ReadOnlySpan<double> Volumes => _volume.AsSpan(0, Count);
        public ReadOnlySpan<double> Dividends => hasDividends ? _dividend.AsSpan(0, Count) : default;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(int day, int security, long line, double close, double volume, double dividend)
        {
            if (Count == _day.Length) Grow();
            _day[Count] = day;
            _security[Count] = security;
            _line[Count] = line;
            _close[Count] = close;
            _volume[Count] = volume;
            if (hasDividends) _dividend[Count] = dividend;
            Count++;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Grow()
        {
            int size = _day.Length + _day.Length / 2 + 1024;
            Array.Resize(ref _day, size);
            Array.Resize(ref _security, size);
            Array.Resize(ref _line, size);
            Array.Resize(ref _close, size);
            Array.Resize(ref _volume, size);
            if (hasDividends) Array.Resize(ref _dividend, size);
        }
    }

    /// <summary>
    /// Finds a row's security from the id's UTF-8 bytes: an open-addressing table of the securities' ids,
    /// so that no string is made per row and no generic dictionary code runs unoptimised in a short run.
    /// </summary>
    private sealed class IdLookup
    {
        private readonly string[] _ids;
        private readonly byte[][] _keys;
        private readonly int[] _slots; // security index + 1; 0 = empty
        private readonly int _mask;
        private readonly UnknownIdPolicy _policy;

        public IdLookup(IReadOnlyList<Security> securities, UnknownIdPolicy policy, string securitiesFile)
        {
            _policy = policy;
            SecuritiesFile = securitiesFile;
            _ids = securities.Select(s => s.Id).ToArray();
            _keys = _ids.Select(Encoding.UTF8.GetBytes).ToArray();
            int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, 2 * _ids.Length));
            _slots = new int[size];
            _mask = size - 1;
            for (int i = 0; i < _keys.Length; i++)
            {
                int slot = (int)(Hash(_keys[i]) & (uint)_mask);
                while (_slots[slot] != 0) slot = (slot + 1) & _mask;
                _slots[slot] = i + 1;
            }
        }

        public int Count => _ids.Length;

        /// <summary>The securities file's name, for messages.</summary>
        public string SecuritiesFile { get; }

        public string IdAt(int i) => _ids[i];

        /// <summary>The security index of the row's id; -1 for an unknown id under the ignore policy.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int Find<TTable>(TTable table, int column) where TTable : IRowTable
        {
            var id = table.Field(column);
            if (id.IsEmpty) throw table.Error("id is required but the field is empty", column);
            for (int slot = (int)(Hash(id) & (uint)_mask); ; slot = (slot + 1) & _mask)
            {
                int entry = _slots[slot];
                if (entry == 0) break;
                if (id.SequenceEqual(_keys[entry - 1])) return entry - 1;
            }
            if (_policy == UnknownIdPolicy.Error)
                throw table.Error($"id {CsvTable.Quote(id)} is not in {SecuritiesFile} (set data.unknown_ids to ignore to skip such rows)", column);
            return -1;
        }

        /// <summary>FNV-1a: ids are short, so a byte-wise hash is as fast as any.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static uint Hash(ReadOnlySpan<byte> bytes)
        {
            uint hash = 2166136261;
            foreach (var b in bytes) hash = (hash ^ b) * 16777619;
            return hash;
        }
    }
}
