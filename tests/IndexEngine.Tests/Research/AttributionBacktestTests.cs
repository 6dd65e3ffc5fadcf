using System.Globalization;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Methodology.Research;
using IndexEngine.Core.Model;
using IndexEngine.Data;
using IndexEngine.Tests.Methodology;
using IndexEngine.Tests.Support;
using NUnit.Framework;

namespace IndexEngine.Tests.Research;

/// <summary>The attribution of a real backtest: the shipped universe (dividends, a removal) in process, the CLI's files, and
/// the independent Python check on the shipped universe and on sp500-pit.</summary>
public class AttributionBacktestTests
{
    private static Universe? _universe;
    private static BacktestResult? _result;

    private static (Universe Universe, BacktestResult Result) DefaultBacktest()
    {
        _universe ??= UniverseLoader.Load(TestPaths.DefaultUniverse, UnknownIdPolicy.Error);
        _result ??= Backtest.Run(_universe, TestConfigs.Default(), new DateOnly(2014, 1, 1), new DateOnly(2017, 11, 10), benchmark: null);
        return (_universe, _result);
    }

    [Test]
    public void Period_returns_are_the_levels_own_and_the_effects_add_up_to_the_active_return_per_period_and_linked()
    {
        var (universe, result) = DefaultBacktest();
        Assert.That(result.Index.Removals, Is.Not.Empty, "the shipped universe has a constituent removed mid-period");
        Assert.That(universe.HasDividends);
        var attribution = AttributionAnalysis.Of(universe, result);
        double Growth(LevelSeries series, DateOnly from, DateOnly to) =>
            series.Values[IndexOf(series, to)] / series.Values[IndexOf(series, from)];

        foreach (var linked in new[] { attribution.Sectors, attribution.SizeDeciles })
        {
            Assert.That(linked.Periods, Has.Count.EqualTo(result.Steps.Count));
            for (int k = 0; k < linked.Periods.Count; k++)
            {
                var p = linked.Periods[k];
                Assert.That(p.Start, Is.EqualTo(result.Steps[k].Dates.Effective));
                Assert.That(p.End, Is.EqualTo(k + 1 < result.Steps.Count ? result.Steps[k + 1].Dates.Effective : new DateOnly(2017, 11, 10)));
                Assert.That((1 + p.IndexReturn) / Growth(result.Index.TotalReturn, p.Start, p.End), Is.EqualTo(1).Within(1e-12), $"index {p.Start}");
                // Without --benchmark the benchmark is the cap-weighted starting universe, calculated by the level code.
                Assert.That((1 + p.BenchmarkReturn) / Growth(result.Benchmark, p.Start, p.End), Is.EqualTo(1).Within(1e-12), $"benchmark {p.Start}");
                Assert.That(p.Groups.Sum(g => g.Allocation + g.Selection + g.Interaction), Is.EqualTo(p.ActiveReturn).Within(1e-12), $"sum {p.Start}");
                Assert.That(p.Groups.Sum(g => g.IndexWeight), Is.EqualTo(1).Within(1e-12));
                Assert.That(p.Groups.Sum(g => g.BenchmarkWeight), Is.EqualTo(1).Within(1e-12));
            }
            var whole = linked.Linked;
            double r = Growth(result.Index.TotalReturn, whole.Start, whole.End) - 1, b = Growth(result.Benchmark, whole.Start, whole.End) - 1;
            Assert.That(whole.Groups.Sum(g => g.Allocation + g.Selection + g.Interaction), Is.EqualTo(r - b).Within(1e-10), "linked");
            Assert.That(Math.Abs(r - b), Is.GreaterThan(1e-3), "a real active return, not a vacuous zero");
        }
        Assert.That(attribution.SizeDeciles.Linked.Groups.Select(g => g.Group), Is.EqualTo(Enumerable.Range(1, 10).Select(d => d.ToString(CultureInfo.InvariantCulture))));
    }

    [Test]
    public void Factor_exposures_are_the_weighted_mean_scores_of_the_index_less_the_cap_weighted_universe()
    {
        var (_, result) = DefaultBacktest();
        var exposures = Exposures.Factors(result.Steps);
        var step = result.Steps[^1].Result;
        Assert.That(exposures, Has.Count.EqualTo(result.Steps.Count * step.Scores.Factors.Count));
        var momentum = exposures.Single(e => e.Screening == result.Steps[^1].Dates.Screening && e.Factor == "momentum");
        var score = step.Scores.FactorScores["momentum"];
        double index = 0, covered = 0;
        foreach (var c in step.Constituents)
            if (!double.IsNaN(score[c.Member])) { index += c.Weight * score[c.Member]; covered += c.Weight; }
        double capSum = 0, capCovered = 0, bench = 0;
        for (int u = 0; u < step.Members.Count; u++)
        {
            capSum += step.Members[u].MarketCap;
            if (double.IsNaN(score[u])) continue;
            bench += step.Members[u].MarketCap * score[u];
            capCovered += step.Members[u].MarketCap;
        }
        Assert.That(momentum.Index, Is.EqualTo(index / covered).Within(1e-12));
        Assert.That(momentum.Benchmark, Is.EqualTo(bench / capCovered).Within(1e-12));
        Assert.That(momentum.BenchmarkCoverage, Is.EqualTo(capCovered / capSum).Within(1e-12));
        Assert.That(momentum.Active, Is.GreaterThan(0), "the index selects on momentum, among others");
    }

    [Test]
    public void The_backtest_writes_the_attribution_files_and_a_benchmark_file_does_not_change_them()
    {
        var root = TestPaths.NewTempDirectory();
        var first = Path.Combine(root, "bt");
        var run = Support.Cli.Run("backtest", "--universe", TestPaths.DefaultUniverse, "--from", "2016-01-01", "--to", "2017-11-10", "--out", first, "--quiet");
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        string[] files = ["attribution.csv", "attribution_summary.csv", "size_attribution.csv", "size_attribution_summary.csv", "exposures.csv"];
        Assert.That(File.ReadLines(Path.Combine(first, "attribution.csv")).First(),
            Is.EqualTo("start,end,sector,index_weight,benchmark_weight,index_return,benchmark_return,allocation,selection,interaction"));
        Assert.That(File.ReadLines(Path.Combine(first, "size_attribution.csv")).First(), Does.StartWith("start,end,decile,"));
        Assert.That(File.ReadLines(Path.Combine(first, "exposures.csv")).First(),
            Is.EqualTo("screening_date,factor,index,benchmark,active,index_coverage,benchmark_coverage"));
        var html = File.ReadAllText(Path.Combine(first, "report.html"));
        Assert.That(html, Does.Contain("<h2>Attribution</h2>").And.Contain("<h2>Exposures</h2>").And.Contain("(the benchmark)"));

        // The index's own total-return levels as a benchmark file: attribution is still against the cap-weighted universe.
        var benchmark = Path.Combine(root, "benchmark.csv");
        File.WriteAllLines(benchmark, new[] { "date,close" }.Concat(OutputFiles.ReadCsv(Path.Combine(first, "levels.csv")).Select(r => r["date"] + "," + r["index_tr"])));
        var second = Path.Combine(root, "bt-file");
        run = Support.Cli.Run("backtest", "--universe", TestPaths.DefaultUniverse, "--from", "2016-01-01", "--to", "2017-11-10", "--benchmark", benchmark, "--out", second, "--quiet");
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        foreach (var file in files)
            Assert.That(File.ReadAllBytes(Path.Combine(second, file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(first, file))), file);
        Assert.That(File.ReadAllText(Path.Combine(second, "report.html")), Does.Contain("not the benchmark file, which has no holdings"));
    }

    [Test]
    public void An_independent_python_check_agrees_on_the_shipped_universe() =>
        RunIndependentCheck(TestPaths.DefaultUniverse, ["--from", "2014-01-01", "--to", "2017-11-10"], periods: 11);

    [Test]
    public void An_independent_python_check_agrees_on_the_point_in_time_sp500_backtest() =>
        RunIndependentCheck(TestPaths.SharedData("sp500-pit"),
            ["--set", "universe.size=500", "--set", "selection.fraction=0.25", "--from", "2013-05-31", "--to", "2017-11-10"], periods: 18);

    private static void RunIndependentCheck(string universe, string[] settings, int periods)
    {
        if (IndependentReferenceTests.Python is null) Assert.Ignore("python3 is not installed: the independent check cannot run");
        var output = Path.Combine(TestPaths.NewTempDirectory(), "bt");
        var backtest = Support.Cli.Run(["backtest", "--universe", universe, .. settings, "--out", output, "--quiet"]);
        Assert.That(backtest.ExitCode, Is.Zero, backtest.ToString());
        var check = IndependentReferenceTests.RunReferenceScript("attribution_check.py", output, Path.Combine(universe, "prices.csv.gz"));
        TestContext.Out.WriteLine(check.StdOut);
        Assert.That(check.ExitCode, Is.Zero, check.ToString());
        Assert.That(check.StdOut, Does.Contain($"{periods} holding periods"));
    }

    private static int IndexOf(LevelSeries series, DateOnly date)
    {
        for (int t = 0; t < series.Count; t++)
            if (series.Dates[t] == date) return t;
        throw new AssertionException($"no level on {date:yyyy-MM-dd}");
    }
}
