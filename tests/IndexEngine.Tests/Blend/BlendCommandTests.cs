using System.Text.Json;
using IndexEngine.Cli;
using IndexEngine.Tests.Support;
using static IndexEngine.Tests.Support.OutputFiles;

namespace IndexEngine.Tests.Blends;

/// <summary>`indexengine blend` end to end: the worked example, bad input, and the shipped specs on ../shared.</summary>
public class BlendCommandTests
{
    private string _folder = "";

    [SetUp]
    public void SetUp() => _folder = TestPaths.NewTempDirectory();

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    private static string ShippedSpec(string name)
    {
        TestPaths.SharedData("etfs");
        return TestPaths.Config(Path.Combine("blends", name));
    }

    private string RunBlend(string spec, string from = "2005-01-01", string to = "2017-12-31", params string[] extra)
    {
        var output = Path.Combine(_folder, "out-" + Path.GetFileNameWithoutExtension(spec));
        var run = Support.Cli.Run(["blend", "--spec", spec, "--from", from, "--to", to, "--out", output, .. extra]);
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), run.ToString());
        return output;
    }

    [Test]
    public void An_out_that_is_or_holds_a_series_of_the_spec_is_refused_and_left_intact()
    {
        var data = Path.Combine(_folder, "data");
        Directory.CreateDirectory(data);
        var spec = BlendTestData.WriteWorkedExampleSpec(data);
        var before = Directory.GetFiles(data).Order().Select(f => (f, File.ReadAllBytes(f))).ToArray();
        var seriesFolder = Support.Cli.Run("blend", "--spec", spec, "--from", "2024-01-01", "--to", "2024-01-31", "--out", data);
        var seriesFile = Support.Cli.Run("blend", "--spec", spec, "--from", "2024-01-01", "--to", "2024-01-31", "--out", Path.Combine(data, "equity.csv"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(seriesFolder.ExitCode, Is.EqualTo(CliApp.BadInput), seriesFolder.ToString());
            Assert.That(seriesFile.ExitCode, Is.EqualTo(CliApp.BadInput), seriesFile.ToString());
            Assert.That(Directory.GetFiles(data).Order().Select(f => (f, File.ReadAllBytes(f))).ToArray(), Is.EqualTo(before));
        }
    }

    [Test]
    public void TheWorkedExampleThroughTheCli()
    {
        var spec = BlendTestData.WriteWorkedExampleSpec(_folder);
        var output = RunBlend(spec, "2024-01-01", "2024-01-31");

        Assert.That(Directory.GetFiles(output).Select(Path.GetFileName), Is.EquivalentTo(new[] { "levels.csv", "rebalances.csv", "stats.json", "report.html", ".indexengine.json" }));
        var levels = ReadCsv(Path.Combine(output, "levels.csv"));
        Assert.That(File.ReadLines(Path.Combine(output, "levels.csv")).First(), Is.EqualTo("date,level,equity,bonds,cash"));
        Assert.That(levels.Select(r => r["date"]), Is.EqualTo(new[] { "2024-01-10", "2024-01-11", "2024-01-12", "2024-01-15" }));
        Assert.That(levels.Select(r => Number(r["level"])), Is.EqualTo(new[] { 100, 101.194, 104.31998746, 105.86600967 }).Within(1e-8));
        Assert.That(Number(levels[2]["equity"]), Is.EqualTo(0.9).Within(1e-15));
        Assert.That(Number(levels[2]["bonds"]), Is.EqualTo(0.6).Within(1e-15));

        var rebalances = ReadCsv(Path.Combine(output, "rebalances.csv"));
        Assert.That(File.ReadLines(Path.Combine(output, "rebalances.csv")).First(),
            Is.EqualTo("date,reason,turnover,equity_before,equity_after,bonds_before,bonds_after,cash_before,cash_after"));
        var drift = rebalances.Single();
        Assert.That((drift["date"], drift["reason"]), Is.EqualTo(("2024-01-12", "drift")));
        Assert.That(Number(drift["bonds_before"]), Is.EqualTo(0.546626).Within(5e-7));
        Assert.That(Number(drift["turnover"]), Is.EqualTo(0.043079).Within(5e-7));

        using var stats = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "stats.json")));
        Assert.That(stats.RootElement.GetProperty("index").GetProperty("name").GetString(), Is.EqualTo("Worked example"));
        Assert.That(stats.RootElement.GetProperty("index").GetProperty("total_return").GetDouble(), Is.EqualTo(0.0586600967).Within(1e-10));
        Assert.That(stats.RootElement.GetProperty("benchmark").GetProperty("name").GetString(), Is.EqualTo("equity"), "default benchmark: the first sleeve");
        Assert.That(stats.RootElement.GetProperty("rebalances").GetInt32(), Is.EqualTo(1));
        var report = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.That(report, Does.Contain("<h1>Blend: Worked example</h1>").And.Contain("equity 90.0% funded, bonds 60.0% unfunded"));
        Assert.That(report, Does.Contain("<tr><td>2024-01-12</td><td>drift</td><td>4.31%</td><td>93.3% → 90.0%</td><td>54.7% → 60.0%</td><td>6.7% → 10.0%</td></tr>"));
        Assert.That(System.Text.RegularExpressions.Regex.Count(report, "<svg"), Is.EqualTo(3), "growth, drawdowns, exposures");
    }

    [Test]
    public void ABlendOfABlendReadsItsLevelColumnAndABenchmarkFileNamesTheBenchmark()
    {
        var spec = BlendTestData.WriteWorkedExampleSpec(_folder);
        var inner = RunBlend(spec, "2024-01-01", "2024-01-31");
        var outer = Path.Combine(_folder, "outer.json");
        File.WriteAllText(outer, $$"""
            { "name": "Half the example", "sleeves": [ { "name": "example", "series": "{{Path.GetFileName(inner)}}/levels.csv", "column": "level", "target": 0.5 } ],
              "financing": { "rate": 0 } }
            """);
        var output = RunBlend(outer, "2024-01-01", "2024-01-31", "--benchmark", Path.Combine(_folder, "bonds.csv"));
        // Half in the example (100 -> 105.86600967), half in cash at 0%: 100 -> 102.933004835.
        Assert.That(Number(ReadCsv(Path.Combine(output, "levels.csv"))[^1]["level"]), Is.EqualTo(102.933004835).Within(1e-8));
        using var stats = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "stats.json")));
        Assert.That(stats.RootElement.GetProperty("benchmark").GetProperty("name").GetString(), Is.EqualTo("bonds"));
    }

    [Test]
    public void ABadSpecIsExitCode2NamingTheFileAndTheJsonPath()
    {
        var spec = BlendTestData.WriteWorkedExampleSpec(_folder);
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("\"target\": 0.6", "\"target\": true", StringComparison.Ordinal));
        var output = Path.Combine(_folder, "out");
        var run = Support.Cli.Run("blend", "--spec", spec, "--from", "2024-01-01", "--to", "2024-01-31", "--out", output);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.StdErr, Does.Contain($"{spec}: sleeves[1].target: expected a target exposure in [0, 10], e.g. 0.6, got true"));
        Assert.That(Directory.Exists(output), Is.False, "nothing is written");
    }

    [Test]
    public void FromAfterToIsExitCode2()
    {
        var spec = BlendTestData.WriteWorkedExampleSpec(_folder);
        var run = Support.Cli.Run("blend", "--spec", spec, "--from", "2024-02-01", "--to", "2024-01-01", "--out", Path.Combine(_folder, "out"));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.StdErr, Does.Contain("option --from (2024-02-01) is after --to (2024-01-01)"));
    }

    [TestCase("efficient-core-90-60.json", new[] { "equity", "treasuries" }, new[] { 0.9, 0.6 }, 0.1)]
    [TestCase("classic-60-40.json", new[] { "equity", "bonds" }, new[] { 0.6, 0.4 }, 0.0)]
    [TestCase("model-portfolio.json", new[] { "us_large", "us_equal_weight", "us_mid", "us_small", "aggregate_bonds", "treasuries_7_10", "treasuries_20" },
        new[] { 0.30, 0.10, 0.10, 0.10, 0.20, 0.10, 0.07 }, 0.03)]
    public void AShippedSpecIsAtItsTargetsRightAfterEveryRebalance(string name, string[] sleeves, double[] targets, double cash)
    {
        var output = RunBlend(ShippedSpec(name));
        var levels = ReadCsv(Path.Combine(output, "levels.csv"));
        var rebalances = ReadCsv(Path.Combine(output, "rebalances.csv"));
        Assert.That(levels, Has.Count.EqualTo(3201), "2005-02-25..2017-11-10, the dates all the ETFs have");
        Assert.That(rebalances.Count(r => r["reason"] == "schedule"), Is.EqualTo(51), "quarter ends from 2005-03 to 2017-09");

        var byDate = levels.ToDictionary(r => r["date"]);
        foreach (var r in rebalances)
        {
            var after = byDate[r["date"]];
            for (int i = 0; i < sleeves.Length; i++)
            {
                Assert.That(Number(after[sleeves[i]]), Is.EqualTo(targets[i]).Within(1e-12), $"{r["date"]} {sleeves[i]} in levels.csv");
                Assert.That(Number(r[sleeves[i] + "_after"]), Is.EqualTo(targets[i]).Within(1e-12), $"{r["date"]} {sleeves[i]} in rebalances.csv");
            }
            Assert.That(Number(after["cash"]), Is.EqualTo(cash).Within(1e-12));
            var month = int.Parse(r["date"].AsSpan(5, 2), provider: System.Globalization.CultureInfo.InvariantCulture);
            if (r["reason"] == "schedule")
                Assert.That(month % 3, Is.Zero, $"{r["date"]} is a quarter-end month");
            else
                Assert.That(sleeves.Select((s, i) => Math.Abs(Number(r[s + "_before"]) - targets[i])).Max(), Is.GreaterThan(0.05),
                    $"{r["date"]}: a drift rebalance has an exposure outside the band before it");
        }
    }

    [Test]
    public void NinetySixtyHasOneAndAHalfTimesTheExposureOfSixtyForty()
    {
        var core = ReadCsv(Path.Combine(RunBlend(ShippedSpec("efficient-core-90-60.json")), "levels.csv"));
        var classic = ReadCsv(Path.Combine(RunBlend(ShippedSpec("classic-60-40.json")), "levels.csv"));
        double coreGross = core.Average(r => Number(r["equity"]) + Number(r["treasuries"]));
        double classicGross = classic.Average(r => Number(r["equity"]) + Number(r["bonds"]));
        Assert.That(core.Average(r => Number(r["equity"])), Is.EqualTo(0.9).Within(0.02));
        Assert.That(core.Average(r => Number(r["treasuries"])), Is.EqualTo(0.6).Within(0.02));
        Assert.That(coreGross / classicGross, Is.EqualTo(1.5).Within(0.03));
        Assert.That(core.Average(r => Number(r["equity"])) / classic.Average(r => Number(r["equity"])), Is.EqualTo(1.5).Within(0.05));
        var rebalances = ReadCsv(Path.Combine(_folder, "out-efficient-core-90-60", "rebalances.csv"));
        Assert.That(rebalances.Count(r => r["reason"] == "drift"), Is.GreaterThan(0), "the 5-point band binds in 2007-2009");
    }
}
