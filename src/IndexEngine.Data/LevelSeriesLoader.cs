using IndexEngine.Core.Model;
using IndexEngine.Data.Csv;

namespace IndexEngine.Data;

/// <summary>
/// Loads a <c>date,close</c> level series (benchmark.csv, or an ETF history such as spy.csv.gz), plain or
/// gzip. Other columns (volume, ...) are ignored. Rows may come in any order; the result is sorted by date.
/// A caller may read another value column instead of close, e.g. index_tr of a backtest's levels.csv.
/// </summary>
public static class LevelSeriesLoader
{
    public static LevelSeries Load(string path, string role = "benchmark") => Load(path, out _, role);

    /// <summary>Loads the series and reports the file's SHA-256 in <paramref name="source"/>.</summary>
    public static LevelSeries Load(string path, out InputFileInfo source, string role = "benchmark") =>
        Load(path, "close", out source, role);

    /// <summary>Loads the <c>date</c> column and the value column <paramref name="column"/>. A <c>close</c> is required on
    /// every row; another column (e.g. the <c>benchmark</c> of a backtest's levels.csv, empty on days the benchmark has
    /// no level) may be empty, and such a row is no date of the series.</summary>
    /// <exception cref="InputException">The file is missing, lacks a column, or has a bad or duplicate row.</exception>
    public static LevelSeries Load(string path, string column, out InputFileInfo source, string role)
    {
        using var table = CsvTable.Open(path, role);
        var c = table.Require(["date", column], "date," + column);
        int cDate = c[0], cClose = c[1];

        var rows = new List<(DateOnly Date, double Close, long Line)>();
        while (table.Read())
        {
            var date = table.RequiredDate(cDate);
            if (column != "close" && table.Field(cClose).IsEmpty) continue;
            double close = table.RequiredNumber(cClose, column);
            if (!(close > 0)) throw table.Error($"{column} must be positive, got {CsvTable.Quote(table.Field(cClose))}", cClose);
            rows.Add((date, close, table.Line));
        }
        if (rows.Count == 0) throw new InputException("the file has a header but no rows", path, 2);
        source = table.Complete();

        // Stable sort by date, then by line, so a duplicate is reported at its later line.
        rows.Sort((a, b) => a.Date != b.Date ? a.Date.CompareTo(b.Date) : a.Line.CompareTo(b.Line));
        for (int k = 1; k < rows.Count; k++)
            if (rows[k].Date == rows[k - 1].Date)
                throw new InputException($"duplicate date {Invariant.Date(rows[k].Date)} (first on line {rows[k - 1].Line})", path, rows[k].Line, "date");
        return new LevelSeries(rows.Select(r => r.Date).ToArray(), rows.Select(r => r.Close).ToArray());
    }
}
