using IndexEngine.Cli;
using NUnit.Framework;

namespace IndexEngine.Tests.Data;

/// <summary>The validate and generate-universe commands run in-process, as a user would call them.</summary>
[TestFixture]
public sealed class CliDataCommandTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var run = Support.Cli.Run(args);
        return (run.ExitCode, run.StdOut, run.StdErr);
    }

    [Test]
    public void ValidateReportsALocatedErrorWithExitCode2AndNoStackTrace()
    {
        SmallUniverse.WriteTo(_folder, prices: "date,id,close,volume\n2017-01-03,A,10,1\n2017-01-04,A,-1,1\n");
        var (code, _, stderr) = Run("validate", "--universe", _folder.Path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(CliApp.BadInput));
            Assert.That(stderr, Does.Contain("prices.csv:3 column 'close'").And.Contain("positive"));
            Assert.That(stderr, Does.Not.Contain("   at "), "no stack trace for bad input");
        }
    }

    [Test]
    public void ValidateRejectsAMalformedFileWithExitCode2()
    {
        SmallUniverse.WriteTo(_folder, metrics: "id,roe\nA,0.1\nB,0.2,0.3\n");
        var (code, _, stderr) = Run("validate", "--universe", _folder.Path);
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(stderr, Does.Contain("metrics.csv:3 column '#3'"));
    }

    [Test]
    public void ValidatePrintsASummary()
    {
        SmallUniverse.WriteTo(_folder);
        var (code, stdout, _) = Run("validate", "--universe", _folder.Path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(CliApp.Success));
            Assert.That(stdout, Does.Contain("Securities: 3"));
            Assert.That(stdout, Does.Contain("Dates: 2017-01-03..2017-01-05 (3 trading days)"));
            Assert.That(stdout, Does.Contain("missing prices (no close between a security's first and last date): 1 cells in 1 securities"));
            Assert.That(stdout, Does.Match(@"roe\s+1\s+33\.3%"));
            Assert.That(stdout, Does.Match(@"history\s+3\s"), "three days of prices give no security 200 returns");
        }
    }

    [Test]
    public void ValidateAppliesConfigFileAndOverrides()
    {
        SmallUniverse.WriteTo(_folder);
        var config = _folder.Write("short.json", """
            { "technical": { "min_observations": 2 }, "eligibility": { "adv_days": 3, "adv_periods": 1 } }
            """);
        var (code, stdout, _) = Run("validate", "--universe", _folder.Path, "--config", config, "--set", "eligibility.min_adv=0");
        Assert.That(code, Is.EqualTo(CliApp.Success));
        // §2's fallback close fills B's and C's one-day gaps, so each of A, B and C has two returns.
        Assert.That(stdout, Does.Match(@"history\s+0\s"));
        Assert.That(stdout, Does.Contain("each of 1 periods of 3 days"));
        Assert.That(stdout, Does.Match(@"liquidity\s+0\s"));
    }

    [Test]
    public void ValidateWithAnUnknownConfigKeyIsBadInput()
    {
        SmallUniverse.WriteTo(_folder);
        var (code, _, stderr) = Run("validate", "--universe", _folder.Path, "--set", "eligibility.nonsense=1");
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(stderr, Does.Contain("eligibility.nonsense"));
    }

    [TestCase("2017-13-01")]
    [TestCase("2016-12-30")]
    public void ValidateWithABadAsOfIsBadInput(string asOf)
    {
        SmallUniverse.WriteTo(_folder);
        var (code, _, stderr) = Run("validate", "--universe", _folder.Path, "--as-of", asOf);
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(stderr, Does.Contain("--as-of"));
    }

    [Test]
    public void ValidateScreensAtTheTradingDayOnOrBeforeAsOf()
    {
        SmallUniverse.WriteTo(_folder);
        var (code, stdout, _) = Run("validate", "--universe", _folder.Path, "--as-of", "2017-01-04");
        Assert.That(code, Is.EqualTo(CliApp.Success));
        Assert.That(stdout, Does.Contain("Eligibility at 2017-01-04"));
    }

    [Test]
    public void ValidateListsEverySecurityOutsideTheStartingUniverseWithWhy()
    {
        SmallUniverse.WriteTo(_folder);
        var config = _folder.Write("short.json", """
            { "technical": { "min_observations": 2 }, "eligibility": { "adv_days": 3, "adv_periods": 1 } }
            """);
        var (code, stdout, _) = Run("validate", "--universe", _folder.Path, "--config", config,
            "--set", "eligibility.min_adv=12000", "--set", "universe.size=1", "--list-excluded");
        Assert.That(code, Is.EqualTo(CliApp.Success));
        // A trades 10.5 x 1000, 10.6 x 1100 and 10.7 x 1200: mean 35000 / 3 = 11666.67 < 12000. B (mean 40000 on
        // its one traded day) and C (89950) are eligible; C has the larger cap and is U.
        Assert.That(stdout.ReplaceLineEndings("\n"), Does.EndWith("""

            Outside the starting universe at 2017-01-05: 2 securities (1 ineligible, 1 eligible but beyond universe.size 1)
              A  liquidity: period 1 of 1 (2017-01-03..2017-01-05) mean close*volume 11666.67 < eligibility.min_adv 12000
              B  eligible but outside the largest universe.size 1 (size rank 2 of 2 eligible)

            """));
        var (_, withoutList, _) = Run("validate", "--universe", _folder.Path, "--config", config);
        Assert.That(withoutList, Does.Not.Contain("Outside the starting universe"), "only on request");
    }

    [Test]
    public void ValidateListsTheSameExclusionsAsScoresCsv()
    {
        var universe = Support.TestPaths.DefaultUniverse;
        var outDir = Path.Combine(_folder.Path, "out");
        Assert.That(Run("rebalance", "--universe", universe, "--as-of", "2017-05-31", "--out", outDir).Code, Is.EqualTo(CliApp.Success));
        var fromScores = Support.OutputFiles.ReadCsv(Path.Combine(outDir, "scores.csv"))
            .Where(r => r["in_universe"] == "false").Select(r => $"{r["id"]}  {r["exclusion_reason"]}").ToList();

        var (code, stdout, _) = Run("validate", "--universe", universe, "--as-of", "2017-05-31", "--list-excluded");
        Assert.That(code, Is.EqualTo(CliApp.Success));
        var listed = stdout.ReplaceLineEndings("\n").Split("\n").SkipWhile(l => !l.StartsWith("Outside the starting universe at 2017-05-31", StringComparison.Ordinal))
            .Skip(1).Where(l => l.Length > 0).Select(l => System.Text.RegularExpressions.Regex.Replace(l.Trim(), "  +", "  ")).ToList();
        Assert.That(fromScores, Has.Count.GreaterThan(100), "the default universe has a few hundred securities outside U");
        Assert.That(listed, Is.EqualTo(fromScores));
    }

    [Test]
    public void ValidateTheRealSp500Universe()
    {
        var folder = SharedData.Require("sp500-2017");
        var (code, stdout, _) = Run("validate", "--universe", folder);
        Assert.That(code, Is.EqualTo(CliApp.Success));
        Assert.That(stdout, Does.Contain("Securities: 494"));
        Assert.That(stdout, Does.Contain("Dates: 2010-01-04..2017-11-10 (1,980 trading days)"));
    }

    [Test]
    public void ValidateTheRealSp500Universe_ListsBrkBAndBfBWithoutMarketCap()
    {
        var folder = SharedData.Require("sp500-2017");
        var (code, stdout, _) = Run("validate", "--universe", folder, "--as-of", "2017-02-28", "--list-excluded");
        Assert.That(code, Is.EqualTo(CliApp.Success));
        Assert.That(stdout, Does.Contain("Outside the starting universe at 2017-02-28: 5 securities (5 ineligible, 0 eligible but beyond universe.size 800)"));
        Assert.That(stdout, Does.Match(@"\n  BRK\.B  no market cap\r?\n"));
        Assert.That(stdout, Does.Match(@"\n  BF\.B   no market cap\r?\n"));
    }

    [Test]
    public void GenerateUniverseThenValidateIt()
    {
        var output = Path.Combine(_folder.Path, "u");
        var (code, stdout, _) = Run("generate-universe", "--out", output, "--seed", "5", "--securities", "60", "--from", "2015-01-01", "--to", "2016-06-30");
        Assert.That(code, Is.EqualTo(CliApp.Success));
        Assert.That(stdout, Does.Contain("Wrote 60 securities"));
        Assert.That(Directory.GetFiles(output).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { ".indexengine.json", "metrics.csv", "prices.csv.gz", "securities.csv" }));

        var validated = Run("validate", "--universe", output);
        Assert.That(validated.Code, Is.EqualTo(CliApp.Success));
        Assert.That(validated.Stdout, Does.Contain("Securities: 60"));
    }

    [TestCase("--securities", "10")]
    [TestCase("--from", "2015-02-30")]
    [TestCase("--to", "2015-03-01")]
    public void GenerateUniverseRejectsBadArguments(string option, string value)
    {
        var (code, _, stderr) = Run("generate-universe", "--out", Path.Combine(_folder.Path, "u"), "--seed", "1", "--from", "2015-01-01", option, value);
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(stderr, Does.Contain(option));
        Assert.That(Directory.Exists(Path.Combine(_folder.Path, "u")), Is.False);
    }

    [Test]
    public void GenerateUniverseRefusesToReplaceAFolderWithOtherFiles()
    {
        _folder.Write("notes.txt", "keep me");
        var (code, _, stderr) = Run("generate-universe", "--out", _folder.Path, "--seed", "1", "--securities", "50", "--from", "2015-01-01", "--to", "2016-06-30");
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(stderr, Does.Contain("notes.txt"));
        Assert.That(File.ReadAllText(_folder.File("notes.txt")), Is.EqualTo("keep me"));
    }
}
