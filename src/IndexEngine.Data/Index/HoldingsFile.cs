using System.Text;
using OutputCsv = IndexEngine.Data.Output.Csv;

namespace IndexEngine.Data.Index;

/// <summary>One constituent at a day's close, for <c>holdings.csv</c>.</summary>
public sealed record HoldingRow(string Id, double UnitsPr, double UnitsTr, double LastClose, DateOnly LastCloseDate, double Weight);

/// <summary><c>holdings.csv</c> beside the state: <c>id,units_pr,units_tr,last_close,last_close_date,weight</c>
/// of the state's day, by id; a view of the state, rewritten whenever it differs.</summary>
public static class HoldingsFile
{
    public static string ToCsv(IEnumerable<HoldingRow> rows)
    {
        var text = new StringBuilder("id,units_pr,units_tr,last_close,last_close_date,weight\n");
        foreach (var h in rows.OrderBy(h => h.Id, StringComparer.Ordinal))
            text.Append(Quote(h.Id)).Append(',').Append(OutputCsv.Number(h.UnitsPr)).Append(',').Append(OutputCsv.Number(h.UnitsTr)).Append(',')
                .Append(OutputCsv.Number(h.LastClose)).Append(',').Append(OutputCsv.Date(h.LastCloseDate)).Append(',').Append(OutputCsv.Number(h.Weight)).Append('\n');
        return text.ToString();
    }

    /// <summary>Writes the file durably unless it already has exactly this content.</summary>
    /// <returns>Whether the file was written.</returns>
    public static bool WriteIfChanged(string path, string content)
    {
        if (File.Exists(path) && File.ReadAllText(path) == content) return false;
        DurableFile.Replace(path, content);
        return true;
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
