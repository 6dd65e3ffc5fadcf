using IndexEngine.Cli;
using IndexEngine.Cli.Commands;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Methodology.Research;
using IndexEngine.Core.Model;
using IndexEngine.Data;
using IndexEngine.Data.Configuration;
using IndexEngine.Data.Output;
using IndexEngine.Data.Synthetic;
using IndexEngine.Reporting;
using NUnit.Framework;

namespace IndexEngine.Tests.Data;

/// <summary>
/// A rebalance or backtest on a windowed load writes exactly the files of the same run on the full load: the
/// window holds every price the rules read, and the calendar (effective dates, schedule, history counts) stays
/// whole. Checked on the shipped universe in both formats and on the real data when ../shared is present.
/// </summary>
[TestFixture]
public sealed class WindowedOutputTests : TempFolderFixture
{

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private string Universe(string which)
    {
        if (which == "default") return Support.TestPaths.DefaultUniverse;
        if (which == "default-parquet")
        {
            var parquet = Folder.File("parquet");
            var run = Support.Cli.Run("convert", "--universe", Support.TestPaths.DefaultUniverse, "--out", parquet, "--quiet");
            Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), run.ToString());
            return parquet;
        }
        var real = Support.TestPaths.SharedData(which);
        if (!Directory.Exists(real)) Assert.Ignore($"{real} is absent");
        return real;
    }

    /// <summary>Every file of a run's output folder, by relative path.</summary>
    private static Dictionary<string, byte[]> Files(string directory) =>
        Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(directory, p), File.ReadAllBytes);

    private static void SameFiles(string windowed, string full)
    {
        var expected = Files(full);
        var actual = Files(windowed);
        Assert.That(actual.Keys, Is.EquivalentTo(expected.Keys));
        foreach (var (name, bytes) in expected)
            Assert.That(actual[name], Is.EqualTo(bytes), $"{name} differs between the windowed and the full load");
    }

    private string Rebalance(Universe universe, MethodologyConfig config, DateOnly? asOf, string name)
    {
        var directory = Folder.File(name);
        Directory.CreateDirectory(directory);
        var result = RebalancePipeline.Run(universe, config, new RebalanceInputs(asOf));
        RebalanceCommand.WriteFiles(directory, result, universe.Sources);
        return directory;
    }

    /// <summary>The backtest's data files as the command writes them (report.html aside, which renders the same results).</summary>
    private string Backtest(Universe universe, MethodologyConfig config, DateOnly from, DateOnly to, string name)
    {
        var directory = Folder.File(name);
        Directory.CreateDirectory(directory);
        var result = Core.Methodology.Backtest.Run(universe, config, from, to, null);
        BacktestFiles.WriteLevels(Path.Combine(directory, "levels.csv"), result);
        BacktestFiles.WriteRebalances(Path.Combine(directory, "rebalances.csv"), result);
        BacktestFiles.WriteFactorIc(Path.Combine(directory, "factor_ic.csv"), FactorDiagnostics.InformationCoefficients(universe, result.Steps, config.Technical));
        BacktestFiles.WriteFactorQuantiles(Path.Combine(directory, "factor_quantiles.csv"), FactorDiagnostics.QuantileReturns(universe, result.Steps, config.Technical));
        TextFile.Write(Path.Combine(directory, "stats.json"), StatisticsJson.Write(result.Statistics, "index", result.BenchmarkName));
        TextFile.Write(Path.Combine(directory, "notes.txt"), string.Join("\n", result.Notes)); // the log's and the report's notes
        foreach (var step in result.Steps)
        {
            var dir = Path.Combine(directory, "rebalances", step.Dates.Screening.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            RebalanceCommand.WriteFiles(dir, step.Result, universe.Sources);
        }
        Assert.That(result.Steps, Is.Not.Empty);
        return directory;
    }

    [TestCase("default", null)]
    [TestCase("default", "2016-05-31")]
    [TestCase("default", "2015-01-15")] // close to the start: the window is cut at the first date
    [TestCase("default-parquet", null)]
    [TestCase("default-parquet", "2016-11-30")]
    [TestCase("sp500-2017", null)]
    [TestCase("sp500-2017", "2017-05-31")]
    [TestCase("sp500-pit", "2015-08-31")] // dated metrics with caps: the §11 age limit widens the window
    public void ARebalanceWritesTheSameFiles(string which, string? asOf)
    {
        var folder = Universe(which);
        var config = ConfigLoader.Load(null, which == "sp500-pit" ? ["selection.fraction=0.25", "universe.size=500"] : []);
        var date = asOf is null ? (DateOnly?)null : D(asOf);
        var full = UniverseLoader.Load(folder, config.Data.UnknownIds);
        var windowed = UniverseLoader.Load(folder, config.Data.UnknownIds, PriceWindow.ForRebalance(config, date));
        Assert.That(windowed.DateCount, Is.LessThan(full.DateCount), "the window must cut the calendar for the test to mean anything");
        SameFiles(Rebalance(windowed, config, date, "windowed"), Rebalance(full, config, date, "full"));
    }

    [TestCase("default", "2015-01-01", "2016-06-30")] // ends early: the 12-month forward returns read past --to
    [TestCase("default", "2014-03-01", "2015-03-31")] // starts early: screening dates skipped for too little history
    [TestCase("default-parquet", "2016-01-01", "2017-11-10")]
    [TestCase("sp500-2017", "2016-01-01", "2017-06-30")]
    [TestCase("sp500-pit", "2014-01-01", "2015-12-31")]
    public void ABacktestWritesTheSameFiles(string which, string from, string to)
    {
        var folder = Universe(which);
        var config = ConfigLoader.Load(null, which == "sp500-pit" ? ["selection.fraction=0.25", "universe.size=500"] : ["selection.fraction=0.3"]);
        var full = UniverseLoader.Load(folder, config.Data.UnknownIds);
        var windowed = UniverseLoader.Load(folder, config.Data.UnknownIds, PriceWindow.ForBacktest(config, D(from), D(to)));
        Assert.That(windowed.DateCount, Is.LessThan(full.DateCount), "the window must cut the calendar for the test to mean anything");
        SameFiles(Backtest(windowed, config, D(from), D(to), "windowed"), Backtest(full, config, D(from), D(to), "full"));
    }

    [Test]
    public void AMetricsRowOlderThanTheTradingDayLookBackStillDriftsItsCapFromItsOwnClose()
    {
        // Short look-backs (14 trading days, about three weeks) against quarterly point-in-time metrics with caps:
        // the row a screening date uses is up to three months old, and its cap is drifted by close(S) / close(row
        // date), so the window must reach the row's date through metrics.max_age_days, not only the trading days.
        var folder = Folder.File("pit");
        UniverseWriter.Write(folder, UniverseGenerator.Generate(new GeneratorOptions
        {
            Seed = 3, Securities = 120, From = new DateOnly(2016, 1, 4), To = new DateOnly(2017, 6, 30), DatedMetrics = true,
        }));
        var config = ConfigLoader.Load(null,
        [
            "technical.window=10", "technical.min_observations=8", "technical.momentum_long=12", "technical.momentum_short=11",
            "technical.momentum_skip=2", "technical.close_fallback_days=2", "eligibility.adv_days=6", "eligibility.adv_periods=3",
            "universe.size=100", "selection.count=30",
        ]);
        var asOf = D("2017-05-31");
        var full = UniverseLoader.Load(folder, UnknownIdPolicy.Error);
        Assert.That(full.Metrics.IsDated && full.Metrics.HasMarketCap, "the case needs dated metrics with caps");
        var window = PriceWindow.ForRebalance(config, asOf);
        var windowed = UniverseLoader.Load(folder, UnknownIdPolicy.Error, window);
        var trading = UniverseLoader.Load(folder, UnknownIdPolicy.Error, window with { CalendarDaysBefore = 0 });
        Assert.That(windowed.DateCount, Is.GreaterThan(trading.DateCount), "the age limit must widen the window");
        SameFiles(Rebalance(windowed, config, asOf, "windowed"), Rebalance(full, config, asOf, "full"));
        // Without the age limit's part the caps are not drifted, and the files differ: the part is needed.
        var withoutAge = Rebalance(trading, config, asOf, "trading-days-only");
        Assert.That(File.ReadAllBytes(Path.Combine(withoutAge, "scores.csv")).SequenceEqual(File.ReadAllBytes(Path.Combine(Folder.File("full"), "scores.csv"))),
            Is.False, "scores.csv must differ without the age limit's part of the window");
    }
}
