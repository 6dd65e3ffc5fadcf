using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using IndexEngine.Tests.Support;
using NUnit.Framework;

namespace IndexEngine.Tests.Research;

/// <summary>
/// `backtest` writes levels_net.csv, costs.csv, capacity.csv and stats_net.json; at 0 bps the net files repeat the gross
/// ones; with costs, tests/reference/costs_check.py (plain Python, from the output files and the universe) agrees to 1e-10.
/// </summary>
[TestFixture]
public sealed class CostsBacktestTests
{
    [Test]
    public void At_zero_cost_the_net_levels_and_statistics_are_the_gross_ones()
    {
        var output = Path.Combine(TestPaths.NewTempDirectory(), "bt");
        var run = Support.Cli.Run("backtest", "--universe", TestPaths.DefaultUniverse, "--from", "2014-01-01", "--to", "2017-11-10", "--out", output, "--quiet");
        Assert.That(run.ExitCode, Is.Zero, run.ToString());

        var gross = OutputFiles.ReadCsv(Path.Combine(output, "levels.csv"));
        var net = OutputFiles.ReadCsv(Path.Combine(output, "levels_net.csv"));
        Assert.That(net.Select(r => (r["date"], r["index_pr"], r["index_tr"])), Is.EqualTo(gross.Select(r => (r["date"], r["index_pr"], r["index_tr"]))));
        var costs = OutputFiles.ReadCsv(Path.Combine(output, "costs.csv"));
        Assert.That(costs.Select(r => r["cost"]), Has.All.EqualTo("0"));
        Assert.That(OutputFiles.Number(costs[0]["traded"]), Is.EqualTo(1.0).Within(1e-12), "the initial build buys the whole index");
        var rebalances = OutputFiles.ReadCsv(Path.Combine(output, "rebalances.csv"));
        for (int k = 1; k < rebalances.Count; k++)
            Assert.That(OutputFiles.Number(costs[k]["traded"]), Is.EqualTo(2 * OutputFiles.Number(rebalances[k]["turnover"])).Within(1e-12),
                "traded value is twice the one-way turnover");

        using var grossStats = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "stats.json")));
        using var netStats = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "stats_net.json")));
        Assert.That(netStats.RootElement.GetProperty("index").GetProperty("name").GetString(), Is.EqualTo("index net of costs"));
        foreach (var key in new[] { "total_return", "annualised_return", "volatility", "sharpe", "max_drawdown" })
            Assert.That(netStats.RootElement.GetProperty("index").GetProperty(key).GetDouble(),
                Is.EqualTo(grossStats.RootElement.GetProperty("index").GetProperty(key).GetDouble()), key);

        var capacity = OutputFiles.ReadCsv(Path.Combine(output, "capacity.csv"));
        Assert.That(capacity.Select(r => r["screening"]).Distinct(), Is.EqualTo(rebalances.Select(r => r["screening"])));
        Assert.That(capacity.Select(r => OutputFiles.Number(r["days_of_adv"])), Has.All.GreaterThan(0.0));
        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.That(html, Does.Contain("<h2>Transaction costs</h2>").And.Contain("<h2>Capacity</h2>"));
    }

    [Test]
    public void Costs_and_capacity_of_the_shipped_universe_agree_with_the_independent_check()
    {
        var output = Path.Combine(TestPaths.NewTempDirectory(), "bt");
        var run = Support.Cli.Run("backtest", "--universe", TestPaths.DefaultUniverse, "--from", "2014-01-01", "--to", "2017-11-10", "--out", output, "--quiet",
            "--set", "costs.one_way_bps=25", "--set", "capacity.aum=5e8", "--set", "capacity.max_adv_fraction=0.1");
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        using var gross = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "stats.json")));
        using var net = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "stats_net.json")));
        double drag = gross.RootElement.GetProperty("index").GetProperty("annualised_return").GetDouble()
                      - net.RootElement.GetProperty("index").GetProperty("annualised_return").GetDouble();
        // About 2.7 round trips of 25 bp a year (one-way turnover ~33% a quarter): between 0.4% and 0.8% a year.
        Assert.That(drag, Is.InRange(0.004, 0.008));

        var check = RunCheck(output, TestPaths.DefaultUniverse, "--bps", "25", "--aum", "5e8", "--fraction", "0.1");
        Assert.That(check, Does.Contain("11 rebalances"));
    }

    [Test]
    public void Costs_and_capacity_of_a_point_in_time_sp500_backtest_agree_with_the_independent_check()
    {
        var universe = TestPaths.SharedData("sp500-pit");
        var output = Path.Combine(TestPaths.NewTempDirectory(), "bt");
        var run = Support.Cli.Run("backtest", "--universe", universe, "--set", "universe.size=500", "--set", "selection.fraction=0.25",
            "--from", "2013-05-31", "--to", "2017-11-10", "--out", output, "--quiet", "--set", "costs.one_way_bps=10");
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var check = RunCheck(output, universe, "--bps", "10");
        Assert.That(check, Does.Contain("18 rebalances"));
    }

    private static string RunCheck(string output, string universe, params string[] settings)
    {
        var python = FindOnPath("python3");
        if (python is null) Assert.Ignore("python3 is not installed: tests/reference/costs_check.py cannot run");
        var start = new ProcessStartInfo(python!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(TestPaths.RepoRoot, "tests", "reference", "costs_check.py"), output, universe }.Concat(settings))
            start.ArgumentList.Add(a);
        var check = Support.Cli.RunProcess(start);
        TestContext.Out.WriteLine(check.StdOut);
        Assert.That(check.ExitCode, Is.Zero, check.ToString());
        return check.StdOut;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
