using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using IndexEngine.Cli.Commands;
using IndexEngine.Core.Model;
using IndexEngine.Data.Output;
using Serilog;

namespace IndexEngine.Cli;

/// <summary>Builds the command tree and maps failures to exit codes: 0 success, 2 bad input or
/// config (or an output the engine may not or cannot write), 1 internal error, 130/143 stopped by
/// Ctrl-C/SIGTERM.</summary>
public static class CliApp
{
    public const int Success = 0;
    public const int InternalError = 1;
    public const int BadInput = 2;
    /// <summary>128 + SIGINT: stopped by Ctrl-C.</summary>
    public const int Interrupted = 130;
    /// <summary>128 + SIGTERM: stopped by `kill` or a job scheduler.</summary>
    public const int Terminated = 143;

    private static int _stoppedBy;

    /// <summary>
    /// The process entry point: <see cref="Run"/> with SIGTERM and Ctrl-C handled. A signal removes the staging
    /// folder of the output being written and releases its lock, so the previous output stays whole, then
    /// exits 143 (SIGTERM) or 130 (Ctrl-C). In-process callers (tests) use <see cref="Run"/>, which leaves the
    /// host's signal handling alone.
    /// </summary>
    public static int RunProcess(string[] args)
    {
        StdoutWriter.ReserveClosedDescriptors();
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        return Run(args);
    }

    private static void Stop(PosixSignalContext context)
    {
        context.Cancel = true; // exit below, after the cleanup, with the documented code
        int code = context.Signal == PosixSignal.SIGINT ? Interrupted : Terminated;
        if (Interlocked.CompareExchange(ref _stoppedBy, code, 0) != 0) return; // a second signal while stopping
        Log.Warning("Stopped by {Signal:l}: the output being written is discarded, the previous output is unchanged (exit {Code})", context.Signal.ToString(), code);
        OutputFolder.AbortAll();
        Environment.Exit(code);
    }

    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        // Number and date formatting must never depend on the machine's culture.
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

        stdout = new StdoutWriter(stdout ?? Console.Out);
        stderr ??= Console.Error;
        var root = BuildRootCommand(stdout);
        var parse = root.Parse(args);
        var logging = GlobalOptions.LoggingFrom(parse);
        using var log = Logging.Create(logging, stderr);
        Log.Logger = log;
        try
        {
            var invocation = new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            };
            if (parse.Errors.Count > 0 && CommonOptions.SetWithoutEquals(args) is { } hint)
            {
                // The parser would only say that the value is an unexpected argument.
                log.Error("{Message}", hint);
                return BadInput;
            }
            int code = parse.Invoke(invocation);
            // Parse errors (unknown option, missing value) are a usage problem: bad input.
            return parse.Errors.Count > 0 && code != Success ? BadInput : code;
        }
        catch (InputException e)
        {
            // One problem, one log line: a message that quotes input (an id, a header name) may hold line breaks.
            log.Error("{Message}", OneLine(e.Message));
            return BadInput;
        }
        catch (OperationCanceledException) when (Volatile.Read(ref _stoppedBy) != 0)
        {
            // The signal handler has cleaned up and is exiting the process with its code.
            return Volatile.Read(ref _stoppedBy);
        }
        catch (Exception e)
        {
            log.Fatal(e, "Internal error: {Message}. This is a bug in IndexEngine; please report it with the command line and this log.", e.Message);
            return InternalError;
        }
        finally
        {
            Log.Logger = Serilog.Core.Logger.None;
        }
    }

    private static string OneLine(string message) =>
        message.Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);

    public static RootCommand BuildRootCommand(TextWriter stdout)
    {
        var root = new RootCommand(
            "IndexEngine: calculates a rules-based multifactor equity index (value, quality, momentum, " +
            "low correlation) from a universe folder; the rules are in docs/methodology.md of the repository.");
        GlobalOptions.AddTo(root);
        foreach (var command in CommandCatalog.All(stdout)) root.Add(command);
        return root;
    }
}
