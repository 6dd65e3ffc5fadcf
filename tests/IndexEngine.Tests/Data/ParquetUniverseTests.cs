using System.IO.Compression;
using IndexEngine.Cli;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;
using IndexEngine.Data;
using IndexEngine.Data.Parquet;
using IndexEngine.Data.Synthetic;
using NUnit.Framework;
using ParquetSharp;

namespace IndexEngine.Tests.Data;

/// <summary>The Parquet source and `convert`: the same data gives the same universe and the same outputs in
/// either format, and CSV → Parquet → CSV gives back the engine's own CSV files.</summary>
[TestFixture]
public sealed class ParquetUniverseTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    private string Sub(string name) => Path.Combine(_folder.Path, name);

    private static void Convert(string from, string to, string? format = null)
    {
        string[] args = format is null ? ["convert", "--universe", from, "--out", to, "--quiet"] : ["convert", "--universe", from, "--out", to, "--format", format, "--quiet"];
        var run = Support.Cli.Run(args);
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), run.ToString());
    }

    [Test]
    public void HandWrittenParquetLoadsToTheSameUniverseAsTheSameCsv()
    {
        using var csv = new TempFolder();
        var fromCsv = UniverseLoader.Load(SmallUniverse.WriteTo(csv), UnknownIdPolicy.Error);
        var fromParquet = UniverseLoader.Load(ParquetTestFile.SmallUniverse(_folder), UnknownIdPolicy.Error);
        UniverseAssert.BitIdentical(fromParquet, fromCsv);
        // Hand-checked values: B has no volume on 2017-01-04 and C no row that day.
        Assert.That(fromParquet.Volumes(1)[1], Is.NaN);
        Assert.That(fromParquet.Close(2, 1), Is.NaN);
        Assert.That(fromParquet.Close(0, 2), Is.EqualTo(10.7));
        Assert.That(fromParquet.Sources.Select(s => Path.GetFileName(s.Path)), Is.EqualTo(new[] { "securities.parquet", "metrics.parquet", "prices.parquet" }));
    }

    [Test]
    public void TheSeamChoosesTheSourceByTheFilesPresent()
    {
        using var csv = new TempFolder();
        Assert.That(UniverseSources.Open(SmallUniverse.WriteTo(csv)), Is.TypeOf<CsvUniverseSource>());
        Assert.That(UniverseSources.Open(ParquetTestFile.SmallUniverse(_folder)), Is.TypeOf<ParquetUniverseSource>());
    }

    [Test]
    public void ParquetSourceGivesTheSameCalendarFromTheDateColumnAlone()
    {
        var calendar = TradingCalendarLoader.Load(ParquetTestFile.SmallUniverse(_folder));
        Assert.That(calendar, Is.EqualTo(new[] { new DateOnly(2017, 1, 3), new DateOnly(2017, 1, 4), new DateOnly(2017, 1, 5) }));
    }

    [Test]
    public void ConvertRoundTripsAGeneratedUniverseWithDividendsAndDatedMetricsExactly()
    {
        var original = Sub("original");
        UniverseWriter.Write(original, UniverseGenerator.Generate(new GeneratorOptions
        {
            Seed = 11, Securities = 60, From = new DateOnly(2016, 1, 4), To = new DateOnly(2017, 6, 30), DatedMetrics = true,
        }));
        Convert(original, Sub("parquet"));
        Convert(Sub("parquet"), Sub("csv"));

        var fromCsv = UniverseLoader.Load(original, UnknownIdPolicy.Error);
        Assert.That(fromCsv.HasDividends && fromCsv.Metrics.IsDated && fromCsv.Metrics.HasMarketCap, "the case must cover dividends and §11 metrics");
        UniverseAssert.BitIdentical(UniverseLoader.Load(Sub("parquet"), UnknownIdPolicy.Error), fromCsv);
        foreach (var name in new[] { "securities.csv", "metrics.csv", "prices.csv.gz" })
            Assert.That(File.ReadAllBytes(Path.Combine(Sub("csv"), name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(original, name))), name);
    }

    [Test]
    public void ConvertWritesPricesSortedByDateThenIdInOneRowGroupPerMonth()
    {
        var original = Sub("original");
        UniverseWriter.Write(original, UniverseGenerator.Generate(new GeneratorOptions
        {
            Seed = 3, Securities = 50, From = new DateOnly(2016, 1, 4), To = new DateOnly(2017, 3, 31),
        }));
        Convert(original, Sub("parquet"), "parquet");

        using var reader = new ParquetFileReader(Path.Combine(Sub("parquet"), "prices.parquet"));
        Assert.That(reader.FileMetaData.NumRowGroups, Is.EqualTo(15), "January 2016 .. March 2017");
        var previous = (Day: int.MinValue, Id: "");
        for (int g = 0; g < reader.FileMetaData.NumRowGroups; g++)
        {
            using var group = reader.RowGroup(g);
            int rows = (int)group.MetaData.NumRows;
            var d = ReadColumn<Date>(group, 0, rows);
            var id = ReadColumn<string>(group, 1, rows);
            Assert.That(d.Select(x => (x.DateTime.Year, x.DateTime.Month)).Distinct().Count(), Is.EqualTo(1), $"row group {g} spans one month");
            using var stats = group.MetaData.GetColumnChunkMetaData(0).Statistics;
            Assert.That(stats, Is.Not.Null.And.Property("HasMinMax").True, "date statistics let a reader skip row groups");
            for (int r = 0; r < rows; r++)
            {
                var key = (d[r].Days, id[r]);
                Assert.That(key.Days > previous.Day || (key.Days == previous.Day && string.CompareOrdinal(key.Item2, previous.Id) > 0),
                    $"row {r} of group {g} is in date, id order");
                previous = (key.Days, key.Item2);
            }
        }
    }

    [Test]
    public void RebalanceOfTheShippedUniverseIsByteIdenticalFromCsvAndParquet()
    {
        var shipped = Path.Combine(IndexEngine.Tests.Methodology.TestConfigs.RepositoryRoot, "universes", "default");
        Convert(shipped, Sub("parquet"));
        Convert(Sub("parquet"), Sub("csv"));
        foreach (var name in new[] { "securities.csv", "metrics.csv" })
            Assert.That(File.ReadAllBytes(Path.Combine(Sub("csv"), name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(shipped, name))), name);
        Assert.That(Gunzip(Path.Combine(Sub("csv"), "prices.csv.gz")), Is.EqualTo(Gunzip(Path.Combine(shipped, "prices.csv.gz"))), "prices");

        var fromCsv = Rebalance(shipped, Sub("out-csv"));
        var fromParquet = Rebalance(Sub("parquet"), Sub("out-parquet"));
        Assert.That(fromParquet.Keys, Is.EquivalentTo(fromCsv.Keys));
        foreach (var (file, text) in fromCsv)
            Assert.That(fromParquet[file], Is.EqualTo(text), $"{file} differs between the CSV and the Parquet run");
    }

    [Test]
    public void ScheduleAndBacktestReadParquetWithTheSameResults()
    {
        var shipped = Path.Combine(IndexEngine.Tests.Methodology.TestConfigs.RepositoryRoot, "universes", "default");
        Convert(shipped, Sub("parquet"));

        var csvSchedule = Support.Cli.Run("schedule", "--from", "2016-01-01", "--to", "2017-12-31", "--universe", shipped);
        var parquetSchedule = Support.Cli.Run("schedule", "--from", "2016-01-01", "--to", "2017-12-31", "--universe", Sub("parquet"));
        Assert.That(parquetSchedule.ExitCode, Is.EqualTo(CliApp.Success), parquetSchedule.ToString());
        Assert.That(parquetSchedule.StdOut.Replace(Sub("parquet"), "U"), Is.EqualTo(csvSchedule.StdOut.Replace(shipped, "U")));

        foreach (var (universe, output) in new[] { (shipped, Sub("bt-csv")), (Sub("parquet"), Sub("bt-parquet")) })
        {
            var run = Support.Cli.Run("backtest", "--universe", universe, "--from", "2017-01-02", "--to", "2017-06-30", "--out", output, "--quiet");
            Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), run.ToString());
        }
        foreach (var name in new[] { "levels.csv", "rebalances.csv", "stats.json" })
            Assert.That(File.ReadAllBytes(Path.Combine(Sub("bt-parquet"), name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(Sub("bt-csv"), name))), name);
    }

    [TestCase("sp500-2017")]
    [TestCase("sp500-pit")]
    public void ConvertRoundTripsTheRealDataExactly(string name)
    {
        var real = SharedData.Require(name);
        if (!Directory.Exists(real)) Assert.Ignore($"{real} is absent");
        Convert(real, Sub("parquet"));
        Convert(Sub("parquet"), Sub("csv"));
        var original = UniverseLoader.Load(real, UnknownIdPolicy.Error);
        UniverseAssert.BitIdentical(UniverseLoader.Load(Sub("parquet"), UnknownIdPolicy.Error), original);
        UniverseAssert.BitIdentical(UniverseLoader.Load(Sub("csv"), UnknownIdPolicy.Error), original);
        if (name == "sp500-2017")
        {
            var fromCsv = Rebalance(real, Sub("out-csv"));
            var fromParquet = Rebalance(Sub("parquet"), Sub("out-parquet"));
            foreach (var (file, text) in fromCsv)
                Assert.That(fromParquet[file], Is.EqualTo(text), $"{file} differs between the CSV and the Parquet run");
        }
    }

    /// <summary>The run's output files; summary.json without its input names and hashes, which name the files read.</summary>
    private static Dictionary<string, string> Rebalance(string universe, string output)
    {
        var run = Support.Cli.Run("rebalance", "--universe", universe, "--out", output, "--quiet");
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), run.ToString());
        return Directory.GetFiles(output).Where(p => !Path.GetFileName(p).StartsWith('.')).ToDictionary(
            p => Path.GetFileName(p),
            p => string.Join('\n', File.ReadAllLines(p).Where(line =>
                !line.TrimStart().StartsWith("\"sha256\"", StringComparison.Ordinal) && !line.TrimStart().StartsWith("\"file\"", StringComparison.Ordinal))));
    }

    private static byte[] Gunzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }

    private static T[] ReadColumn<T>(RowGroupReader group, int column, int rows)
    {
        using var chunk = group.Column(column);
        using var reader = chunk.LogicalReader<T>();
        var values = new T[rows];
        int read = 0;
        while (read < rows && reader.HasNext) read += reader.ReadBatch(values.AsSpan(read));
        return values;
    }
}
