using System.Text.Json;
using IndexEngine.Core.Methodology;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Cli;

/// <summary>METHODOLOGY §11 end to end: point-in-time universes through `generate-universe`, `validate`,
/// `rebalance` and `backtest`, and the look-ahead warning on undated ones.</summary>
[TestFixture]
public sealed class PointInTimeCommandTests
{
    [Test]
    public void A_generated_point_in_time_universe_has_quarterly_snapshots_and_rebalances_with_row_ages()
    {
        var root = TestPaths.NewTempDirectory();
        var universe = Path.Combine(root, "pit");
        var generate = Support.Cli.Run("generate-universe", "--out", universe, "--seed", "5", "--securities", "150",
            "--from", "2015-01-02", "--to", "2017-06-30", "--dated-metrics");
        Assert.That(generate.ExitCode, Is.Zero, generate.ToString());
        var metrics = File.ReadAllLines(Path.Combine(universe, "metrics.csv"));
        Assert.That(metrics[0], Does.StartWith("date,id,market_cap,earnings_yield"));
        var dates = metrics.Skip(1).Select(l => l[..10]).Distinct().ToArray();
        Assert.That(dates, Is.EqualTo(new[]
        {
            "2015-01-15", "2015-04-15", "2015-07-15", "2015-10-15", "2016-01-15", "2016-04-15", "2016-07-15",
            "2016-10-15", "2017-01-15", "2017-04-15",
        }));

        var validate = Support.Cli.Run("validate", "--universe", universe);
        Assert.That(validate.ExitCode, Is.Zero, validate.ToString());
        Assert.That(validate.StdOut, Does.Contain("Point-in-time metrics: 10 dates (2015-01-15..2017-04-15)"));
        Assert.That(validate.StdOut, Does.Match(@"2017-05-31\s+1[0-9]{2}\s+1[0-9]{2}"), "coverage at the last screening date");

        var output = Path.Combine(root, "out");
        var rebalance = Support.Cli.Run("rebalance", "--universe", universe, "--as-of", "2017-05-31", "--out", output,
            "--set", "universe.size=120", "--set", "selection.count=40");
        Assert.That(rebalance.ExitCode, Is.Zero, rebalance.ToString());
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var rows = summary.RootElement.GetProperty("metric_rows");
        using (Assert.EnterMultipleScope())
        {
            // 2017-04-15 is 46 days before 2017-05-31; every member has a row of that snapshot.
            Assert.That(rows.GetProperty("min_age_days").GetInt32(), Is.EqualTo(46));
            Assert.That(rows.GetProperty("max_age_days_used").GetInt32(), Is.EqualTo(46));
            Assert.That(rows.GetProperty("members_without_row").GetInt32(), Is.Zero);
            Assert.That(File.ReadAllText(Path.Combine(output, "report.md")), Does.Contain("Point-in-time metrics (§11)"));
        }
    }

    [Test]
    public void A_backtest_on_undated_metrics_warns_once_about_look_ahead_and_its_report_says_so()
    {
        var output = Path.Combine(TestPaths.NewTempDirectory(), "bt");
        var run = Support.Cli.Run("backtest", "--universe", TestPaths.DefaultUniverse, "--from", "2016-01-01", "--to", "2017-11-10", "--out", output);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        int warnings = run.StdErr.Split('\n').Count(line => line.Contains("look-ahead: the metrics file (metrics.csv or .parquet) has no date column", StringComparison.Ordinal));
        Assert.That(warnings, Is.EqualTo(1), run.StdErr);
        Assert.That(File.ReadAllText(Path.Combine(output, "report.html")), Does.Contain("look-ahead: the metrics file (metrics.csv or .parquet) has no date column"));
    }

    [Test]
    public void Real_data_the_point_in_time_backtest_of_the_readme_runs_without_the_look_ahead_note()
    {
        var universe = TestPaths.SharedData("sp500-pit");
        var spy = TestPaths.SharedData("etfs/spy.csv.gz");
        var output = Path.Combine(TestPaths.NewTempDirectory(), "bt");
        var run = Support.Cli.Run("backtest", "--universe", universe, "--set", "universe.size=500", "--set", "selection.fraction=0.25",
            "--from", "2013-05-31", "--to", "2017-11-10", "--benchmark", spy, "--out", output);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.StdErr, Does.Not.Contain("look-ahead"));

        var rebalances = OutputFiles.ReadCsv(Path.Combine(output, "rebalances.csv"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rebalances, Has.Count.EqualTo(18));
            Assert.That(rebalances[0]["screening"], Is.EqualTo("2013-05-31"));
            Assert.That(rebalances[0]["effective"], Is.EqualTo("2013-06-14"));
            // The point-in-time universe grows as snapshots list more of today's members (430 in May 2013).
            Assert.That(rebalances[0]["universe"], Is.EqualTo("430"));
            Assert.That(rebalances[^1]["screening"], Is.EqualTo("2017-08-31"));
        }

        // At the first screening date Apple's cap is its 2013-05-05 snapshot (422.4bn) drifted by its closes from
        // Friday 2013-05-03 (58.475, the last trading day on or before the Sunday snapshot) to 2013-05-31 (58.83).
        var scores = OutputFiles.ReadCsv(Path.Combine(output, "rebalances", "2013-05-31", "scores.csv"));
        var apple = scores.Single(r => r["id"] == "AAPL");
        Assert.That(OutputFiles.Number(apple["market_cap"]), Is.EqualTo(422400000000.0 * 58.83 / 58.475));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "rebalances", "2013-05-31", "summary.json")));
        Assert.That(summary.RootElement.GetProperty("metric_rows").GetProperty("min_age_days").GetInt32(), Is.EqualTo(26), "2013-05-05 is 26 days before 2013-05-31");
    }

    [Test]
    public void Real_data_validate_lists_the_twenty_snapshot_dates()
    {
        var run = Support.Cli.Run("validate", "--universe", TestPaths.SharedData("sp500-pit"));
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.StdOut, Does.Contain("Point-in-time metrics: 20 dates (2013-02-10..2017-03-08)"));
        Assert.That(run.StdOut, Does.Match(@"2013-05-31\s+431\s+431"));
        Assert.That(Backtest.LookAheadNote, Does.Contain("§11"));
    }
}
