using System.CommandLine;
using System.Globalization;
using IndexEngine.Cli.Validation;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Data;
using IndexEngine.Data.Configuration;
using Serilog;

namespace IndexEngine.Cli.Commands;

/// <summary>
/// <c>indexengine validate --universe DIR [--as-of DATE] [--config FILE] [--set k=v] [--list-excluded]</c>: loads a
/// universe with every input check of METHODOLOGY §1 and prints a data-quality summary (and, on request, why each
/// security outside the starting universe is out). Exit 0, or 2 on bad input.
/// </summary>
public static class ValidateCommand
{
    public static Command Create(TextWriter stdout)
    {
        var universeOption = new Option<string>("--universe", "-u")
        {
            Description = "Universe folder with securities, metrics and prices as .csv (optionally .gz) or .parquet.",
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
        var listExcludedOption = new Option<bool>("--list-excluded")
        {
            Description = "Also list every security outside the starting universe at the as-of date, with every screen it fails (as in scores.csv).",
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
        command.Add(listExcludedOption);
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(universeOption)!;
            var config = ConfigLoader.Load(parse.GetValue(configOption), parse.GetValue(setOption) ?? []);
            var universe = UniverseSources.Open(directory).Load(config.Data.UnknownIds);
            var warnings = new List<string>();
            int asOf = RebalancePipeline.ScreeningDateIndex(universe, CliDates.Parse(parse.GetValue(asOfOption), "--as-of"), warnings);
            foreach (var warning in warnings) Log.Warning("{Warning}", warning);
            var summary = DataQualitySummary.Compute(universe, asOf, config);
            summary.WriteTo(stdout, directory, universe.Sources, config.Eligibility, config.Technical);
            if (parse.GetValue(listExcludedOption))
                DataQualitySummary.WriteExcluded(stdout, summary.AsOf, config.UniverseSize,
                    Exclusions.OutsideUniverse(new ScreeningView(universe, asOf, config.Technical), config),
                    config.Universe.RankFrom > 1 ? LargestByCap.For(config).Describe() : null);
            Log.Information("{Universe}: {Securities} securities, {Days} trading days, {Eligible} eligible at {AsOf}",
                directory, universe.SecurityCount, universe.DateCount, summary.Eligible, summary.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            return CliApp.Success;
        });
        return command;
    }
}
