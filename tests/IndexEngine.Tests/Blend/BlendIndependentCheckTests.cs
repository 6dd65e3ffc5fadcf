using System.ComponentModel;
using System.Diagnostics;
using IndexEngine.Cli;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Blends;

/// <summary>
/// Runs tests/reference/blend_check.py, an implementation of docs/blend.md in plain Python written from the doc,
/// against the engine's output: every level and exposure within 1e-10, the same rebalance dates and reasons.
/// Skipped when python3 is not installed.
/// </summary>
public class BlendIndependentCheckTests
{
    private string _folder = "";

    [SetUp]
    public void SetUp() => _folder = TestPaths.NewTempDirectory();

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Output) Python(params string[] args)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(TestPaths.RepoRoot, "tests", "reference", "blend_check.py"));
        foreach (var a in args) start.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(start)!; }
        catch (Win32Exception) { Assert.Ignore("python3 is not installed: the independent check of docs/blend.md is skipped"); throw; }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("blend_check.py did not finish within 3 minutes");
            }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }

    private string Blend(string spec, string from, string to)
    {
        var output = Path.Combine(_folder, "out-" + Path.GetFileNameWithoutExtension(spec));
        var run = Support.Cli.Run("blend", "--spec", spec, "--from", from, "--to", to, "--out", output);
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), run.ToString());
        return output;
    }

    [Test]
    public void TheWorkedExampleMatchesAndATamperedLevelIsCaught()
    {
        var spec = BlendTestData.WriteWorkedExampleSpec(_folder);
        var output = Blend(spec, "2024-01-01", "2024-01-31");
        var (code, text) = Python(spec, output, "--from", "2024-01-01", "--to", "2024-01-31");
        Assert.That(code, Is.Zero, text);
        Assert.That(text, Does.Contain("0 schedule and 1 drift rebalances; OK"));

        // The check can fail: move the last level by 1e-9.
        var levels = Path.Combine(output, "levels.csv");
        var lines = File.ReadAllLines(levels);
        var fields = lines[^1].Split(',');
        fields[1] = (double.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) + 1e-9).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        lines[^1] = string.Join(',', fields);
        File.WriteAllLines(levels, lines);
        (code, text) = Python(spec, output, "--from", "2024-01-01", "--to", "2024-01-31");
        Assert.That(code, Is.EqualTo(1), text);
        Assert.That(text, Does.Contain("FAIL"));
    }

    [TestCase("efficient-core-90-60.json", "2005-01-01", "2017-12-31")]
    [TestCase("efficient-core-90-60.json", "2008-09-10", "2009-07-02")]
    [TestCase("classic-60-40.json", "2005-01-01", "2017-12-31")]
    [TestCase("model-portfolio.json", "2005-01-01", "2017-12-31")]
    public void AShippedSpecMatchesTheIndependentCalculation(string name, string from, string to)
    {
        TestPaths.SharedData("etfs");
        var spec = TestPaths.Config(Path.Combine("blends", name));
        var output = Blend(spec, from, to);
        var (code, text) = Python(spec, output, "--from", from, "--to", to);
        TestContext.Out.WriteLine(text);
        Assert.That(code, Is.Zero, text);
        Assert.That(text, Does.Match(@"[1-9]\d* drift rebalances; OK"), "the shipped specs have drift rebalances in the window");
    }
}
