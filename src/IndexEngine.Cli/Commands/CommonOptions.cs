using System.CommandLine;

namespace IndexEngine.Cli.Commands;

/// <summary>Options shared by the commands that run the methodology.</summary>
public static class CommonOptions
{
    public static Option<string> Universe(bool required = true) => new("--universe", "-u")
    {
        Description = "Universe folder with securities, metrics and prices as .csv (or .csv.gz) or .parquet.",
        Required = required,
    };

    public static Option<string?> Config() => new("--config", "-c")
    {
        Description = "Methodology config file (JSON; may \"extends\" another). Default: the built-in config/default.json.",
    };

    public static Option<string[]> Set() => new("--set")
    {
        Description = "Override a config key as key=value (no spaces), e.g. --set selection.count=200 --set weighting.security_cap=0.03 (repeatable); keys and rules: docs/methodology.md.",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>A message for <c>--set key value</c> (a space where the '=' belongs), or null when every
    /// <c>--set</c> is followed by a <c>key=value</c> or by nothing that could be its value.</summary>
    public static string? SetWithoutEquals(IReadOnlyList<string> args)
    {
        for (int k = 0; k + 2 < args.Count; k++)
        {
            if (args[k] != "--set") continue;
            string key = args[k + 1], value = args[k + 2];
            if (key.Contains('=') || key.StartsWith('-') || value.StartsWith("--", StringComparison.Ordinal)) continue;
            return $"option --set: '--set {key} {value}' needs '=' between key and value, with no space: --set {key}={value}";
        }
        return null;
    }

    public static Option<string?> Benchmark(string description) => new("--benchmark", "-b") { Description = description };

    public static Option<string> Out(string description) => new("--out", "-o") { Description = description, Required = true };

    /// <summary>A required date option such as <c>--from</c>; read it with <see cref="DateValue"/>.</summary>
    public static Option<string> RequiredDate(string name, string description) => new(name) { Description = description, Required = true };

    /// <summary>The value of a <see cref="RequiredDate"/> option.</summary>
    /// <exception cref="Core.Model.InputException">It is not a yyyy-MM-dd date.</exception>
    public static DateOnly DateValue(ParseResult parse, Option<string> option) => CliDates.Parse(parse.GetValue(option), option.Name)!.Value;

    public static Option<string?> Date(string name, string description) => new(name) { Description = description + " (yyyy-MM-dd)" };
}
