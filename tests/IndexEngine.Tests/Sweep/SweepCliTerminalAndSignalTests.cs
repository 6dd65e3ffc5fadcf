using System.Diagnostics;
using IndexEngine.Cli;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Sweep;

/// <summary>A sweep on a real terminal shows a progress bar instead of log lines; a sweep signalled while its
/// workers write variant folders leaves nothing behind but its lock file.</summary>
[TestFixture]
public sealed class SweepCliTerminalAndSignalTests
{
    private static string WriteGrid(string dir)
    {
        var grid = Path.Combine(dir, "grid.json");
        File.WriteAllText(grid, """{"axes": {"selection.count": [100, 120, 140, 160, 180, 200], "weighting.cfs_share": [0, 1]}}""");
        return grid;
    }

    [Test]
    public void On_A_Terminal_Progress_Is_A_Bar_Not_A_Line_Per_Variant()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/script")) Assert.Ignore("needs util-linux script(1) to give the run a terminal");
        var dir = TestPaths.NewTempDirectory();
        var grid = Path.Combine(dir, "grid.json");
        File.WriteAllText(grid, """{"variants": {"a": {"selection.count": 100}, "b": {"selection.count": 150}}}""");
        // script(1) runs the engine on a pseudo-terminal: stderr is a terminal, as for a user at a shell.
        var start = new ProcessStartInfo("/usr/bin/script") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-qefc", $"dotnet '{Support.Cli.AssemblyPath}' sweep --universe '{TestPaths.DefaultUniverse}' --grid '{grid}' " +
                     $"--from 2017-01-01 --to 2017-11-10 --out '{Path.Combine(dir, "out")}'", "/dev/null" })
            start.ArgumentList.Add(a);
        start.Environment["TERM"] = "xterm-256color";
        var run = Support.Cli.RunProcess(start);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.StdOut, Does.Contain("2 variants").And.Contain("100%"), "Spectre.Console's progress bar, finished");
        Assert.That(run.StdOut, Does.Not.Contain("INF] Variant 1/2"), "no log line per variant under the bar");
        Assert.That(run.StdOut, Does.Contain("INF] Sweep: 2 variants"));
        Assert.That(File.Exists(Path.Combine(dir, "out", "sweep.csv")));
    }

    [Test]
    public void Sigterm_While_Variants_Are_Written_Removes_The_Staging_Folder()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("POSIX signals are tested on Linux");
        var parent = TestPaths.NewTempDirectory();
        var grid = WriteGrid(parent);
        var outDir = Path.Combine(parent, "out");
        using var process = Process.Start(Support.Cli.ProcessStart(null,
            ["sweep", "--universe", TestPaths.DefaultUniverse, "--grid", grid, "--from", "2016-01-01", "--to", "2017-11-10", "--parallel", "2", "--out", outDir]))!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        // Signalled once the first variant folder is in the staging folder: the workers are calculating and writing.
        while (!Directory.EnumerateDirectories(parent, ".out.tmp-*").Any(s => Directory.Exists(Path.Combine(s, "variants"))))
        {
            Assert.That(process.HasExited, Is.False, "the sweep is still running when its first variant is written");
            if (clock.Elapsed > TimeSpan.FromMinutes(2)) Assert.Fail("no variant was written");
            Thread.Sleep(5);
        }
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
            Assert.That(kill.ExitCode, Is.Zero, "signal sent");
        }
        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(1)), "the run stops");
        Assert.That(process.ExitCode, Is.EqualTo(CliApp.Terminated), stderr.Result);
        Assert.That(stderr.Result, Does.Contain("Stopped by SIGTERM"));
        Assert.That(Directory.GetFileSystemEntries(parent).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Is.EqualTo(new[] { ".out.lock", "grid.json" }), "no output, no staging folder: only the lock file stays");
    }
}
