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
        var python = FindOnPath("python3") ?? FindOnPath("python");
        if (python is null) Assert.Ignore("python3 is not installed: the independent reference cannot run");
        var folder = TestPaths.NewTempDirectory();

        var referenceFile = Path.Combine(folder, "reference.csv");
        var start = new ProcessStartInfo(python!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(TestPaths.RepoRoot, "tests", "reference", "methodology_reference.py"), "--universe", universe, "--as-of", asOf, "--out", referenceFile }.Concat(settings))
            start.ArgumentList.Add(a);
        var reference = Support.Cli.RunProcess(start);
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
        var python = FindOnPath("python3") ?? FindOnPath("python");
        if (python is null) Assert.Ignore("python3 is not installed: the independent check cannot run");
        var output = Path.Combine(TestPaths.NewTempDirectory(), "bt");
        var backtest = Support.Cli.Run("backtest", "--universe", universe, "--set", "universe.size=500", "--set", "selection.fraction=0.25",
            "--from", "2013-05-31", "--to", "2017-11-10", "--out", output, "--quiet");
        Assert.That(backtest.ExitCode, Is.Zero, backtest.ToString());

        var start = new ProcessStartInfo(python!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(TestPaths.RepoRoot, "tests", "reference", "factor_ic_check.py"), output, Path.Combine(universe, "prices.csv.gz") })
            start.ArgumentList.Add(a);
        var check = Support.Cli.RunProcess(start);
        TestContext.Out.WriteLine(check.StdOut);
        Assert.That(check.ExitCode, Is.Zero, check.ToString());
        Assert.That(check.StdOut, Does.Contain("330 ICs compared"), "18 dates × 5 signals × up to 4 horizons");
        Assert.That(check.StdOut, Does.Contain("425 quintile returns compared"), "17 holding periods × 5 signals × 5 quintiles");
    }

    internal static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
