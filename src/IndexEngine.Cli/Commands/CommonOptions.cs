using System.CommandLine;

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
}
