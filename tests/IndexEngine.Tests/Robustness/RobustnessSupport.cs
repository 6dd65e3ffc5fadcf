using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using IndexEngine.Data;
using IndexEngine.Data.Synthetic;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Robustness;

/// <summary>
/// The small valid universe that the robustness tests copy and break one file at a time: 250 synthetic
/// securities over 314 NYSE trading days (2016-01-04..2017-03-31), written once per test run with the
/// project's generator and writer, then with prices.csv decompressed so that single lines can be edited.
/// A default-config rebalance with <see cref="Args"/> selects 50 of a 200-member starting universe.
/// </summary>
internal static class BaseUniverse
{
    public const ulong Seed = 20240611;

    /// <summary>The overrides that make the default methodology fit a 250-security universe.</summary>
    public static readonly string[] Args = ["--set", "universe.size=200", "--set", "selection.count=50"];

    private static readonly Lazy<string> Folder = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The pristine folder (never modify it; copy it with <see cref="CopyTo"/>).</summary>
    public static string Path => Folder.Value;

    public static void CopyTo(string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(Path))
            File.Copy(file, System.IO.Path.Combine(destination, System.IO.Path.GetFileName(file)));
    }

    private static string Create()
    {
        var folder = System.IO.Path.Combine(RobustnessTemp.Root, "base-universe");
        var generated = UniverseGenerator.Generate(new GeneratorOptions
        {
            Seed = Seed,
            Securities = 250,
            From = new DateOnly(2016, 1, 4),
            To = new DateOnly(2017, 3, 31),
        });
        UniverseWriter.Write(folder, generated);
        Gzip.Decompress(System.IO.Path.Combine(folder, "prices.csv.gz"), System.IO.Path.Combine(folder, "prices.csv"));
        File.Delete(System.IO.Path.Combine(folder, "prices.csv.gz"));
        return folder;
    }
}

/// <summary>One temporary root for everything the robustness tests write, deleted after the run.</summary>
[SetUpFixture]
public sealed class RobustnessTemp
{
    private static readonly Lazy<string> RootFolder = new(TestPaths.NewTempDirectory, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Root => RootFolder.Value;

    /// <summary>A new empty folder under the root.</summary>
    public static string NewFolder(string hint)
    {
        var path = Path.Combine(Root, $"{hint}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    [OneTimeTearDown]
    public void DeleteRoot()
    {
        if (RootFolder.IsValueCreated && Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}

/// <summary>A copy of a universe folder with helpers to break one of its files.</summary>
public sealed class UniverseCopy(string path)
{
    public string Path { get; } = path;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Physical lines without their terminators (the files are written with \n).</summary>
    public List<string> Lines(string name)
    {
        var text = System.IO.File.ReadAllText(File(name));
        var lines = text.Split('\n').ToList();
        if (lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    public void WriteLines(string name, IEnumerable<string> lines) =>
        WriteText(name, string.Concat(lines.Select(l => l + "\n")));

    public void WriteText(string name, string text) => System.IO.File.WriteAllText(File(name), text, new UTF8Encoding(false));

    public void WriteBytes(string name, byte[] bytes) => System.IO.File.WriteAllBytes(File(name), bytes);

    public byte[] Bytes(string name) => System.IO.File.ReadAllBytes(File(name));

    /// <summary>Rewrites every line (header included, 1-based line numbers).</summary>
    public void MapLines(string name, Func<string, int, string> map) =>
        WriteLines(name, Lines(name).Select((line, k) => map(line, k + 1)));

    /// <summary>Keeps the lines (header included, 1-based line numbers) for which <paramref name="keep"/> holds.</summary>
    public void KeepLines(string name, Func<string, int, bool> keep) =>
        WriteLines(name, Lines(name).Where((line, k) => keep(line, k + 1)).ToList());

    /// <summary>Sets one field of a 1-based physical line, located by column name.</summary>
    public void SetField(string name, int line, string column, string rawValue)
    {
        var lines = Lines(name);
        int c = CsvLine.Split(lines[0]).IndexOf(column);
        Assert.That(c, Is.GreaterThanOrEqualTo(0), $"{name} has no column {column}");
        var fields = CsvLine.Split(lines[line - 1]);
        fields[c] = rawValue;
        lines[line - 1] = string.Join(",", fields.Select(CsvLine.Escape).Select((f, k) => k == c ? rawValue : f));
        WriteLines(name, lines);
    }

    /// <summary>A field's value (unquoted) on a 1-based physical line.</summary>
    public string Field(string name, int line, string column)
    {
        var lines = Lines(name);
        return CsvLine.Split(lines[line - 1])[CsvLine.Split(lines[0]).IndexOf(column)];
    }

    /// <summary>Replaces <c>name</c> (e.g. prices.csv) by <c>name.gz</c> holding the same bytes compressed.</summary>
    public string Compress(string name)
    {
        var gz = File(name + ".gz");
        Gzip.Compress(Bytes(name), gz);
        System.IO.File.Delete(File(name));
        return gz;
    }
}

internal static class Gzip
{
    public static void Compress(byte[] bytes, string path)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(bytes);
    }

    public static void Decompress(string gzPath, string path)
    {
        using var input = new GZipStream(File.OpenRead(gzPath), CompressionMode.Decompress);
        using var output = File.Create(path);
        input.CopyTo(output);
    }
}

/// <summary>Runs `rebalance` in-process and compares output folders.</summary>
internal static class Runs
{
    public static CliResult Rebalance(string universe, string outDirectory, IEnumerable<string> args) =>
        Support.Cli.Run(["rebalance", "--universe", universe, "--out", outDirectory, .. args]);

    /// <summary>
    /// Asserts that two output folders hold the same files with the same bytes. summary.json records the
    /// SHA-256 and name of each input file; <paramref name="ignoreInputIdentity"/> blanks those, for runs on
    /// inputs that differ in bytes (row order, line ends, compression) but not in content.
    /// </summary>
    public static void AssertSameOutput(string expectedDirectory, string actualDirectory, bool ignoreInputIdentity, string what)
    {
        var expected = OutputFiles.Snapshot(expectedDirectory);
        var actual = OutputFiles.Snapshot(actualDirectory);
        Assert.That(actual.Keys, Is.EquivalentTo(expected.Keys), $"{what}: the output files");
        foreach (var (file, bytes) in expected)
        {
            var a = actual[file];
            var e = bytes;
            if (ignoreInputIdentity && Path.GetFileName(file) == "summary.json")
            {
                e = WithoutInputIdentity(e);
                a = WithoutInputIdentity(a);
            }
            if (!a.AsSpan().SequenceEqual(e)) Assert.Fail($"{what}: {file} differs from the reference run\n{FirstDifference(e, a)}");
        }
    }

    private static readonly Regex InputIdentity = new("\"(sha256|file)\": \"[^\"]*\"", RegexOptions.CultureInvariant);

    private static byte[] WithoutInputIdentity(byte[] summary) =>
        Encoding.UTF8.GetBytes(InputIdentity.Replace(Encoding.UTF8.GetString(summary), "\"$1\": \"-\""));

    private static string FirstDifference(byte[] expected, byte[] actual)
    {
        var e = Encoding.UTF8.GetString(expected).Split('\n');
        var a = Encoding.UTF8.GetString(actual).Split('\n');
        for (int k = 0; k < Math.Max(e.Length, a.Length); k++)
        {
            var el = k < e.Length ? e[k] : "<end of file>";
            var al = k < a.Length ? a[k] : "<end of file>";
            if (el != al) return $"line {k + 1}:\n  expected: {Shorten(el)}\n  actual:   {Shorten(al)}";
        }
        return "(same lines, different bytes)";
    }

    private static string Shorten(string s) => s.Length > 300 ? s[..300] + "..." : s;
}
