using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Methodology.Research;
using IndexEngine.Data.Configuration;
using IndexEngine.Data.Output;
using Serilog;

namespace IndexEngine.Cli.Commands;

/// <summary>
/// `indexengine factors`: the factor diagnostics of a backtest (ICs, quintile portfolios) without building the index:
/// each screening date's starting universe and scores through the `rebalance` pipeline, then factor_ic.csv and
/// factor_quantiles.csv, and a summary on stdout.
/// </summary>
public static class FactorsCommand
{
    public static Command Create(TextWriter stdout)
    {
        var universe = CommonOptions.Universe();
        var from = CommonOptions.RequiredDate("--from", "First screening date to consider (yyyy-MM-dd).");
        var to = CommonOptions.RequiredDate("--to", "Last date (yyyy-MM-dd): screening dates whose effective date is on or before it.");
        var config = CommonOptions.Config();
        var set = CommonOptions.Set();
        var output = CommonOptions.Out("Output folder: factor_ic.csv and factor_quantiles.csv. New, empty, or one the engine wrote; replaced atomically.");
        var command = new Command("factors",
            "Factor diagnostics without building the index: Spearman ICs of each factor rank and the CFS with forward total returns, and quintile portfolios.")
        {
            universe, from, to, config, set, output,
        };
        command.SetAction(parse => Run(
            parse.GetValue(universe)!,
            CommonOptions.DateValue(parse, from),
            CommonOptions.DateValue(parse, to),
            parse.GetValue(config),
            parse.GetValue(set) ?? [],
            parse.GetValue(output)!,
            stdout));
        return command;
    }

    public static int Run(string universeDirectory, DateOnly from, DateOnly to, string? configPath, IReadOnlyList<string> overrides, string outDirectory, TextWriter stdout)
    {
        var clock = Stopwatch.StartNew();
        if (to < from) throw new Core.Model.InputException($"--to {CliDates.Format(to)} is before --from {CliDates.Format(from)}");
        var target = OutputTarget.Out("factors", outDirectory, [("--universe", universeDirectory), .. ConfigLoader.Inputs("--config", configPath)]);
        OutputGuard.CheckFolder(target);
        var inputs = RunInputs.Load(universeDirectory, configPath, overrides, benchmarkPath: null, previousPath: null,
            config => Core.Model.PriceWindow.ForBacktest(config, from, to));
        var notes = new List<string>();
        var steps = Backtest.Screenings(inputs.Universe, inputs.Config, from, to, benchmark: null, notes);
        foreach (var note in notes) Log.Warning("{Note}", note);
        var (ics, quantiles) = FactorDiagnostics.IcsAndQuantiles(inputs.Universe, steps, inputs.Config.Technical);

        using (var folder = OutputFolder.Begin(target))
        {
            folder.Write(staging =>
            {
                BacktestFiles.WriteFactorIc(Path.Combine(staging, "factor_ic.csv"), ics);
                BacktestFiles.WriteFactorQuantiles(Path.Combine(staging, "factor_quantiles.csv"), quantiles);
            });
            folder.Commit();
        }

        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine($"Factor ICs over {steps.Count} screening dates {CliDates.Format(steps[0].Dates.Screening)}..{CliDates.Format(steps[^1].Dates.Screening)} (Spearman; mean, IC IR, t):");
        foreach (var s in FactorDiagnostics.Summarise(ics))
            stdout.WriteLine(string.Create(c, $"  {s.Factor,-16} {s.Horizon,-4} {s.Periods,3} dates  mean {s.Mean,7:F3}  IR {s.InformationRatio,6:F2}  t {s.TStat,6:F2}"));
        Log.Information("Wrote {Out} in {Elapsed:F1} s", Path.GetFullPath(outDirectory), clock.Elapsed.TotalSeconds);
        return CliApp.Success;
    }
}
