using System.CommandLine;
using System.Globalization;
using IndexEngine.Cli.Commands;
using IndexEngine.Core.Model;
using Serilog;

namespace IndexEngine.Cli;

/// <summary>Builds the command tree and maps failures to exit codes: 0 success, 2 bad input or
/// config, 1 internal error.</summary>
public static class CliApp
{
    public const int Success = 0;
    public const int InternalError = 1;
    public const int BadInput = 2;

    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        // Number and date formatting must never depend on the machine's culture.
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

        stdout ??= Console.Out;
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
