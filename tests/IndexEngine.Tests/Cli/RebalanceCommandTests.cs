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
        Assert.That(scores, Has.Count.EqualTo(1000), "scores.csv lists every security of the input");
        var members = scores.Take(800).ToList();
        var outside = scores.Skip(800).ToList();
        Assert.That(members.Select(s => s["in_universe"]), Has.All.EqualTo("true"), "the members of U come first");
        Assert.That(outside.Select(s => s["in_universe"]), Has.All.EqualTo("false"));
        Assert.That(outside.Select(s => s["id"]), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal), "the others in id order");
        Assert.That(outside.Select(s => s["cfs"] + s["vol"] + s["pos"]), Has.All.Empty, "no score for securities outside U");
        Assert.That(scores.Count(s => s["selected"] == "true"), Is.EqualTo(200));
        Assert.That(scores.Where(s => s["selected"] == "false").Select(s => s["exclusion_reason"]), Has.All.Not.Empty);
        // 891 eligible, of which the 800 largest form U: the other 91 say their size rank.
        Assert.That(outside.Count(s => s["eligible"] == "true"), Is.EqualTo(91));
        Assert.That(outside.Where(s => s["eligible"] == "true").Select(s => s["exclusion_reason"]),
            Has.All.Match(@"^eligible but outside the largest universe\.size 800 \(size rank (8[0-9][0-9]) of 891 eligible\)$"));
    }

    [Test]
    public void Console_And_Summary_Say_The_Screening_And_Effective_Dates()
    {
        // The default universe ends on Friday 2017-11-10: not a screening date, and the data ends before the
        // next effective date (Friday 2017-12-08), which is therefore estimated from weekdays.
        var outDir = Path.Combine(TestPaths.NewTempDirectory(), "out");
        var run = Rebalance(TestPaths.DefaultUniverse, outDir);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.StdErr, Does.Contain("Rebalanced: screening date 2017-11-10, effective date 2017-12-08 (estimated from weekdays: the price data ends before it)"));
        Assert.That(run.StdErr, Does.Contain("WRN] 2017-11-10 is not a screening date of the schedule").And.Contain("the next is 2017-11-30"));

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var root = summary.RootElement;
        Assert.That(root.GetProperty("screening_date").GetString(), Is.EqualTo("2017-11-10"));
        Assert.That(root.GetProperty("effective_date").GetString(), Is.EqualTo("2017-12-08"));
        Assert.That(root.GetProperty("effective_date_estimated").GetBoolean(), Is.True);
        Assert.That(root.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()), Has.Some.StartsWith("2017-11-10 is not a screening date"));
        Assert.That(File.ReadAllText(Path.Combine(outDir, "report.md")), Does.Contain(
            "Screening date 2017-11-10: weights from the data as of its close. Effective date 2017-12-08 (estimated from weekdays: the price data ends before it): weights put in place at its close."));
        Assert.That(File.ReadAllText(Path.Combine(outDir, "report.md")), Does.Contain("Rules: `docs/methodology.md`"), "the report links the methodology by its path in the repository");
    }

    [Test]
    public void ScreeningDate_Is_Not_Warned_And_Its_Effective_Date_Is_Read_Off_The_Calendar()
    {
        // 2017-08-31 is the last trading day of August; the second Friday of September 2017 is the 8th, in the data.
        var outDir = Path.Combine(TestPaths.NewTempDirectory(), "out");
        var run = Rebalance(TestPaths.DefaultUniverse, outDir, "--as-of", "2017-08-31");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.StdErr, Does.Contain("Rebalanced: screening date 2017-08-31, effective date 2017-09-08, "));
        Assert.That(run.StdErr, Does.Not.Contain("is not a screening date"));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.That(summary.RootElement.GetProperty("effective_date").GetString(), Is.EqualTo("2017-09-08"));
        Assert.That(summary.RootElement.GetProperty("effective_date_estimated").GetBoolean(), Is.False);
        Assert.That(summary.RootElement.GetProperty("warnings").GetArrayLength(), Is.Zero);
    }

    [Test]
    public void UnknownPreviousIds_AreWarnedInTheLogAndSummary()
    {
        var root = TestPaths.NewTempDirectory();
        var previous = Path.Combine(root, "previous.csv");
        // S0001 is in the default universe; ZZ1 and ZZ2 are not.
        File.WriteAllLines(previous, ["id,weight", "S0001,0.5", "ZZ2,0.3", "ZZ1,0.2"]);
        var outDir = Path.Combine(root, "out");
        var run = Rebalance(TestPaths.DefaultUniverse, outDir, "--previous", previous);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        const string expected = "--previous: 2 of 3 ids are not in securities.csv (ZZ1, ZZ2), weight 0.5: they cannot be kept by the buffer and count as deletions";
        Assert.That(run.StdErr, Does.Contain("WRN] " + expected));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.That(summary.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()), Has.Member(expected));
        Assert.That(summary.RootElement.GetProperty("drops").EnumerateArray().Select(d => d.GetProperty("id").GetString()), Is.SupersetOf(new[] { "ZZ1", "ZZ2" }));
    }

    [Test]
    public void IgnoredSelectionCountAndRescaledFactorWeights_AreWarnedInTheLogAndSummary()
    {
        var outDir = Path.Combine(TestPaths.NewTempDirectory(), "out");
        var run = Rebalance(TestPaths.DefaultUniverse, outDir, "--as-of", "2017-08-31",
            "--set", "selection.fraction=0.3", "--set", "scoring.factor_weights.value=1", "--set", "scoring.factor_weights.momentum=0.5");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        // 0.3 x 800 = 240; weights 1, 0.25, 0.5, 0.25 sum to 2 and act as 0.5, 0.125, 0.25, 0.125.
        string[] expected =
        [
            "selection.count = 200 is ignored because selection.fraction = 0.3 is set: N = 0.3 x 800 in U, rounded = 240",
            "scoring.factor_weights sum to 2, not 1: rescaled to value 0.5, quality 0.125, momentum 0.25, low_correlation 0.125",
        ];
        foreach (var warning in expected) Assert.That(run.StdErr, Does.Contain("WRN] " + warning));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.That(summary.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()), Is.EqualTo(expected));
        Assert.That(OutputFiles.ReadCsv(Path.Combine(outDir, "constituents.csv")), Has.Count.EqualTo(240));
        Assert.That(File.ReadAllText(Path.Combine(outDir, "report.md")), Does.Contain("Factors: value 50%, quality 12.5%, momentum 25%, low_correlation 12.5%."));
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
        Assert.That(summary.RootElement.GetProperty("screening_date").GetString(), Is.EqualTo(asOf));
        Assert.That(summary.RootElement.GetProperty("inputs").GetArrayLength(), Is.EqualTo(3));
    }

    [Test]
    public void RealData_ScoresCsv_Says_Why_BRKB_And_BFB_Are_Out()
    {
        var universe = TestPaths.SharedData("sp500-2017");
        var outDir = Path.Combine(TestPaths.NewTempDirectory(), "out");
        var run = Rebalance(universe, outDir, "--as-of", "2017-02-28", "--set", "selection.fraction=0.25");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());

        var scores = OutputFiles.ReadCsv(Path.Combine(outDir, "scores.csv"));
        Assert.That(scores, Has.Count.EqualTo(494), "every security of securities.csv");
        var byId = scores.ToDictionary(s => s["id"]);
        foreach (var id in new[] { "BRK.B", "BF.B" })
        {
            Assert.That(byId[id]["in_universe"], Is.EqualTo("false"), id);
            Assert.That(byId[id]["eligible"], Is.EqualTo("false"), id);
            Assert.That(byId[id]["market_cap"], Is.Empty, id);
            Assert.That(byId[id]["exclusion_reason"], Is.EqualTo("no market cap"), id);
        }
        // The other three ineligible ones (see RealData_RebalancesWithSaneScores): history and liquidity.
        Assert.That(byId["FTV"]["exclusion_reason"], Is.EqualTo("history: 163 returns in W (252 days) < technical.min_observations 200"));
        Assert.That(byId["ARNC"]["exclusion_reason"], Is.EqualTo("history: 80 returns in W (252 days) < technical.min_observations 200"));
        Assert.That(byId["DD"]["exclusion_reason"], Does.StartWith("liquidity: period 1 of 3 (2017-01-30..2017-02-28) has no trades; ")
            .And.EndWith("; history: 0 returns in W (252 days) < technical.min_observations 200"));
        Assert.That(scores.Skip(489).Select(s => s["id"]), Is.EqualTo(new[] { "ARNC", "BF.B", "BRK.B", "DD", "FTV" }));
    }
}
