using System.Diagnostics;
using System.Globalization;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Methodology;

/// <summary>
/// The engine's weights against tests/reference/methodology_reference.py, an independent plain-Python reading
/// of METHODOLOGY §1–§7 and §11: same members, weights within 1e-9, on real point-in-time and snapshot data.
/// Skipped where python3 or ../shared is absent.
/// </summary>
[TestFixture]
public sealed class IndependentReferenceTests
{
    [TestCase("sp500-pit", "2013-05-31", "--fraction", "0.25", "--universe-size", "500")]
    [TestCase("sp500-pit", "2015-08-31", "--fraction", "0.25", "--universe-size", "500")]
    [TestCase("sp500-pit", "2017-05-31", "--fraction", "0.25", "--universe-size", "500")]
    [TestCase("sp500-2017", "2017-05-31", "--count", "200")]
    public void Weights_agree_with_the_independent_reference(string data, string asOf, params string[] settings)
    {
        var universe = TestPaths.SharedData(data);
        var folder = TestPaths.NewTempDirectory();

        var referenceFile = Path.Combine(folder, "reference.csv");
        var reference = RunReferenceScript("methodology_reference.py", ["--universe", universe, "--as-of", asOf, "--out", referenceFile, .. settings]);
        Assert.That(reference.ExitCode, Is.Zero, reference.ToString());

        var engineSettings = new List<string>();
        for (int k = 0; k < settings.Length; k += 2)
            engineSettings.AddRange(["--set", settings[k] switch
            {
                "--fraction" => "selection.fraction=",
                "--count" => "selection.count=",
                "--universe-size" => "universe.size=",
                var other => throw new ArgumentException(other),
            } + settings[k + 1]]);
        var output = Path.Combine(folder, "engine");
        var engine = Support.Cli.Run(["rebalance", "--universe", universe, "--as-of", asOf, "--out", output, "--quiet", .. engineSettings]);
        Assert.That(engine.ExitCode, Is.Zero, engine.ToString());

        var expected = OutputFiles.ReadCsv(referenceFile).ToDictionary(r => r["id"], r => OutputFiles.Number(r["weight"]));
        var actual = OutputFiles.ReadCsv(Path.Combine(output, "constituents.csv")).ToDictionary(r => r["id"], r => OutputFiles.Number(r["weight"]));
        Assert.That(actual.Keys, Is.EquivalentTo(expected.Keys), "members");
        double worst = expected.Max(p => Math.Abs(p.Value - actual[p.Key]));
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{data} {asOf}: {expected.Count} members, max |weight difference| {worst:E2}"));
        Assert.That(worst, Is.LessThan(1e-9));
    }

    [Test]
    public void Factor_ics_and_quintiles_of_a_point_in_time_backtest_agree_with_an_independent_calculation()
    {
        var universe = TestPaths.SharedData("sp500-pit");
        if (Python is null) Assert.Ignore("python3 is not installed: the independent check cannot run");
        var output = Path.Combine(TestPaths.NewTempDirectory(), "bt");
        var backtest = Support.Cli.Run("backtest", "--universe", universe, "--set", "universe.size=500", "--set", "selection.fraction=0.25",
            "--from", "2013-05-31", "--to", "2017-11-10", "--out", output, "--quiet");
        Assert.That(backtest.ExitCode, Is.Zero, backtest.ToString());

        var check = RunReferenceScript("factor_ic_check.py", output, Path.Combine(universe, "prices.csv.gz"));
        TestContext.Out.WriteLine(check.StdOut);
        Assert.That(check.ExitCode, Is.Zero, check.ToString());
        Assert.That(check.StdOut, Does.Contain("330 ICs compared"), "18 dates × 5 signals × up to 4 horizons");
        Assert.That(check.StdOut, Does.Contain("425 quintile returns compared"), "17 holding periods × 5 signals × 5 quintiles");
    }

    /// <summary>Runs a script of tests/reference with python3; the test is ignored where Python is not installed.</summary>
    internal static CliResult RunReferenceScript(string script, params string[] args)
    {
        var python = Python;
        if (python is null) Assert.Ignore($"python3 is not installed: tests/reference/{script} cannot run");
        var start = new ProcessStartInfo(python!) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(TestPaths.RepoRoot, "tests", "reference", script));
        foreach (var a in args) start.ArgumentList.Add(a);
        return Support.Cli.RunProcess(start);
    }

    /// <summary>python3 (or python) on the PATH; null when neither is.</summary>
    internal static string? Python => FindOnPath("python3") ?? FindOnPath("python");

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
