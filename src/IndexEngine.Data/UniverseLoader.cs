using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;
using IndexEngine.Data.Csv;

namespace IndexEngine.Data;

/// <summary>
/// Loads a universe folder (METHODOLOGY §1): <c>securities.csv</c>, <c>metrics.csv</c> and <c>prices.csv</c>,
/// each plain or gzip (<c>.csv.gz</c>), into a validated, immutable <see cref="Universe"/>. Any bad input
/// stops the load with an <see cref="InputException"/> naming file, line and column. The result does not
/// depend on the order of rows in the files.
/// </summary>
public static class UniverseLoader
{
    public const string SecuritiesName = "securities";
    public const string MetricsName = "metrics";
    public const string PricesName = "prices";

    private static readonly string[] SecurityColumns = ["id", "name", "sector", "country", "security_type", "market_cap"];
    private const string SecurityColumnsText = "id,name,sector,country,security_type,market_cap (+ optional industry)";
    private static readonly string[] PriceColumns = ["date", "id", "close", "volume"];
    private const string PriceColumnsText = "date,id,close,volume (+ optional dividend)";

    public static Universe Load(string directory, UnknownIdPolicy unknownIds)
    {
        if (!Directory.Exists(directory))
            throw new InputException("universe folder not found (it must hold securities.csv, metrics.csv and prices.csv, each optionally .gz)", directory);

        var (securities, securitiesSource) = ReadSecurities(Locate(directory, SecuritiesName));
        var idIndex = new Dictionary<string, int>(securities.Length, StringComparer.Ordinal);
        for (int i = 0; i < securities.Length; i++) idIndex.Add(securities[i].Id, i);
        var ids = new IdLookup(idIndex, unknownIds);

        var (metricNames, metrics, metricsSource) = ReadMetrics(Locate(directory, MetricsName), ids);
        var prices = ReadPrices(Locate(directory, PricesName), ids);

        return new Universe(securities, prices.Dates, prices.Close, prices.Volume, prices.Dividend,
            metricNames, metrics, [securitiesSource, metricsSource, prices.Source]);
    }

    /// <summary>The path of <c>name.csv</c> or <c>name.csv.gz</c> in <paramref name="directory"/>; exactly one must exist.</summary>
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

    private static (Security[] Securities, InputFileInfo Source) ReadSecurities(string path)
    {
        using var table = CsvTable.Open(path, SecuritiesName);
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
                throw table.Error($"duplicate id '{id}' (first on line {lines[id]})", cId);
            string? industry = cIndustry >= 0 && table.Field(cIndustry).Length > 0 ? Pooled(table.Text(cIndustry)) : null;
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
            throw new InputException("the file has a header but no securities", path, 2);
        list.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return (list.ToArray(), table.Complete());
    }

    private static (string[] Names, double[] Values, InputFileInfo Source) ReadMetrics(string path, IdLookup ids)
    {
        using var table = CsvTable.Open(path, MetricsName);
        int cId = table.Require(["id"], "id + any numeric metric columns")[0];
        var metricColumns = Enumerable.Range(0, table.Headers.Count).Where(col => col != cId).ToArray();
        var names = metricColumns.Select(col => table.Headers[col]).ToArray();
        int m = names.Length;

        var values = new double[ids.Count * m];
        Array.Fill(values, double.NaN);
        var firstLine = new long[ids.Count];
        while (table.Read())
        {
            int i = ids.Find(table, cId, SecuritiesName);
            if (i < 0) continue;
            if (firstLine[i] != 0)
                throw table.Error($"duplicate id '{table.Text(cId)}' (first on line {firstLine[i]})", cId);
            firstLine[i] = table.Line;
            for (int j = 0; j < m; j++) values[i * m + j] = table.OptionalNumber(metricColumns[j]);
        }
        return (names, values, table.Complete());
    }

    private sealed record PriceArrays(DateOnly[] Dates, double[] Close, double[] Volume, double[]? Dividend, InputFileInfo Source);

    // Prices are most of the input: the loop is compiled fully optimised at once, since a batch run calls it
    // only once and would otherwise spend much of it in unoptimised (tier-0) code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static PriceArrays ReadPrices(string path, IdLookup ids)
    {
        using var table = CsvTable.Open(path, PricesName);
        var c = table.Require(PriceColumns, PriceColumnsText);
        int cDate = c[0], cId = c[1], cClose = c[2], cVolume = c[3];
        int cDividend = table.IndexOf("dividend");

        // Rows are collected first and placed into the dense arrays once the calendar is known, so that
        // the file's row order cannot change the result.
        var days = new List<int>(1 << 16);
        var securities = new List<int>(1 << 16);
        var closes = new List<double>(1 << 16);
        var volumes = new List<double>(1 << 16);
        var dividends = cDividend >= 0 ? new List<double>(1 << 16) : null;
        var lines = new List<long>(1 << 16);

        // Files are usually sorted by date, so most rows repeat the previous row's date bytes.
        Span<byte> lastDate = stackalloc byte[10];
        int lastDateLength = 0, lastDay = 0;
        while (table.Read())
        {
            var dateBytes = table.Field(cDate);
            int day;
            if (lastDateLength > 0 && dateBytes.SequenceEqual(lastDate[..lastDateLength]))
                day = lastDay;
            else
            {
                if (!Utf8Values.TryParseIsoDate(dateBytes, out var date)) throw table.NotADate(cDate, dateBytes);
                day = lastDay = date.DayNumber;
                dateBytes.CopyTo(lastDate);
                lastDateLength = dateBytes.Length;
            }

            int i = ids.Find(table, cId, SecuritiesName);
            if (i < 0) continue;

            double close = table.RequiredNumber(cClose, "close");
            if (!(close > 0)) throw table.Error($"close must be positive, got {CsvTable.Quote(table.Field(cClose))}", cClose);
            double volume = table.OptionalNumber(cVolume);
            if (volume < 0) throw table.Error($"volume must not be negative, got {CsvTable.Quote(table.Field(cVolume))}", cVolume);
            if (dividends is not null)
            {
                double dividend = table.OptionalNumber(cDividend);
                if (dividend < 0) throw table.Error($"dividend must not be negative, got {CsvTable.Quote(table.Field(cDividend))}", cDividend);
                dividends.Add(double.IsNaN(dividend) ? 0.0 : dividend);
            }
            days.Add(day);
            securities.Add(i);
            closes.Add(close);
            volumes.Add(volume);
            lines.Add(table.Line);
        }
        if (lines.Count == 0)
            throw new InputException(
                table.Line == 1 ? "the file has a header but no prices" : "no price row belongs to a security in securities.csv",
                path, table.Line == 1 ? 2 : null);
        var source = table.Complete();

        // The calendar: the sorted distinct dates (§2), found with a bitmap over the day range.
        var dayList = CollectionsMarshal.AsSpan(days);
        int minDay = int.MaxValue, maxDay = int.MinValue;
        foreach (var d in dayList)
        {
            if (d < minDay) minDay = d;
            if (d > maxDay) maxDay = d;
        }
        var dateIndexOfDay = new int[maxDay - minDay + 1];
        foreach (var d in dayList) dateIndexOfDay[d - minDay] = 1;
        var dates = new List<DateOnly>();
        for (int k = 0; k < dateIndexOfDay.Length; k++)
        {
            if (dateIndexOfDay[k] == 0) continue;
            dateIndexOfDay[k] = dates.Count;
            dates.Add(DateOnly.FromDayNumber(minDay + k));
        }

        int dateCount = dates.Count;
        int cells = ids.Count * dateCount;
        var closeCells = new double[cells];
        var volumeCells = new double[cells];
        var dividendCells = dividends is null ? null : new double[cells];
        Array.Fill(closeCells, double.NaN);
        Array.Fill(volumeCells, double.NaN);
        var secList = CollectionsMarshal.AsSpan(securities);
        var closeList = CollectionsMarshal.AsSpan(closes);
        var volumeList = CollectionsMarshal.AsSpan(volumes);
        for (int r = 0; r < secList.Length; r++)
        {
            int cell = secList[r] * dateCount + dateIndexOfDay[dayList[r] - minDay];
            if (!double.IsNaN(closeCells[cell])) throw DuplicatePrice(path, table.Headers[cId], r, days, securities, lines, ids);
            closeCells[cell] = closeList[r];
            volumeCells[cell] = volumeList[r];
            if (dividendCells is not null) dividendCells[cell] = dividends![r];
        }
        return new PriceArrays(dates.ToArray(), closeCells, volumeCells, dividendCells, source);
    }

    /// <summary>Reports the second of two rows for the same (date, id); rows are placed in file order, so
    /// <paramref name="row"/> is the later one.</summary>
    private static InputException DuplicatePrice(string path, string idColumn, int row, List<int> days, List<int> securities, List<long> lines, IdLookup ids)
    {
        int first = 0;
        while (days[first] != days[row] || securities[first] != securities[row]) first++;
        return new InputException(
            $"duplicate price for ({Invariant.Date(DateOnly.FromDayNumber(days[row]))}, {ids.IdAt(securities[row])}) (first on line {lines[first]})",
            path, lines[row], idColumn);
    }

    /// <summary>Finds a row's security by id without allocating a string per row.</summary>
    private sealed class IdLookup(Dictionary<string, int> index, UnknownIdPolicy policy)
    {
        private const int MaxStackId = 256;
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _bySpan = index.GetAlternateLookup<ReadOnlySpan<char>>();
        private readonly string[] _ids = index.OrderBy(p => p.Value).Select(p => p.Key).ToArray();
        private readonly char[] _chars = new char[MaxStackId];

        public int Count => index.Count;

        public string IdAt(int i) => _ids[i];

        /// <summary>The security index of the row's id; -1 for an unknown id under the ignore policy.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int Find(CsvTable table, int column, string securitiesRole)
        {
            var bytes = table.Field(column);
            if (bytes.IsEmpty) throw table.Error("id is required but the field is empty", column);
            int found;
            if (bytes.Length <= MaxStackId)
            {
                int n = Encoding.UTF8.GetChars(bytes, _chars);
                if (!_bySpan.TryGetValue(_chars.AsSpan(0, n), out found)) found = -1;
            }
            else if (!index.TryGetValue(Encoding.UTF8.GetString(bytes), out found)) found = -1;

            if (found < 0 && policy == UnknownIdPolicy.Error)
                throw table.Error(
                    $"id {CsvTable.Quote(bytes)} is not in {securitiesRole}.csv (set data.unknown_ids to ignore to skip such rows)", column);
            return found;
        }
    }
}
