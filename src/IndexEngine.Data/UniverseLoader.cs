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

    /// <summary>Loads the universe in <paramref name="directory"/> in whichever format it holds (see <see cref="UniverseSources"/>),
    /// with a <paramref name="window"/> only the prices of that window.</summary>
    /// <exception cref="InputException">The folder, a file or a value is bad input.</exception>
    public static Universe Load(string directory, UnknownIdPolicy unknownIds, PriceWindow? window = null) =>
        UniverseSources.Open(directory).Load(unknownIds, window);

    /// <summary>How a windowed load learns the trading calendar, which it needs to know which rows are in the window.</summary>
    internal enum WindowedRead
    {
        /// <summary>One pass over the prices (a CSV text): rows are kept by a calendar-day bound of the window
        /// while every row's date is collected, then trimmed to the exact window; read again only when the
        /// calendar was too sparse for the bound.</summary>
        OnePass,

        /// <summary>The date column first (cheap in a columnar file), then only the rows of the window, placed
        /// straight into the arrays (a Parquet file, skipping row groups by their date statistics).</summary>
        CalendarFirst,
    }

    /// <summary>
    /// The rules of §1 and §11 over the three tables, whatever their format: <paramref name="open"/> opens the
    /// table of a role (<see cref="SecuritiesName"/>, <see cref="MetricsName"/>, <see cref="PricesName"/>),
    /// reading only the named columns where the format can (all when null). With a <paramref name="window"/>,
    /// only the prices of that window are loaded (see <see cref="PriceWindow"/>); the universe keeps the whole
    /// calendar.
    /// </summary>
    /// <exception cref="InputException">A file or a value is bad input.</exception>
    internal static Universe Load<TTable>(
        Func<string, IReadOnlyCollection<string>?, TTable> open, UnknownIdPolicy unknownIds, PriceWindow? window = null,
        WindowedRead windowed = WindowedRead.OnePass) where TTable : IRowTable
    {
        // Prices are opened first so that a compressed file is already being decompressed (on the
        // read-ahead thread) while the small files are read.
        using var pricesTable = open(PricesName, null);
        Security[] securities;
        InputFileInfo securitiesSource;
        string securitiesFile;
        using (var securitiesTable = open(SecuritiesName, null))
        {
            (securities, securitiesSource) = ReadSecurities(securitiesTable);
            securitiesFile = System.IO.Path.GetFileName(securitiesTable.Path);
        }
        var ids = new IdLookup(securities, unknownIds, securitiesFile);
        InputFileInfo metricsSource;
        MetricTable metrics;
        using (var metricsTable = open(MetricsName, null))
            (metrics, metricsSource) = ReadMetrics(metricsTable, ids);

        PriceArrays prices;
        IReadOnlyList<DateOnly>? calendar = null;
        if (window is null)
            prices = ReadPrices(pricesTable, ids, () => open(PricesName, null));
        else if (windowed == WindowedRead.CalendarFirst)
        {
            // Under data.unknown_ids: ignore a row of an unknown id adds no date, so the ids are read too.
            using (var dates = open(PricesName, unknownIds == UnknownIdPolicy.Ignore ? ["date", "id"] : ["date"]))
                calendar = ReadCalendar(dates, unknownIds == UnknownIdPolicy.Ignore ? ids : null);
            prices = ReadPricesWithin(pricesTable, ids, calendar, window.Resolve(calendar), () => open(PricesName, null));
        }
        else
        {
            var kept = ReadPricesBounded(pricesTable, ids, window, out var allDates);
            calendar = allDates;
            if (kept is null)
            {
                using var again = open(PricesName, null);
                kept = ReadPricesWithin(again, ids, allDates, window.Resolve(allDates), () => open(PricesName, null));
            }
            prices = kept;
        }

        return new Universe(securities, prices.Dates, prices.Close, prices.Volume, prices.Dividend,
            metrics, [securitiesSource, metricsSource, prices.Source], calendar);
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
        var dates = new DaySet();
        while (prices.Read()) dates.Add(prices.RequiredDay(date));
        return dates.ToCalendar();
    }

    /// <summary>The calendar of a windowed load: the distinct dates of every row, or with <paramref name="ids"/>
    /// (under <c>data.unknown_ids: ignore</c>) of every row of a known security. Dates and those ids are checked on
    /// every row; the rest of a row only when it is in the window.</summary>
    /// <exception cref="InputException">No rows, no row of a known security, or a bad date or id.</exception>
    private static DateOnly[] ReadCalendar<TTable>(TTable table, IdLookup? ids) where TTable : IRowTable
    {
        int cDate = table.Require(["date"], PriceColumnsText)[0];
        int cId = ids is null ? -1 : table.Require(["id"], PriceColumnsText)[0];
        var days = new DaySet();
        bool anyRow = false;
        if (ids is null && table is Parquet.ParquetTable parquet)
            anyRow = parquet.ReadDays(cDate, days); // a column at a time, not row by row
        else
            while (table.Read())
            {
                anyRow = true;
                int day = table.RequiredDay(cDate);
                if (ids is not null && ids.Find(table, cId) < 0) continue;
                days.Add(day);
            }
        if (days.IsEmpty)
            throw anyRow ? new InputException($"no price row belongs to a security in {ids!.SecuritiesFile}", table.Path) : table.NoRows("prices");
        return days.ToCalendar();
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

    /// <summary>The columns of the prices table; <see cref="Dividend"/> is -1 without a dividend column.</summary>
    private readonly record struct PriceColumnIndex(int Date, int Id, int Close, int Volume, int Dividend);

    private static PriceColumnIndex PriceColumnsOf<TTable>(TTable table) where TTable : IRowTable
    {
        var c = table.Require(PriceColumns, PriceColumnsText);
        return new PriceColumnIndex(c[0], c[1], c[2], c[3], table.IndexOf("dividend"));
    }

    // Prices are most of the input: the loops are compiled fully optimised at once, since a batch run calls them
    // only once and would otherwise spend much of it in unoptimised (tier-0) code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static PriceArrays ReadPrices<TTable>(TTable table, IdLookup ids, Func<TTable> reopen) where TTable : IRowTable
    {
        var c = PriceColumnsOf(table);

        // Rows go straight into a column of cells per date and are put in calendar order once the calendar is
        // known, so that the file's row order cannot change the result.
        var cells = new DateColumns(ids.Count, c.Dividend >= 0);
        bool anyRow = false;
        PriceRowAt? duplicate = null;
        while (table.Read())
        {
            anyRow = true;
            int day = table.RequiredDay(c.Date);
            int i = ids.Find(table, c.Id);
            if (i < 0) continue;
            var (close, volume, dividend) = Values(table, c);
            if (!cells.TryAdd(day, i, table.Line, close, volume, dividend)) duplicate ??= new(day, i, table.Line);
        }
        if (cells.IsEmpty)
            throw anyRow ? new InputException($"no price row belongs to a security in {ids.SecuritiesFile}", table.Path) : table.NoRows("prices");
        var source = table.Complete();

        // As when the rows were placed after the read: every row is checked first, then the size of the arrays,
        // then the first row (in file order) that repeats a (date, id) is reported, its first row found by reading again.
        var dates = cells.Calendar();
        var (closes, volumes, dividends) = cells.NewCube(table.Path, dates.Length);
        var late = cells.CopyTo(dates, closes, volumes, dividends);
        if (late is { } l && (duplicate is null || l.Line < duplicate.Value.Line)) duplicate = late;
        if (duplicate is { } d)
            throw DuplicatePrice(table, c, d.Day, d.Security, ids, FirstLineOf(reopen, d.Day, d.Security, ids), d.Line);
        return new PriceArrays(dates, closes, volumes, dividends, source);
    }

    /// <summary>
    /// A windowed load in one pass (<see cref="WindowedRead.OnePass"/>): every row's date and id are checked and
    /// its date goes into <paramref name="calendar"/>; a row within the calendar-day bound of the window is kept with
    /// its values as text (for a window ending at the last date, the bound follows the newest date seen, and rows
    /// left behind are dropped as the buffer fills). At the end the exact window is known: the values of the rows
    /// in it are parsed, checked and placed. Null when the window reaches past the bound: the caller reads again
    /// with <see cref="ReadPricesWithin{TTable}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static PriceArrays? ReadPricesBounded<TTable>(TTable table, IdLookup ids, PriceWindow window, out DateOnly[] calendar) where TTable : IRowTable
    {
        var c = PriceColumnsOf(table);
        var pending = new PendingPrices(Math.Min(table.RowCountHint, 1 << 18), c.Close, c.Volume, c.Dividend);
        var days = new DaySet();
        bool anyRow = false, atEnd = window.From is null;
        long before = window.CalendarDaysBeforeBound;
        long low = atEnd ? long.MinValue : window.From!.Value.DayNumber - before;
        long high = atEnd ? long.MaxValue : (window.To ?? window.From!.Value).DayNumber + (long)window.CalendarDaysAfterBound;
        int newest = int.MinValue;
        while (table.Read())
        {
            anyRow = true;
            int day = table.RequiredDay(c.Date);
            int i = ids.Find(table, c.Id);
            if (i < 0) continue;
            days.Add(day);
            if (atEnd && day > newest)
            {
                newest = day;
                low = day - before;
            }
            if (day < low || day > high) continue;
            if (atEnd && pending.IsFull) pending.MakeRoom(low);
            pending.Add(day, i, table.Line, table.Field(c.Close), table.Field(c.Volume), c.Dividend >= 0 ? table.Field(c.Dividend) : default);
        }
        if (days.IsEmpty)
            throw anyRow ? new InputException($"no price row belongs to a security in {ids.SecuritiesFile}", table.Path) : table.NoRows("prices");
        calendar = days.ToCalendar();
        var (first, last) = window.Resolve(calendar);
        if (calendar[first].DayNumber < low || calendar[last].DayNumber > high) return null;
        var source = table.Complete();
        pending.Keep(calendar[first].DayNumber, calendar[last].DayNumber);
        var cube = new PriceCube(table.Path, ids.Count, calendar, first, last, c.Dividend >= 0);
        var rows = pending.Rows(table);
        while (rows.Read())
        {
            var (close, volume, dividend) = Values(rows, c);
            if (!cube.TryPlace(rows.Day, rows.Security, close, volume, dividend))
                throw DuplicatePrice(table, c, rows.Day, rows.Security, ids, pending.FirstLineOf(rows.Day, rows.Security), rows.Line);
        }
        return cube.Arrays(source);
    }

    /// <summary>
    /// A windowed load with the calendar known (<see cref="WindowedRead.CalendarFirst"/>, or a second pass): every
    /// row read has its date and id checked, rows in calendar[window] are read and checked in full and placed
    /// straight into the arrays, so no row list is held. The table may skip rows outside the window unread.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static PriceArrays ReadPricesWithin<TTable>(
        TTable table, IdLookup ids, IReadOnlyList<DateOnly> calendar, (int First, int Last) window, Func<TTable> reopen) where TTable : IRowTable
    {
        var c = PriceColumnsOf(table);
        int firstDay = calendar[window.First].DayNumber, lastDay = calendar[window.Last].DayNumber;
        table.SkipOutside(c.Date, firstDay, lastDay);
        var cube = new PriceCube(table.Path, ids.Count, calendar, window.First, window.Last, c.Dividend >= 0);
        if (table is Parquet.ParquetTable parquet && reopen is Func<Parquet.ParquetTable> again && parquet.IsDate(c.Date) &&
            parquet.IsText(c.Id) && parquet.IsNumber(c.Close) && parquet.IsNumber(c.Volume) && (c.Dividend < 0 || parquet.IsNumber(c.Dividend)))
            PlaceRowGroups(parquet, c, ids, cube, firstDay, lastDay, again);
        else
            while (table.Read()) PlaceRow(table, c, ids, cube, firstDay, lastDay, reopen);
        return cube.Arrays(table.Complete());
    }

    /// <summary>The current row of <see cref="ReadPricesWithin{TTable}"/>: its date and id checked, and in the
    /// window its values checked and placed.</summary>
    /// <exception cref="InputException">The row breaks a rule of §1, or is a second row for its (date, id).</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PlaceRow<TTable>(TTable table, PriceColumnIndex c, IdLookup ids, PriceCube cube, int firstDay, int lastDay, Func<TTable> reopen)
        where TTable : IRowTable
    {
        int day = table.RequiredDay(c.Date);
        int i = ids.Find(table, c.Id);
        if (i < 0 || day < firstDay || day > lastDay) return;
        var (close, volume, dividend) = Values(table, c);
        if (!cube.TryPlace(day, i, close, volume, dividend))
            throw DuplicatePrice(table, c, day, i, ids, FirstLineOf(reopen, day, i, ids), table.Line);
    }

    /// <summary>
    /// <see cref="ReadPricesWithin{TTable}"/> over a Parquet file a decoded row group at a time (the next one is
    /// decoded on another thread meanwhile): one tight loop over the columns places the rows that pass every check
    /// of §1 at a glance (a known id, a positive finite close, a volume and a dividend null or finite and not
    /// negative). Any other row (a null date, an unknown or empty id, a bad value) goes through
    /// <see cref="PlaceRow{TTable}"/>, which applies the rules and reports it as the row-by-row read does, so the
    /// rules and their messages stay in one place.
    /// </summary>
    /// <exception cref="InputException">A row breaks a rule of §1, or is a second row for its (date, id).</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PlaceRowGroups(
        Parquet.ParquetTable table, PriceColumnIndex c, IdLookup ids, PriceCube cube, int firstDay, int lastDay, Func<Parquet.ParquetTable> reopen)
    {
        bool hasDividend = c.Dividend >= 0;
        while (table.ReadGroup())
        {
            var days = table.Days(c.Date);
            var dayNull = table.Nulls(c.Date);
            var idBytes = table.TextBytes(c.Id);
            var idStart = table.TextStarts(c.Id);
            var closes = table.Numbers(c.Close);
            var volumes = table.Numbers(c.Volume);
            var volumeNull = table.Nulls(c.Volume);
            var dividends = hasDividend ? table.Numbers(c.Dividend) : default;
            var dividendNull = hasDividend ? table.Nulls(c.Dividend) : default;
            for (int r = 0; r < days.Length; r++)
            {
                int day = days[r];
                int i = dayNull[r] || day < 0 ? -1 : ids.Match(idBytes[idStart[r]..idStart[r + 1]]);
                if (i >= 0 && (day < firstDay || day > lastDay)) continue;
                double close = closes[r], volume = volumes[r], dividend = 0;
                // NaN (a null) fails the comparisons: close must be there, volume may be null.
                bool plain = i >= 0 && close > 0 && close < double.PositiveInfinity &&
                    (volume >= 0 && volume < double.PositiveInfinity || volumeNull[r]);
                if (hasDividend && !dividendNull[r])
                {
                    dividend = dividends[r];
                    plain &= dividend >= 0 && dividend < double.PositiveInfinity;
                }
                if (!plain)
                {
                    table.MoveTo(r);
                    PlaceRow(table, c, ids, cube, firstDay, lastDay, reopen);
                }
                else if (!cube.TryPlace(day, i, close, volume, dividend))
                {
                    table.MoveTo(r);
                    throw DuplicatePrice(table, c, day, i, ids, FirstLineOf(reopen, day, i, ids), table.Line);
                }
            }
        }
    }

    /// <summary>The arrays of a window of a known calendar, filled row by row: no row list is held.</summary>
    private sealed class PriceCube
    {
        private readonly DateOnly[] _dates;
        private readonly int[] _dateIndexOfDay; // by day - first day; -1 for a day not in the calendar
        private readonly int _firstDay;
        private readonly double[] _close, _volume;
        private readonly double[]? _dividend;
        private readonly int _securities;
        // A bit per cell, day-major, set once the cell has its row. Rows sorted by date test it in order, where
        // testing the closes (security-major, a cell a page apart row after row) for NaN cost a cache miss per
        // row; and the closes and volumes need no NaN fill beforehand, only their cells left without a row.
        private readonly ulong[] _placed;

        /// <exception cref="InputException">The arrays would not fit (<see cref="PriceCells"/>).</exception>
        public PriceCube(string path, int securities, IReadOnlyList<DateOnly> calendar, int first, int last, bool hasDividends)
        {
            _dates = new DateOnly[last - first + 1];
            _firstDay = calendar[first].DayNumber;
            _dateIndexOfDay = new int[calendar[last].DayNumber - _firstDay + 1];
            Array.Fill(_dateIndexOfDay, -1);
            for (int t = 0; t < _dates.Length; t++)
            {
                _dates[t] = calendar[first + t];
                _dateIndexOfDay[_dates[t].DayNumber - _firstDay] = t;
            }
            int cells = PriceCells(path, securities, _dates.Length, hasDividends);
            _close = new double[cells];
            _volume = new double[cells];
            _dividend = hasDividends ? new double[cells] : null;
            _securities = securities;
            _placed = new ulong[((long)cells + 63) / 64];
        }

        /// <summary>Places a row of a day in the window; false when the cell already has one (a duplicate).</summary>
        /// <exception cref="InvalidOperationException">The day is not in the calendar (a bug: the calendar holds every row's date).</exception>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryPlace(int day, int security, double close, double volume, double dividend)
        {
            int t = _dateIndexOfDay[day - _firstDay];
            if (t < 0) throw new InvalidOperationException("a price date in the window is not in the calendar read before it");
            int bit = t * _securities + security;
            ref ulong placed = ref _placed[bit >> 6];
            if ((placed & (1UL << bit)) != 0) return false;
            placed |= 1UL << bit;
            int cell = security * _dates.Length + t;
            _close[cell] = close;
            _volume[cell] = volume;
            if (_dividend is not null) _dividend[cell] = dividend;
            return true;
        }

        /// <summary>The arrays, their cells without a row NaN (close, volume) and 0 (dividend) as
        /// <see cref="Cube"/> makes them.</summary>
        public PriceArrays Arrays(InputFileInfo source)
        {
            int dates = _dates.Length;
            for (int word = 0; word < _placed.Length; word++)
            {
                ulong empty = ~_placed[word];
                while (empty != 0)
                {
                    int bit = word * 64 + BitOperations.TrailingZeroCount(empty);
                    empty &= empty - 1;
                    if (bit >= _close.Length) break;
                    int cell = bit % _securities * dates + bit / _securities;
                    _close[cell] = double.NaN;
                    _volume[cell] = double.NaN;
                }
            }
            return new(_dates, _close, _volume, _dividend, source);
        }
    }

    /// <summary>A price row's close, volume and dividend, checked (§1): close required and positive, volume and
    /// dividend not negative, an empty dividend 0 (and 0 without a dividend column).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double Close, double Volume, double Dividend) Values<TTable>(TTable table, PriceColumnIndex c) where TTable : IRowTable
    {
        double close = table.RequiredNumber(c.Close, "close");
        if (!(close > 0)) throw table.Error($"close must be positive, got {CsvTable.Quote(table.Field(c.Close))}", c.Close);
        double volume = table.OptionalNumber(c.Volume);
        if (volume < 0) throw table.Error($"volume must not be negative, got {CsvTable.Quote(table.Field(c.Volume))}", c.Volume);
        double dividend = 0;
        if (c.Dividend >= 0)
        {
            dividend = table.OptionalNumber(c.Dividend);
            if (dividend < 0) throw table.Error($"dividend must not be negative, got {CsvTable.Quote(table.Field(c.Dividend))}", c.Dividend);
            if (double.IsNaN(dividend)) dividend = 0;
        }
        return (close, volume, dividend);
    }

    /// <summary>The close and volume arrays (NaN: no row) and the dividend array (0) of securities × dates, once
    /// their size is checked (<see cref="PriceCells"/>).</summary>
    private static (double[] Close, double[] Volume, double[]? Dividend) Cube(string path, int securities, int dates, bool hasDividends)
    {
        int cells = PriceCells(path, securities, dates, hasDividends);
        var close = new double[cells];
        var volume = new double[cells];
        Array.Fill(close, double.NaN);
        Array.Fill(volume, double.NaN);
        return (close, volume, hasDividends ? new double[cells] : null);
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
        long limit = CellLimit(hasDividends, out long available);
        if (cells <= limit) return (int)cells;
        throw new InputException(string.Create(CultureInfo.InvariantCulture,
            $"{securities:N0} securities x {dates:N0} distinct dates = {cells:N0} price cells ({bytes / 1e9:F1} GB), more than the " +
            $"{limit:N0} cells this run can hold (at most {MaxPriceCells:N0}, and half of the {available / 1e9:F1} GB of memory available); " +
            $"load fewer securities or a shorter price history (memory follows securities x distinct dates, not rows)"),
            path);
    }

    /// <summary>The most price cells this run can hold (<see cref="PriceCells"/>).</summary>
    private static long CellLimit(bool hasDividends, out long available)
    {
        available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return Math.Min(MaxPriceCells, available / 2 / (hasDividends ? 24 : 16));
    }

    /// <summary>Reports the second (at <paramref name="line"/>) of two rows for the same (date, id).</summary>
    private static InputException DuplicatePrice<TTable>(TTable table, PriceColumnIndex c, int day, int security, IdLookup ids, long firstLine, long line)
        where TTable : IRowTable =>
        new($"duplicate price for ({Invariant.Date(DateOnly.FromDayNumber(day))}, {ids.IdAt(security)}) (first on {table.LineWord} {firstLine})",
            table.Path, line, table.Headers[c.Id]);

    /// <summary>On the error path of a load without a row list: reads the prices again for the first row of (day, security).</summary>
    private static long FirstLineOf<TTable>(Func<TTable> reopen, int day, int security, IdLookup ids) where TTable : IRowTable
    {
        using var table = reopen();
        var c = PriceColumnsOf(table);
        table.SkipOutside(c.Date, day, day);
        while (table.Read())
            if (table.RequiredDay(c.Date) == day && ids.Find(table, c.Id) == security) return table.Line;
        throw new InvalidOperationException($"{table.Path}: the duplicate's first row was not found on reading again");
    }

    /// <summary>A price row's date (day number), security and line.</summary>
    private readonly record struct PriceRowAt(int Day, int Security, long Line);

    /// <summary>
    /// The cells of a full load, gathered as the rows are read: a column of every security's close, volume and
    /// dividend per date, the dates numbered in the order they first appear. A file sorted by date fills one column
    /// after the other, each row's cell near the previous row's, and no row list is held. <see cref="CopyTo"/> then
    /// writes the securities × dates arrays in calendar order, a tile of dates at a time on every core. Sparse input
    /// (few rows per date among many securities) would make columns cost far more than its rows, so once the columns
    /// would hold more than <see cref="SparseFactor"/> cells a row (beyond the first <see cref="FreeCells"/>), or more
    /// cells than the arrays may have (<see cref="CellLimit"/>), the rows of dates without a column are kept as a list
    /// instead.
    /// </summary>
    private sealed class DateColumns
    {
        private const int BlockCells = 1 << 19; // the columns are allocated in blocks of about this many cells (4 MB)
        private const long FreeCells = 1 << 22;
        private const int SparseFactor = 4;
        private const int TileDates = 64;       // dates written together: 512 bytes of each security's row
        private const int TileSecurities = 32;

        private readonly int _securities, _columnsPerBlock;
        private readonly long _cellLimit;
        private readonly bool _hasDividends;
        private readonly int[] _columnOfDay = new int[DateOnly.MaxValue.DayNumber + 1]; // column + 1; 0: none
        private readonly List<double[]> _close = [], _volume = [], _dividend = [];
        private readonly DaySet _days = new();
        private readonly LateRows _late = new();
        private int _columns;
        private bool _noMoreColumns;
        private long _placed;

        // The column of the last row's date (null: the date has none), so that rows of one date look up nothing.
        private int _lastDay = -1, _offset;
        private double[]? _closeBlock, _volumeBlock, _dividendBlock;

        public DateColumns(int securities, bool hasDividends)
        {
            _securities = securities;
            _hasDividends = hasDividends;
            _columnsPerBlock = Math.Max(1, BlockCells / securities);
            _cellLimit = CellLimit(hasDividends, out _);
        }

        public bool IsEmpty => _days.IsEmpty;

        /// <summary>Keeps a checked row; false when its (date, security) already has one (a duplicate, not kept).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryAdd(int day, int security, long line, double close, double volume, double dividend)
        {
            if (day != _lastDay) ToDay(day);
            if (_closeBlock is null)
            {
                _late.Add(day, security, line, close, volume, dividend);
                return true;
            }
            int cell = _offset + security;
            if (!double.IsNaN(_closeBlock[cell])) return false;
            _closeBlock[cell] = close;
            _volumeBlock![cell] = volume;
            if (_dividendBlock is not null) _dividendBlock[cell] = dividend;
            _placed++;
            return true;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void ToDay(int day)
        {
            _lastDay = day;
            _days.Add(day);
            int column = _columnOfDay[day] - 1;
            if (column < 0 && !_noMoreColumns) column = NewColumn(day);
            if (column < 0)
            {
                _closeBlock = _volumeBlock = _dividendBlock = null;
                return;
            }
            int block = column / _columnsPerBlock;
            _closeBlock = _close[block];
            _volumeBlock = _volume[block];
            _dividendBlock = _hasDividends ? _dividend[block] : null;
            _offset = column % _columnsPerBlock * _securities;
        }

        /// <summary>The column of a date not seen before, or -1 when it gets none (see the class summary).</summary>
        private int NewColumn(int day)
        {
            if (_columns % _columnsPerBlock == 0)
            {
                long cells = (long)(_close.Count + 1) * _columnsPerBlock * _securities;
                if (cells > _cellLimit || cells > SparseFactor * _placed + FreeCells)
                {
                    _noMoreColumns = true;
                    return -1;
                }
                int size = _columnsPerBlock * _securities;
                var close = GC.AllocateUninitializedArray<double>(size);
                var volume = GC.AllocateUninitializedArray<double>(size);
                Array.Fill(close, double.NaN);
                Array.Fill(volume, double.NaN);
                _close.Add(close);
                _volume.Add(volume);
                if (_hasDividends) _dividend.Add(new double[size]);
            }
            _columnOfDay[day] = ++_columns;
            return _columns - 1;
        }

        /// <summary>The sorted distinct dates of the rows: the calendar (§2).</summary>
        public DateOnly[] Calendar() => _days.ToCalendar();

        /// <summary>The securities × dates arrays, once their size is checked (<see cref="PriceCells"/>).</summary>
        /// <exception cref="InputException">The arrays would not fit.</exception>
        public (double[] Close, double[] Volume, double[]? Dividend) NewCube(string path, int dates)
        {
            if (_late.Count > 0) return Cube(path, _securities, dates, _hasDividends);
            // Every cell is written from a column: no filling first.
            int cells = PriceCells(path, _securities, dates, _hasDividends);
            return (GC.AllocateUninitializedArray<double>(cells), GC.AllocateUninitializedArray<double>(cells),
                _hasDividends ? GC.AllocateUninitializedArray<double>(cells) : null);
        }

        /// <summary>Writes every cell into the arrays of <see cref="NewCube"/> for <paramref name="dates"/> (the
        /// calendar); returns the first row of the list, in file order, that repeats a cell, or null.</summary>
        public PriceRowAt? CopyTo(DateOnly[] dates, double[] close, double[] volume, double[]? dividend)
        {
            var columnAt = new int[dates.Length];
            for (int t = 0; t < dates.Length; t++) columnAt[t] = _columnOfDay[dates[t].DayNumber] - 1;
            int tiles = (dates.Length + TileDates - 1) / TileDates;
            // Tiles write disjoint cells, so the result does not depend on how they are shared out.
            Parallel.For(0, tiles, tile =>
            {
                CopyTile(_close, close, columnAt, tile);
                CopyTile(_volume, volume, columnAt, tile);
                if (dividend is not null) CopyTile(_dividend, dividend, columnAt, tile);
            });
            return _late.Count == 0 ? null : _late.PlaceInto(dates, _securities, close, volume, dividend);
        }

        /// <summary>The dates of one tile for every security: each column is read in order and each security's
        /// row gets up to <see cref="TileDates"/> adjacent cells.</summary>
        private void CopyTile(List<double[]> blocks, double[] cube, int[] columnAt, int tile)
        {
            int dates = columnAt.Length;
            int start = tile * TileDates, end = Math.Min(dates, start + TileDates);
            var from = new double[TileDates][];
            Span<int> offset = stackalloc int[TileDates], at = stackalloc int[TileDates];
            int n = 0;
            for (int t = start; t < end; t++)
            {
                int column = columnAt[t];
                if (column < 0) continue; // a date of the row list
                from[n] = blocks[column / _columnsPerBlock];
                offset[n] = column % _columnsPerBlock * _securities;
                at[n++] = t;
            }
            // Blocks of securities × the tile's dates (16 KB of each side) stay in the first-level cache.
            for (int first = 0; first < _securities; first += TileSecurities)
            {
                int count = Math.Min(TileSecurities, _securities - first);
                for (int k = 0; k < n; k++)
                {
                    int to = first * dates + at[k];
                    foreach (var value in from[k].AsSpan(offset[k] + first, count))
                    {
                        cube[to] = value;
                        to += dates;
                    }
                }
            }
        }
    }

    /// <summary>The rows of a full load kept as a list (sparse input, see <see cref="DateColumns"/>), in file order.</summary>
    private sealed class LateRows
    {
        private readonly List<int> _day = [], _security = [];
        private readonly List<long> _line = [];
        private readonly List<double> _close = [], _volume = [], _dividend = [];

        public int Count => _day.Count;

        public void Add(int day, int security, long line, double close, double volume, double dividend)
        {
            _day.Add(day);
            _security.Add(security);
            _line.Add(line);
            _close.Add(close);
            _volume.Add(volume);
            _dividend.Add(dividend);
        }

        /// <summary>Places the rows into arrays whose other cells are filled; returns the first row that repeats a cell.</summary>
        public PriceRowAt? PlaceInto(DateOnly[] dates, int securities, double[] close, double[] volume, double[]? dividend)
        {
            int firstDay = dates[0].DayNumber;
            var dateIndexOfDay = new int[dates[^1].DayNumber - firstDay + 1];
            for (int t = 0; t < dates.Length; t++) dateIndexOfDay[dates[t].DayNumber - firstDay] = t;
            for (int r = 0; r < _day.Count; r++)
            {
                int cell = _security[r] * dates.Length + dateIndexOfDay[_day[r] - firstDay];
                if (!double.IsNaN(close[cell])) return new PriceRowAt(_day[r], _security[r], _line[r]);
                close[cell] = _close[r];
                volume[cell] = _volume[r];
                if (dividend is not null) dividend[cell] = _dividend[r];
            }
            return null;
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
        private readonly int[] _next; // the security found after each one last time, or -1
        private int _previous = -1;

        public IdLookup(IReadOnlyList<Security> securities, UnknownIdPolicy policy, string securitiesFile)
        {
            _policy = policy;
            SecuritiesFile = securitiesFile;
            _ids = securities.Select(s => s.Id).ToArray();
            _keys = _ids.Select(Encoding.UTF8.GetBytes).ToArray();
            int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, 2 * _ids.Length));
            _slots = new int[size];
            _mask = size - 1;
            _next = new int[_ids.Length];
            Array.Fill(_next, -1);
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

        /// <summary>The security index of the row's id; -1 for an unknown id under the ignore policy. Rows sorted
        /// by date, then id repeat one order of ids day after day, so the id that followed the previous row's last
        /// time is tried first, before hashing.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int Find<TTable>(TTable table, int column) where TTable : IRowTable
        {
            var id = table.Field(column);
            int found = Match(id);
            if (found >= 0) return found;
            if (id.IsEmpty) throw table.Error("id is required but the field is empty", column);
            if (_policy == UnknownIdPolicy.Error)
                throw table.Error($"id {CsvTable.Quote(id)} is not in {SecuritiesFile} (set data.unknown_ids to ignore to skip such rows)", column);
            return -1;
        }

        /// <summary>The security index of an id's UTF-8 bytes, or -1 (<see cref="Find{TTable}"/> says why).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int Match(ReadOnlySpan<byte> id)
        {
            int guess = _previous >= 0 ? _next[_previous] : -1;
            if (guess >= 0 && id.SequenceEqual(_keys[guess])) return _previous = guess;
            for (int slot = (int)(Hash(id) & (uint)_mask); ; slot = (slot + 1) & _mask)
            {
                int entry = _slots[slot];
                if (entry == 0) break;
                if (id.SequenceEqual(_keys[entry - 1]))
                {
                    if (_previous >= 0) _next[_previous] = entry - 1;
                    return _previous = entry - 1;
                }
            }
            return _previous = -1;
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
