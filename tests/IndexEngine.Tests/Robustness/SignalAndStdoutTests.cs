using System.Diagnostics;
using System.Runtime.InteropServices;
using IndexEngine.Cli;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Robustness;

/// <summary>
/// SIGTERM and Ctrl-C stop a run cleanly (staging removed, previous output intact, exit 143/130), and a
/// standard output that cannot be written is exit 2 with a message, not an internal error.
/// </summary>
[TestFixture]
public sealed class SignalAndStdoutTests
{
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>
    /// A backtest of the shipped universe (seconds of calculation) is signalled as soon as its staging folder
    /// appears beside an --out that holds a previous output: it exits with the documented code, says why, and
    /// leaves the folder beside --out exactly as before (previous output and lock file, no staging).
    /// </summary>
    [TestCase(15, CliApp.Terminated, "SIGTERM")]
    [TestCase(2, CliApp.Interrupted, "SIGINT")]
    public void Signal_during_a_backtest_removes_the_staging_and_keeps_the_previous_output(int signal, int expectedCode, string name)
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("POSIX signals are tested on Linux");
        var parent = RobustnessTemp.NewFolder("signal");
        var outDir = Path.Combine(parent, "out");
        var previous = Runs.Rebalance(BaseUniverse.Path, outDir, BaseUniverse.Args);
        Assert.That(previous.ExitCode, Is.EqualTo(CliApp.Success), previous.ToString());
        var before = Tree.Of(parent);

        using var process = Process.Start(Support.Cli.ProcessStart(null,
            ["backtest", "--universe", TestPaths.DefaultUniverse, "--from", "2015-01-01", "--to", "2017-11-10", "--out", outDir]))!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (!Directory.EnumerateDirectories(parent, ".out.tmp-*").Any())
        {
            Assert.That(process.HasExited, Is.False, "the backtest is still running when its staging folder appears");
            if (clock.Elapsed > TimeSpan.FromMinutes(2)) Assert.Fail("no staging folder appeared");
            Thread.Sleep(10);
        }
        Assert.That(Kill(process.Id, signal), Is.Zero, "signal sent");
        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(1)), "the run stops");

        Assert.That(process.ExitCode, Is.EqualTo(expectedCode), stderr.Result);
        Assert.That(stderr.Result, Does.Contain($"Stopped by {name}"));
        Assert.That(stderr.Result, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(Tree.Of(parent), Is.EqualTo(before), "previous output intact, staging removed");
    }

    private static CliResult Shell(string redirect, params string[] args)
    {
        // exec keeps the redirection on the engine's own process: `dotnet indexengine.dll ARGS > /dev/full`.
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = false, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec dotnet \"$0\" \"$@\" {redirect}");
        start.ArgumentList.Add(Support.Cli.AssemblyPath);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new CliResult(process.ExitCode, "", stderr);
    }

    [TestCase(">/dev/full", "No space left on device")]
    [TestCase(">&-", "cannot write to standard output")]
    public void Stdout_that_cannot_be_written_is_exit_2_with_a_message(string redirect, string reason)
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("/dev/full and closed descriptors are tested on Linux");
        foreach (var args in new[]
        {
            new[] { "schedule", "--from", "2017-01-01", "--to", "2017-12-31" },
            ["stats", "--series", SeriesFile(), "--benchmark", SeriesFile()],
            ["--help"],
        })
        {
            var run = Shell(redirect, args);
            Assert.That(run.ExitCode, Is.EqualTo(CliApp.BadInput), $"{string.Join(' ', args)} {redirect}\n{run}");
            Assert.That(run.StdErr, Does.Contain("cannot write to standard output").And.Contain(reason), run.ToString());
            Assert.That(run.StdErr, Does.Not.Contain("   at "), "no stack trace");
        }
    }

    [Test]
    public void Stdout_failing_in_process_is_exit_2()
    {
        var stderr = new StringWriter();
        int code = CliApp.Run(["schedule", "--from", "2017-01-01", "--to", "2017-12-31"], new FailingWriter(), stderr);
        Assert.That(code, Is.EqualTo(CliApp.BadInput), stderr.ToString());
        Assert.That(stderr.ToString(), Does.Contain("cannot write to standard output (Broken pipe)"));
    }

    private sealed class FailingWriter : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value) => throw new IOException("Broken pipe");
    }

    private static string SeriesFile()
    {
        var path = Path.Combine(RobustnessTemp.NewFolder("series"), "s.csv");
        File.WriteAllText(path, "date,close\n" + string.Concat(Enumerable.Range(0, 30).Select(d => $"{new DateOnly(2017, 1, 2).AddDays(d):yyyy-MM-dd},{100 + d % 5}\n")));
        return path;
    }
}
