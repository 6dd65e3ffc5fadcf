using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IndexEngine.Cli.Validation;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;
using IndexEngine.Data;
using Serilog;

namespace IndexEngine.Cli.Commands;

/// <summary>
/// <c>indexengine validate --universe DIR [--as-of DATE] [--config FILE] [--set k=v]</c>: loads a universe
/// with every input check of METHODOLOGY §1 and prints a data-quality summary. Exit 0, or 2 on bad input.
/// </summary>
public static class ValidateCommand
{
    public static Command Create(TextWriter stdout)
    {
        var universeOption = new Option<string>("--universe", "-u")
        {
            Description = "Universe folder with securities.csv, metrics.csv and prices.csv (each optionally .gz).",
            Required = true,
        };
        var asOfOption = new Option<string?>("--as-of")
        {
            Description = "Screening date yyyy-MM-dd for the eligibility preview (default: the last date in prices).",
        };
        var configOption = new Option<string?>("--config", "-c")
        {
            Description = "Methodology config JSON (default: the built-in config/default.json).",
        };
        var setOption = new Option<string[]>("--set")
        {
            Description = "Override a config key, e.g. --set eligibility.min_adv=5000000 (repeatable).",
            DefaultValueFactory = _ => [],
        };

        var command = new Command("validate", "Check a universe folder against the input rules and print a data-quality summary.");
        command.Add(universeOption);
        command.Add(asOfOption);
        command.Add(configOption);
        command.Add(setOption);
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(universeOption)!;
            var config = MethodologyConfigFiles.Load(parse.GetValue(configOption), parse.GetValue(setOption) ?? []);
            var universe = UniverseLoader.Load(directory, config.Data.UnknownIds);
            int asOf = ScreeningIndex(universe, parse.GetValue(asOfOption));
            var summary = DataQualitySummary.Compute(universe, asOf, config);
            summary.WriteTo(stdout, directory, universe.Sources, config.Eligibility, config.Technical);
            Log.Information("{Universe}: {Securities} securities, {Days} trading days, {Eligible} eligible at {AsOf}",
                directory, universe.SecurityCount, universe.DateCount, summary.Eligible, summary.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            return CliApp.Success;
        });
        return command;
    }

    /// <summary>The index of the screening date: the given date, or the last trading date before it
    /// when it is not a trading day; the last date when none is given.</summary>
    private static int ScreeningIndex(Universe universe, string? asOf)
    {
        if (asOf is null) return universe.DateCount - 1;
        if (!DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            throw new InputException($"--as-of: expected a date as yyyy-MM-dd, got '{asOf}'");
        int t = universe.DateIndexOnOrBefore(date);
        if (t < 0)
            throw new InputException(
                $"--as-of {asOf} is before the first date in prices ({universe.Dates[0].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})");
        if (universe.Dates[t] != date)
            Log.Warning("--as-of {AsOf} is not a trading day; screening at {Date}, the trading day before",
                asOf, universe.Dates[t].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return t;
    }
}

/// <summary>
/// The methodology config for validate: the built-in <c>config/default.json</c>, overlaid by a user file
/// (following its <c>extends</c> chain, each path relative to the file that names it, falling back to the
/// built-in folder), then <c>--set</c> overrides, bound and validated by <see cref="ConfigBinder"/>.
/// File-local so that the shared config loader of the Data project can take its place in one line.
/// </summary>
file static class MethodologyConfigFiles
{
    private const int MaxExtendsDepth = 16;

    public static string BuiltInFolder => Path.Combine(AppContext.BaseDirectory, "config");

    public static MethodologyConfig Load(string? file, IEnumerable<string> overrides)
    {
        var tree = ReadObject(Path.Combine(BuiltInFolder, "default.json"));
        if (file is not null) tree = ConfigBinder.Merge(tree, ResolveExtends(file, 0));
        return ConfigBinder.Bind(tree, overrides);
    }

    private static JsonObject ResolveExtends(string file, int depth)
    {
        if (depth > MaxExtendsDepth)
            throw new ConfigException("extends", $"more than {MaxExtendsDepth} levels of extends (a cycle?) at {file}");
        var tree = ReadObject(file);
        if (tree["extends"] is not JsonValue extendsValue) return tree;
        if (!extendsValue.TryGetValue<string>(out var parentName))
            throw new ConfigException("extends", $"expected a file name in {file}");
        var parent = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, parentName);
        if (!File.Exists(parent)) parent = Path.Combine(BuiltInFolder, parentName);
        return ConfigBinder.Merge(ResolveExtends(parent, depth + 1), tree);
    }

    private static JsonObject ReadObject(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(e is FileNotFoundException or DirectoryNotFoundException ? "config file not found" : $"cannot read the config file: {e.Message}", file);
        }
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new InputException("expected a JSON object", file, 1);
        }
        catch (JsonException e)
        {
            throw new InputException($"invalid JSON: {e.Message}", file, e.LineNumber + 1);
        }
    }
}
