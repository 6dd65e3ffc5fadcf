using System.Globalization;

namespace IndexEngine.Tests.Support;

/// <summary>Reads back what a run wrote, for assertions.</summary>
public static class OutputFiles
{
    public static readonly string[] RebalanceFiles = ["constituents.csv", "scores.csv", "summary.json", "report.md"];

    /// <summary>Rows of a simple CSV the engine wrote (no quoted commas in the columns read).</summary>
    public static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = SplitCsvLine(lines[0]);
        return lines.Skip(1).Select(line =>
        {
            var fields = SplitCsvLine(line);
            return header.Select((h, k) => (h, fields[k])).ToDictionary(p => p.h, p => p.Item2);
        }).ToList();
    }

    public static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static Dictionary<string, byte[]> Snapshot(string directory) =>
        Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), File.ReadAllBytes);

    private static string[] SplitCsvLine(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields.ToArray();
    }
}
