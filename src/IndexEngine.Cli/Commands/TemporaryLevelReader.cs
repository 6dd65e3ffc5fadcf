using System.Globalization;
using System.IO.Compression;
using CsvHelper;
using IndexEngine.Core.Model;

namespace IndexEngine.Cli.Commands;

/// <summary>
/// Stand-in readers for the `stats` and `schedule` commands until IndexEngine.Data's loaders are
/// merged; <see cref="CommandCatalog"/> is the only place that names this class, so swapping it is one
/// line each. Reads `date,close[,...]` level files and the calendar (distinct dates) of a universe
/// folder's prices file, plain or .gz, with the §1 error rules (file, line and column in the message).
/// </summary>
internal static class TemporaryLevelReader
{
    /// <summary>A level series file: columns `date` and `close` (others ignored), dates strictly ascending,
    /// closes positive and finite.</summary>
    public static LevelSeries Load(string path)
    {
        using var reader = Open(path);
        int dateColumn = Column(reader, path, "date");
        int closeColumn = Column(reader, path, "close");
        var dates = new List<DateOnly>();
        var values = new List<double>();
        while (reader.Read())
        {
            var date = ParseDate(reader, path, dateColumn, "date");
            if (dates.Count > 0 && date <= dates[^1])
                throw new InputException(date == dates[^1] ? "duplicate date" : "dates must be ascending", path, reader.LineNumber, "date");
            if (!double.TryParse(reader.GetSpan(closeColumn), NumberStyles.Float, CultureInfo.InvariantCulture, out double close)
                || !double.IsFinite(close) || close <= 0)
                throw new InputException($"expected a positive number, got '{reader.GetString(closeColumn)}'", path, reader.LineNumber, "close");
            dates.Add(date);
            values.Add(close);
        }
        if (dates.Count == 0) throw new InputException("no rows", path);
        return new LevelSeries(dates, values);
    }

    /// <summary>The trading calendar of a universe folder: the sorted distinct dates of prices.csv(.gz).</summary>
    public static IReadOnlyList<DateOnly> LoadCalendar(string universeFolder)
    {
        if (!Directory.Exists(universeFolder))
            throw new InputException($"universe folder '{universeFolder}' does not exist");
        var path = new[] { "prices.csv", "prices.csv.gz" }.Select(f => Path.Combine(universeFolder, f)).FirstOrDefault(File.Exists)
            ?? throw new InputException($"universe folder '{universeFolder}' has no prices.csv or prices.csv.gz");
        using var reader = Open(path);
        int dateColumn = Column(reader, path, "date");
        var dates = new HashSet<DateOnly>();
        while (reader.Read()) dates.Add(ParseDate(reader, path, dateColumn, "date"));
        if (dates.Count == 0) throw new InputException("no rows", path);
        return dates.Order().ToArray();
    }

    private static CsvReader Open(string path)
    {
        if (!File.Exists(path)) throw new InputException("file not found", path);
        Stream stream = File.OpenRead(path);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) stream = new GZipStream(stream, CompressionMode.Decompress);
        try
        {
            return CsvReader.Create(stream, new CsvReaderOptions { TrackLineNumbers = true }, leaveOpen: false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            stream.Dispose();
            throw new InputException($"cannot read: {e.Message}", path);
        }
    }

    private static int Column(CsvReader reader, string path, string name)
    {
        for (int i = 0; i < reader.Headers.Count; i++)
            if (string.Equals(reader.Headers[i].Trim(), name, StringComparison.OrdinalIgnoreCase)) return i;
        throw new InputException($"missing column '{name}' (header: {string.Join(",", reader.Headers)})", path, 1, name);
    }

    private static DateOnly ParseDate(CsvReader reader, string path, int column, string name)
    {
        var text = column < reader.FieldCount ? reader.GetString(column) : "";
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        throw new InputException($"expected a date yyyy-MM-dd, got '{text}'", path, reader.LineNumber, name);
    }
}
