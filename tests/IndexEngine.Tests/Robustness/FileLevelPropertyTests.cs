using System.Globalization;
using IndexEngine.Cli;
using IndexEngine.Data;
using IndexEngine.Data.Synthetic;

namespace IndexEngine.Tests.Robustness;

/// <summary>
/// The output depends on the content of the input files, not on how they are stored: over 30 random small
/// universes (one generator seed each), shuffling the rows of securities.csv, metrics.csv and prices.csv
/// and storing them plain or gzipped gives the same output bytes (bar the input hashes summary.json
/// records), and running again on the same files gives exactly the same bytes.
/// </summary>
[TestFixture]
public sealed class FileLevelPropertyTests
{
    private const int Universes = 30;
    private static readonly string[] Files = ["securities.csv", "metrics.csv", "prices.csv"];

    public static IEnumerable<TestCaseData> Seeds() =>
        Enumerable.Range(1, Universes).Select(k => new TestCaseData((ulong)(7919 * k)).SetArgDisplayNames($"seed {7919 * k}"));

    [TestCaseSource(nameof(Seeds))]
    public void Row_order_and_compression_do_not_change_the_output(ulong seed)
    {
        var random = new Random((int)seed);
        var root = RobustnessTemp.NewFolder($"property-{seed}");
        var generated = UniverseGenerator.Generate(new GeneratorOptions
        {
            Seed = seed,
            Securities = random.Next(60, 121),
            From = new DateOnly(2016, 1, 4),
            To = new DateOnly(2017, 3, 31).AddDays(random.Next(0, 60)),
        });
        var original = Path.Combine(root, "original");
        UniverseWriter.Write(original, generated);

        // A screening date within the last 40 trading days, so that prices after it are in the files too.
        var dates = generated.Universe.Dates;
        var asOf = dates[dates.Count - 1 - random.Next(0, 40)].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string[] args = ["--as-of", asOf, "--set", "universe.size=60", "--set", "selection.count=15", "--set", "weighting.security_cap=0.1"];

        var shuffled = new UniverseCopy(Path.Combine(root, "shuffled"));
        Directory.CreateDirectory(shuffled.Path);
        File.Copy(Path.Combine(original, "securities.csv"), shuffled.File("securities.csv"));
        File.Copy(Path.Combine(original, "metrics.csv"), shuffled.File("metrics.csv"));
        Gzip.Decompress(Path.Combine(original, "prices.csv.gz"), shuffled.File("prices.csv"));
        foreach (var file in Files)
        {
            var lines = shuffled.Lines(file);
            var rows = lines.Skip(1).ToArray();
            random.Shuffle(rows);
            shuffled.WriteLines(file, [lines[0], .. rows]);
        }
        // Every storage form: prices plain for half of the seeds, each other file gzipped for some.
        if (seed % 2 == 1) shuffled.Compress("prices.csv");
        if (random.Next(3) == 0) shuffled.Compress("securities.csv");
        if (random.Next(3) == 0) shuffled.Compress("metrics.csv");

        var first = Path.Combine(root, "out-original");
        var again = Path.Combine(root, "out-again");
        var fromShuffled = Path.Combine(root, "out-shuffled");
        foreach (var (universe, output) in new[] { (original, first), (original, again), (shuffled.Path, fromShuffled) })
        {
            var run = Runs.Rebalance(universe, output, args);
            Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), $"seed {seed}, {universe}: {run}");
        }
        Runs.AssertSameOutput(first, again, ignoreInputIdentity: false, $"seed {seed}: the same run repeated");
        Runs.AssertSameOutput(first, fromShuffled, ignoreInputIdentity: true, $"seed {seed}: shuffled rows, other compression");
        Directory.Delete(root, recursive: true);
    }
}
