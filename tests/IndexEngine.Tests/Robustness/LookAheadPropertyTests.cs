using System.Globalization;
using System.IO.Compression;
using System.Text;
using IndexEngine.Data;
using IndexEngine.Data.Synthetic;
using IndexEngine.Tests.Data;
using IndexEngine.Tests.Support;
using NUnit.Framework;

namespace IndexEngine.Tests.Robustness;

/// <summary>
/// METHODOLOGY §11, "a row dated after S must have no influence on anything the run writes": a rebalance as of
/// S on a point-in-time universe writes the same bytes after every metrics and price row dated after S has
/// been changed at random and new rows after S have been added. The only bytes allowed to differ are the
/// input files' SHA-256 in summary.json's audit trail, which identify the (changed) files.
/// </summary>
[TestFixture]
public sealed class LookAheadPropertyTests
{
    private static readonly string[] Settings = ["--set", "universe.size=100", "--set", "selection.count=40"];

    [TestCase(1UL, "2016-11-30")]
    [TestCase(2UL, "2017-02-28")]
    [TestCase(3UL, "2016-08-31")]
    public void Rows_dated_after_S_leave_every_output_byte_unchanged(ulong seed, string asOf)
    {
        using var folder = new TempFolder();
        var original = Path.Combine(folder.Path, "original");
        var future = Path.Combine(folder.Path, "future-changed");
        UniverseWriter.Write(original, UniverseGenerator.Generate(new GeneratorOptions
        {
            Seed = seed, Securities = 120, From = new DateOnly(2015, 6, 1), To = new DateOnly(2017, 11, 10), DatedMetrics = true,
        }));
        var screening = DateOnly.ParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var changed = Rewrite(original, future, date => date > screening, addAfter: screening, new Random((int)seed));
        Assert.That(changed, Is.GreaterThan(1000), "the test must change a substantial number of rows after S");

        var before = Rebalance(original, asOf, Path.Combine(folder.Path, "out-original"));
        var after = Rebalance(future, asOf, Path.Combine(folder.Path, "out-future"));

        Assert.That(after.Keys, Is.EquivalentTo(before.Keys));
        foreach (var (file, bytes) in before)
            Assert.That(WithoutInputHashes(after[file]), Is.EqualTo(WithoutInputHashes(bytes)), $"{file} changed when only rows after {asOf} did");
    }

    [Test]
    public void Control_the_same_changes_to_rows_dated_on_or_before_S_do_change_the_output()
    {
        // Without this, a rewrite that changed nothing the run reads would make the property above pass vacuously.
        using var folder = new TempFolder();
        var original = Path.Combine(folder.Path, "original");
        var past = Path.Combine(folder.Path, "past-changed");
        UniverseWriter.Write(original, UniverseGenerator.Generate(new GeneratorOptions
        {
            Seed = 1, Securities = 120, From = new DateOnly(2015, 6, 1), To = new DateOnly(2017, 11, 10), DatedMetrics = true,
        }));
        var screening = new DateOnly(2016, 11, 30);
        Rewrite(original, past, date => date <= screening && date > screening.AddDays(-120), addAfter: null, new Random(1));
        var before = Rebalance(original, "2016-11-30", Path.Combine(folder.Path, "out-original"));
        var after = Rebalance(past, "2016-11-30", Path.Combine(folder.Path, "out-past"));
        Assert.That(after["constituents.csv"], Is.Not.EqualTo(before["constituents.csv"]));
    }

    private static Dictionary<string, byte[]> Rebalance(string universe, string asOf, string output)
    {
        var result = Support.Cli.Run(["rebalance", "--universe", universe, "--as-of", asOf, "--out", output, "--quiet", .. Settings]);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        return OutputFiles.Snapshot(output).Where(p => !Path.GetFileName(p.Key).StartsWith('.')).ToDictionary();
    }

    private static string WithoutInputHashes(byte[] bytes) =>
        string.Join('\n', Encoding.UTF8.GetString(bytes).Split('\n').Where(line => !line.TrimStart().StartsWith("\"sha256\"", StringComparison.Ordinal)));

    /// <summary>Copies the universe, changing every metrics and price row whose date <paramref name="changes"/> selects
    /// and, with <paramref name="addAfter"/>, adding rows after that date (a new snapshot, new price days); returns
    /// how many rows were changed or added.</summary>
    private static int Rewrite(string source, string target, Func<DateOnly, bool> changes, DateOnly? addAfter, Random random)
    {
        Directory.CreateDirectory(target);
        File.Copy(Path.Combine(source, "securities.csv"), Path.Combine(target, "securities.csv"));
        int changed = 0;
        string Scaled(string field) =>
            field.Length == 0 ? "" : (double.Parse(field, CultureInfo.InvariantCulture) * (0.2 + 2 * random.NextDouble())).ToString("R", CultureInfo.InvariantCulture);
        bool Selected(string date) => changes(DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture));

        // metrics.csv: date,id,market_cap,metrics...
        var metrics = File.ReadAllLines(Path.Combine(source, "metrics.csv")).ToList();
        var ids = new List<string>();
        for (int k = 1; k < metrics.Count; k++)
        {
            var f = metrics[k].Split(',');
            ids.Add(f[1]);
            if (!Selected(f[0])) continue;
            for (int c = 2; c < f.Length; c++) f[c] = Scaled(f[c]);
            metrics[k] = string.Join(',', f);
            changed++;
        }
        int columns = metrics[0].Split(',').Length;
        var extraSnapshot = addAfter?.AddDays(1 + random.Next(20)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var id in ids.Distinct().Where(_ => extraSnapshot is not null && random.Next(2) == 0))
        {
            metrics.Add(string.Join(',', new[] { extraSnapshot, id }.Concat(Enumerable.Range(2, columns - 2).Select(_ => Scaled("1")))));
            changed++;
        }
        File.WriteAllLines(Path.Combine(target, "metrics.csv"), metrics);

        // prices.csv.gz: date,id,close,volume (+ dividend)
        var prices = ReadGzipLines(Path.Combine(source, "prices.csv.gz"));
        var header = prices[0].Split(',');
        int close = Array.IndexOf(header, "close"), volume = Array.IndexOf(header, "volume");
        for (int k = 1; k < prices.Count; k++)
        {
            var f = prices[k].Split(',');
            if (!Selected(f[0])) continue;
            f[close] = Scaled(f[close]);
            f[volume] = Scaled(f[volume]);
            prices[k] = string.Join(',', f);
            changed++;
        }
        var lastDay = DateOnly.ParseExact(prices[^1].Split(',')[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (int d = 3; d <= 5 && addAfter is not null; d++)
            foreach (var id in ids.Distinct())
            {
                var row = new string[header.Length];
                Array.Fill(row, "");
                row[0] = lastDay.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                row[1] = id;
                row[close] = Scaled("50");
                row[volume] = "1000000";
                prices.Add(string.Join(',', row));
                changed++;
            }
        using (var gzip = new GZipStream(File.Create(Path.Combine(target, "prices.csv.gz")), CompressionLevel.Fastest))
        using (var writer = new StreamWriter(gzip, new UTF8Encoding(false)))
            foreach (var line in prices) writer.Write(line + "\n");
        return changed;
    }

    private static List<string> ReadGzipLines(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return lines;
    }
}
