using System.Diagnostics;
using IndexEngine.Cli;

namespace IndexEngine.Tests.Support;

/// <summary>The outcome of one CLI run.</summary>
public sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";
}

/// <summary>Runs the CLI in-process (fast) or as a real process (culture, kill and exit-code tests).</summary>
public static class Cli
{
    private static readonly object InProcessGate = new();

    public static CliResult Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code;
        // Serilog's static logger and the culture are process-wide: one in-process run at a time.
        lock (InProcessGate) code = CliApp.Run(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The built indexengine.dll next to the test assembly.</summary>
    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "indexengine.dll");

    public static ProcessStartInfo ProcessStart(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AssemblyPath);
        foreach (var a in args) start.ArgumentList.Add(a);
        if (environment is not null)
            foreach (var (k, v) in environment) start.Environment[k] = v;
        return start;
    }

    public static CliResult RunProcess(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunProcess(ProcessStart(environment, args));

    public static CliResult RunProcess(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("indexengine did not finish within 3 minutes");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
