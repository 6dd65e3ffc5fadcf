using System.Text.Json;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Cli;

/// <summary>End-to-end `backtest` and `rebalance --when-due`.</summary>
[TestFixture]
public sealed class BacktestCommandTests
{
    [Test]
    public void DefaultUniverse_FullHistory_WritesLevelsRebalancesStatsAndReport()
    {
        var outDir = Path.Combine(TestPaths.NewTempDirectory(), "bt");
        var run = Support.Cli.Run("backtest", "--universe", TestPaths.DefaultUniverse, "--from", "2014-01-01", "--to", "2017-11-10", "--out", outDir);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());

        var levels = OutputFiles.ReadCsv(Path.Combine(outDir, "levels.csv"));
        Assert.That(levels[0]["date"], Is.EqualTo("2015-03-13"), "first effective date: the first screening date with a year of history is 2015-02-27");
        Assert.That(levels[0]["index_pr"], Is.EqualTo("200"));
        Assert.That(levels[0]["index_tr"], Is.EqualTo("200"));
        Assert.That(levels[^1]["date"], Is.EqualTo("2017-11-10"));
        var trOverPr = levels.Select(l => OutputFiles.Number(l["index_tr"]) / OutputFiles.Number(l["index_pr"])).ToArray();
        Assert.That(trOverPr.Zip(trOverPr.Skip(1)).All(p => p.Second >= p.First - 1e-12), "dividends only ever add to the total return");
        Assert.That(trOverPr[^1], Is.GreaterThan(1.001), "the default universe pays dividends");

        var rebalances = OutputFiles.ReadCsv(Path.Combine(outDir, "rebalances.csv"));
        Assert.That(rebalances.Select(r => r["screening"]), Is.EqualTo(new[]
        {
            "2015-02-27", "2015-05-29", "2015-08-31", "2015-11-30", "2016-02-29", "2016-05-31",
            "2016-08-31", "2016-11-30", "2017-02-28", "2017-05-31", "2017-08-31",
        }));
        Assert.That(rebalances[0]["turnover"], Is.Empty, "the initial build has no turnover");
        Assert.That(rebalances.Skip(1).Select(r => OutputFiles.Number(r["turnover"])), Has.All.InRange(0.0, 1.0));
        foreach (var r in rebalances)
            foreach (var file in OutputFiles.RebalanceFiles)
                Assert.That(File.Exists(Path.Combine(outDir, "rebalances", r["screening"], file)), $"{r["screening"]}/{file}");

        using var stats = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "stats.json")));
        Assert.That(stats.RootElement.GetProperty("rebalances").GetInt32(), Is.EqualTo(10));
        Assert.That(stats.RootElement.GetProperty("benchmark").GetProperty("name").GetString(), Does.Contain("Cap-weighted"));
        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.That(html, Does.Contain("<svg").And.Not.Contain("http://cdn").And.Not.Contain("<script src"));
    }

    [Test]
    public void ToBeyondTheData_Warns_With_The_Last_Date_Used_And_Each_Rebalance_Warning_Is_Logged_Once()
    {
        var outDir = Path.Combine(TestPaths.NewTempDirectory(), "bt");
        var run = Support.Cli.Run("backtest", "--universe", TestPaths.DefaultUniverse, "--from", "2017-01-01", "--to", "2018-06-30",
            "--set", "selection.fraction=0.25", "--out", outDir);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.StdErr, Does.Contain("WRN] --to 2018-06-30 is after the last price date: the backtest ends on 2017-11-10, the last date used"));
        Assert.That(OutputFiles.ReadCsv(Path.Combine(outDir, "levels.csv"))[^1]["date"], Is.EqualTo("2017-11-10"));
        Assert.That(File.ReadAllText(Path.Combine(outDir, "report.html")), Does.Contain("--to 2018-06-30 is after the last price date"));

        // The same config warning is in every rebalance's summary.json, and in the log once, at the first one.
        const string ignored = "selection.count = 200 is ignored because selection.fraction = 0.25 is set: N = 0.25 x 800 in U, rounded = 200";
        Assert.That(run.StdErr.Split('\n').Count(l => l.Contains(ignored, StringComparison.Ordinal)), Is.EqualTo(1), run.StdErr);
        Assert.That(run.StdErr, Does.Contain("WRN] Rebalance 2017-02-28: " + ignored));
        var rebalances = OutputFiles.ReadCsv(Path.Combine(outDir, "rebalances.csv"));
        Assert.That(rebalances.Select(r => r["screening"]), Is.EqualTo(new[] { "2017-02-28", "2017-05-31", "2017-08-31" }));
        foreach (var r in rebalances)
        {
            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "rebalances", r["screening"], "summary.json")));
            var root = summary.RootElement;
            Assert.That(root.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()), Is.EqualTo(new[] { ignored }), r["screening"]);
            Assert.That(root.GetProperty("screening_date").GetString(), Is.EqualTo(r["screening"]));
            Assert.That(root.GetProperty("effective_date").GetString(), Is.EqualTo(r["effective"]), "the rebalance's effective date is the schedule's");
            Assert.That(root.GetProperty("effective_date_estimated").GetBoolean(), Is.False);
        }
    }

    [Test]
    public void RealData_TechnicalConfig_2012To2017_AgainstSpy()
    {
        var universe = TestPaths.SharedData("sp500-2017");
        var spy = TestPaths.SharedData("etfs/spy.csv.gz");
        var outDir = Path.Combine(TestPaths.NewTempDirectory(), "bt");
        var run = Support.Cli.Run("backtest", "--universe", universe, "--config", TestPaths.Config("technical.json"),
            "--set", "selection.fraction=0.25", "--from", "2012-06-01", "--to", "2017-11-10", "--benchmark", spy, "--out", outDir);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());

        var rebalances = OutputFiles.ReadCsv(Path.Combine(outDir, "rebalances.csv"));
        Assert.That(rebalances[0]["screening"], Is.EqualTo("2012-08-31"));
        Assert.That(rebalances[^1]["screening"], Is.EqualTo("2017-08-31"));
        Assert.That(rebalances, Has.Count.EqualTo(21));
        using var stats = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "stats.json")));
        var root = stats.RootElement;
        Assert.That(root.GetProperty("start").GetString(), Is.EqualTo("2012-09-14"));
        Assert.That(root.GetProperty("end").GetString(), Is.EqualTo("2017-11-10"));
        Assert.That(root.GetProperty("beta").GetDouble(), Is.InRange(0.7, 1.3), "a large-cap US equity index moves with SPY");
        Assert.That(root.GetProperty("tracking_error").GetDouble(), Is.InRange(0.01, 0.15));
    }

    [Test]
    public void WhenDue_OnANonScreeningDate_ExitsZeroWithTheNextDateAndWritesNothing()
    {
        var outDir = Path.Combine(TestPaths.NewTempDirectory(), "out");
        var run = Support.Cli.Run("rebalance", "--universe", TestPaths.DefaultUniverse, "--out", outDir, "--when-due", "--as-of", "2017-08-30");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.StdOut, Does.Contain("Next screening date: 2017-08-31"));
        Assert.That(Directory.Exists(outDir), Is.False);
    }

    [Test]
    public void WhenDue_OnAScreeningDate_Rebalances()
    {
        var outDir = Path.Combine(TestPaths.NewTempDirectory(), "out");
        var run = Support.Cli.Run("rebalance", "--universe", TestPaths.DefaultUniverse, "--out", outDir, "--when-due", "--as-of", "2017-08-31");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(File.Exists(Path.Combine(outDir, "constituents.csv")));
    }
}

/// <summary>A backtest's levels.csv read back by `stats` (issue 13: `--column`, the benchmark rebased to the index).</summary>
[TestFixture]
public sealed class BacktestLevelsStatsTests
{
    [Test]
    public void Stats_of_levels_csv_columns_reproduce_the_backtests_own_statistics()
    {
        var root = TestPaths.NewTempDirectory();
        var outDir = Path.Combine(root, "bt");
        var run = Support.Cli.Run("backtest", "--universe", TestPaths.DefaultUniverse, "--from", "2016-01-01", "--to", "2017-11-10", "--out", outDir, "--quiet");
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var levels = OutputFiles.ReadCsv(Path.Combine(outDir, "levels.csv"));
        Assert.That(levels[0]["benchmark"], Is.EqualTo(levels[0]["index_tr"]), "the benchmark starts at the index's base value");
        Assert.That(levels[0]["benchmark"], Is.EqualTo("200"));

        var levelsFile = Path.Combine(outDir, "levels.csv");
        var stats = Support.Cli.Run("stats", "--series", levelsFile, "--column", "index_tr", "--benchmark", levelsFile, "--benchmark-column", "benchmark", "--format", "json");
        Assert.That(stats.ExitCode, Is.Zero, stats.ToString());
        using var fromLevels = JsonDocument.Parse(stats.StdOut);
        using var own = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "stats.json")));
        foreach (var key in new[] { "tracking_error", "information_ratio", "beta" })
            Assert.That(fromLevels.RootElement.GetProperty(key).GetDouble(), Is.EqualTo(own.RootElement.GetProperty(key).GetDouble()).Within(1e-12), key);
        foreach (var side in new[] { "index", "benchmark" })
            Assert.That(fromLevels.RootElement.GetProperty(side).GetProperty("annualised_return").GetDouble(),
                Is.EqualTo(own.RootElement.GetProperty(side).GetProperty("annualised_return").GetDouble()).Within(1e-12), side);

        var missing = Support.Cli.Run("stats", "--series", levelsFile, "--column", "index_xx", "--benchmark", levelsFile);
        Assert.That(missing.ExitCode, Is.EqualTo(2), missing.ToString());
        Assert.That(missing.StdErr, Does.Contain("index_xx"));
    }

    [Test]
    public void An_empty_value_in_a_named_column_is_no_date_of_the_series_but_an_empty_close_is_bad_input()
    {
        var root = TestPaths.NewTempDirectory();
        var file = Path.Combine(root, "levels.csv");
        File.WriteAllText(file, "date,index_tr,benchmark,close\n2017-01-02,200,200,1\n2017-01-03,201,,\n2017-01-04,202,203,2\n");
        var series = IndexEngine.Data.LevelSeriesLoader.Load(file, "benchmark", out _, "benchmark");
        Assert.That(series.Dates, Is.EqualTo(new[] { new DateOnly(2017, 1, 2), new DateOnly(2017, 1, 4) }));
        Assert.Throws<IndexEngine.Core.Model.InputException>(() => IndexEngine.Data.LevelSeriesLoader.Load(file, "close", out _, "series"));
    }
}

/// <summary>`indexengine factors`: the backtest's factor diagnostics without building the index.</summary>
[TestFixture]
public sealed class FactorsCommandTests
{
    [Test]
    public void Factors_writes_the_same_ic_and_quintile_files_as_the_backtest()
    {
        var root = TestPaths.NewTempDirectory();
        var backtest = Support.Cli.Run("backtest", "--universe", TestPaths.DefaultUniverse, "--from", "2016-01-01", "--to", "2017-11-10", "--out", Path.Combine(root, "bt"), "--quiet");
        Assert.That(backtest.ExitCode, Is.Zero, backtest.ToString());
        var factors = Support.Cli.Run("factors", "--universe", TestPaths.DefaultUniverse, "--from", "2016-01-01", "--to", "2017-11-10", "--out", Path.Combine(root, "factors"), "--quiet");
        Assert.That(factors.ExitCode, Is.Zero, factors.ToString());

        foreach (var file in new[] { "factor_ic.csv", "factor_quantiles.csv" })
            Assert.That(File.ReadAllBytes(Path.Combine(root, "factors", file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(root, "bt", file))), file);
        var ics = OutputFiles.ReadCsv(Path.Combine(root, "factors", "factor_ic.csv"));
        Assert.That(ics.Select(r => r["factor"]).Distinct(), Is.EqualTo(new[] { "value", "quality", "momentum", "low_correlation", "cfs" }));
        Assert.That(ics.Select(r => r["horizon"]).Distinct(), Is.SupersetOf(new[] { "next", "1m", "3m" }));
        var quantiles = OutputFiles.ReadCsv(Path.Combine(root, "factors", "factor_quantiles.csv"));
        Assert.That(quantiles.GroupBy(r => (r["screening_date"], r["factor"])).Select(g => g.Count()), Has.All.EqualTo(5));
        Assert.That(factors.StdOut, Does.Contain("Factor ICs over"));
    }
}
