using System.CommandLine;

namespace IndexEngine.Cli;

public enum LogFormat { Text, Json }

public sealed record LoggingOptions(LogFormat Format, bool Verbose, bool Quiet);

/// <summary>Options every command accepts: logging format and verbosity.</summary>
public static class GlobalOptions
{
    public static readonly Option<LogFormat> LogFormatOption = new("--log-format")
    {
        Description = "Log format on stderr: text (human-readable) or json (one object per line).",
        DefaultValueFactory = _ => LogFormat.Text,
        Recursive = true,
    };

    public static readonly Option<bool> VerboseOption = new("--verbose", "-v")
    {
        Description = "Log debug detail as well.",
        Recursive = true,
    };

    public static readonly Option<bool> QuietOption = new("--quiet", "-q")
    {
        Description = "Log only warnings and errors.",
        Recursive = true,
    };

    public static void AddTo(Command root)
    {
        root.Add(LogFormatOption);
        root.Add(VerboseOption);
        root.Add(QuietOption);
    }

    public static LoggingOptions LoggingFrom(ParseResult parse) =>
        new(parse.GetValue(LogFormatOption), parse.GetValue(VerboseOption), parse.GetValue(QuietOption));
}
