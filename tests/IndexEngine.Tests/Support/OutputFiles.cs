using System.Globalization;
using IndexEngine.Data.Output;

namespace IndexEngine.Tests.Support;

/// <summary>Reads back what a run wrote, for assertions.</summary>
public static class OutputFiles
{
    public static readonly string[] RebalanceFiles = ["constituents.csv", "scores.csv", "summary.json", "report.md"];

    /// <summary>Rows of a simple CSV the engine wrote (no quoted commas in the columns read).</summary>
    public static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = CsvLine.Split(lines[0]);
        return lines.Skip(1).Select(line =>
        {
            var fields = CsvLine.Split(line);
            return header.Select((h, k) => (h, fields[k])).ToDictionary(p => p.h, p => p.Item2);
        }).ToList();
    }

    public static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Every file an output folder holds with its bytes, except the manifest (<see cref="OutputManifest"/>),
    /// which records when it was written and so differs between runs; tests of the manifest read it directly.</summary>
    public static Dictionary<string, byte[]> Snapshot(string directory) =>
        Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetRelativePath(directory, f) != OutputManifest.FileName)
            .ToDictionary(f => Path.GetRelativePath(directory, f), File.ReadAllBytes);
}
