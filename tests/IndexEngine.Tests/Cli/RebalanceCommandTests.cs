using System.Text.Json;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Cli;

/// <summary>End-to-end `rebalance` on the shipped default universe and on the real S&P 500 2017 data.</summary>
[TestFixture]
public sealed class RebalanceCommandTests
{
    private static CliResult Rebalance(string universe, string outDir, params string[] extra) =>
        Support.Cli.Run(["rebalance", "--universe", universe, "--out", outDir, .. extra]);

    [Test]
    public void DefaultUniverse_WritesAFullyInvestedCappedIndexOf200()
    {
        var outDir = Path.Combine(TestPaths.NewTempDirectory(), "out");
        var run = Rebalance(TestPaths.DefaultUniverse, outDir);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        foreach (var file in OutputFiles.RebalanceFiles) Assert.That(File.Exists(Path.Combine(outDir, file)), file);

        var rows = OutputFiles.ReadCsv(Path.Combine(outDir, "constituents.csv"));
        var weights = rows.Select(r => OutputFiles.Number(r["weight"])).ToArray();
        Assert.That(rows, Has.Count.EqualTo(200));
        Assert.That(Math.Abs(weights.Sum() - 1), Is.LessThan(1e-12));
        Assert.That(weights, Has.All.LessThanOrEqualTo(0.05 + 1e-12));
        Assert.That(weights, Is.Ordered.Descending);
        Assert.That(rows[0].Keys, Is.SupersetOf(new[] { "id", "name", "sector", "market_cap", "cfs", "pos", "vol", "weight_cfs", "weight_vol", "weight_raw", "weight", "rank_value", "rank_quality", "rank_momentum", "rank_low_correlation" }));

        var scores = OutputFiles.ReadCsv(Path.Combine(outDir, "scores.csv"));
        Assert.That(scores, Has.Count.EqualTo(800), "scores.csv lists every member of the starting universe");
        Assert.That(scores.Count(s => s["selected"] == "true"), Is.EqualTo(200));
        Assert.That(scores.Where(s => s["selected"] == "false").Select(s => s["exclusion_reason"]), Has.All.Not.Empty);
    }

    [Test]
    public void Rerun_IsByteIdentical()
    {
        var root = TestPaths.NewTempDirectory();
        var first = Rebalance(TestPaths.DefaultUniverse, Path.Combine(root, "a"));
        var second = Rebalance(TestPaths.DefaultUniverse, Path.Combine(root, "b"));
        Assert.That(first.ExitCode + second.ExitCode, Is.EqualTo(0), first + "\n" + second);
        var a = OutputFiles.Snapshot(Path.Combine(root, "a"));
        var b = OutputFiles.Snapshot(Path.Combine(root, "b"));
        Assert.That(b.Keys, Is.EquivalentTo(a.Keys));
        foreach (var file in a.Keys) Assert.That(b[file], Is.EqualTo(a[file]), file);
    }

    [Test]
    public void UnknownConfigKey_ExitsTwoListingValidKeys_AndWritesNothing()
    {
        var outDir = Path.Combine(TestPaths.NewTempDirectory(), "out");
        var run = Rebalance(TestPaths.DefaultUniverse, outDir, "--set", "selection.cuont=100");
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.StdErr, Does.Contain("selection.cuont").And.Contain("selection.count"));
        Assert.That(Directory.Exists(outDir), Is.False);
    }

    [TestCase("weighting.security_cap=0.001", "weighting.security_cap")]
    [TestCase("selection.count=-5", "selection.count")]
    [TestCase("selection.fraction=1.5", "selection.fraction")]
    [TestCase("scoring.factor_weights.value=abc", "scoring.factor_weights.value")]
    public void BadConfigValue_ExitsTwoNamingTheKey(string assignment, string key)
    {
        var outDir = Path.Combine(TestPaths.NewTempDirectory(), "out");
        var run = Rebalance(TestPaths.DefaultUniverse, outDir, "--set", assignment);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.StdErr, Does.Contain(key));
        Assert.That(run.StdErr, Does.Not.Contain("   at "), "no stack trace for bad input");
        Assert.That(Directory.Exists(outDir), Is.False);
    }

    [Test]
    public void FailedRun_LeavesThePreviousOutputUntouched()
    {
        var outDir = Path.Combine(TestPaths.NewTempDirectory(), "out");
        Assert.That(Rebalance(TestPaths.DefaultUniverse, outDir).ExitCode, Is.EqualTo(0));
        var before = OutputFiles.Snapshot(outDir);
        var failed = Rebalance(TestPaths.DefaultUniverse, outDir, "--as-of", "1999-01-01");
        Assert.That(failed.ExitCode, Is.EqualTo(2), failed.ToString());
        Assert.That(failed.StdErr, Does.Contain("outside the price data"));
        var after = OutputFiles.Snapshot(outDir);
        Assert.That(after.Keys, Is.EquivalentTo(before.Keys));
        foreach (var file in before.Keys) Assert.That(after[file], Is.EqualTo(before[file]), file);
        Assert.That(Directory.GetDirectories(Path.GetDirectoryName(outDir)!), Has.Length.EqualTo(1), "no staging folder left behind");
    }

    [Test]
    public void UnchangedIndexAsPrevious_HasZeroTurnover()
    {
        var root = TestPaths.NewTempDirectory();
        Assert.That(Rebalance(TestPaths.DefaultUniverse, Path.Combine(root, "first")).ExitCode, Is.EqualTo(0));
        var previous = Path.Combine(root, "previous.csv");
        File.WriteAllLines(previous, new[] { "id,weight" }.Concat(
            OutputFiles.ReadCsv(Path.Combine(root, "first", "constituents.csv")).Select(r => $"{r["id"]},{r["weight"]}")));
        var run = Rebalance(TestPaths.DefaultUniverse, Path.Combine(root, "second"), "--previous", previous);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "second", "summary.json")));
        Assert.That(summary.RootElement.GetProperty("turnover").GetDouble(), Is.EqualTo(0).Within(1e-15));
        Assert.That(summary.RootElement.GetProperty("adds").GetArrayLength(), Is.Zero);
        Assert.That(summary.RootElement.GetProperty("drops").GetArrayLength(), Is.Zero);
    }

    // Eligible counts as an independent implementation of §3 finds them: of 494, two lack a market cap, one is
    // illiquid and two or three have fewer than 200 returns in the window.
    [TestCase("2017-02-28", "selection.fraction=0.25", 489)]
    [TestCase("2017-05-31", "selection.count=200", 490)]
    public void RealData_RebalancesWithSaneScores(string asOf, string selection, int eligible)
    {
        var universe = TestPaths.SharedData("sp500-2017");
        var outDir = Path.Combine(TestPaths.NewTempDirectory(), "out");
        var run = Rebalance(universe, outDir, "--as-of", asOf, "--set", selection);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var counts = summary.RootElement.GetProperty("counts");
        int universeSize = counts.GetProperty("universe").GetInt32();
        int expectedCount = selection.StartsWith("selection.fraction", StringComparison.Ordinal)
            ? (int)Math.Round(0.25 * universeSize, MidpointRounding.AwayFromZero)
            : 200;
        var constituents = OutputFiles.ReadCsv(Path.Combine(outDir, "constituents.csv"));
        Assert.That(constituents, Has.Count.EqualTo(expectedCount));
        Assert.That(Math.Abs(constituents.Sum(r => OutputFiles.Number(r["weight"])) - 1), Is.LessThan(1e-12));

        var scores = OutputFiles.ReadCsv(Path.Combine(outDir, "scores.csv"));
        var cfs = scores.Where(s => s["cfs"] != "").Select(s => OutputFiles.Number(s["cfs"])).ToArray();
        Assert.That(cfs, Has.All.InRange(0.0, 1.0));
        Assert.That(cfs.Count(c => c == 1.0), Is.EqualTo(1));
        Assert.That(cfs.Count(c => c == 0.0), Is.EqualTo(1));

        Assert.That(counts.GetProperty("input").GetInt32(), Is.EqualTo(494));
        Assert.That(counts.GetProperty("universe").GetInt32(), Is.EqualTo(counts.GetProperty("eligible").GetInt32()), "fewer than 800 eligible: U is all of them");
        Assert.That(counts.GetProperty("eligible").GetInt32(), Is.EqualTo(eligible));
        Assert.That(summary.RootElement.GetProperty("as_of").GetString(), Is.EqualTo(asOf));
        Assert.That(summary.RootElement.GetProperty("inputs").GetArrayLength(), Is.EqualTo(3));
    }
}
