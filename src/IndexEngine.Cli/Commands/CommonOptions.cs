using System.CommandLine;
using System.Globalization;
using IndexEngine.Core.Model;

namespace IndexEngine.Cli.Commands;

/// <summary>Options shared by the commands that run the methodology.</summary>
public static class CommonOptions
{
    public static Option<string> Universe(bool required = true) => new("--universe", "-u")
    {
        Description = "Universe folder with securities.csv, metrics.csv and prices.csv (or .csv.gz).",
        Required = required,
    };

    public static Option<string?> Config() => new("--config", "-c")
    {
        Description = "Methodology config file (JSON; may \"extends\" another). Default: the built-in config/default.json.",
    };

    public static Option<string[]> Set() => new("--set")
    {
        Description = "Override a config key, e.g. --set selection.count=200 --set weighting.security_cap=0.03 (repeatable).",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<string?> Benchmark(string description) => new("--benchmark", "-b") { Description = description };

    public static Option<string> Out(string description) => new("--out", "-o") { Description = description, Required = true };

    public static Option<string?> Date(string name, string description) => new(name) { Description = description + " (yyyy-MM-dd)" };

    /// <summary>Parses an ISO date option; a bad date is bad input (exit 2), not a crash.</summary>
    public static DateOnly? ParseDate(string? text, string option)
    {
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        throw new InputException($"{option}: expected a date yyyy-MM-dd, got '{text}'");
    }
}
