using System.CommandLine;
using System.Diagnostics;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Methodology.Research;
using IndexEngine.Core.Model;
using IndexEngine.Data.Output;
using IndexEngine.Reporting;
using Serilog;

namespace IndexEngine.Cli.Commands;

/// <summary>`indexengine backtest`: every quarterly reconstitution in a date range, the daily index levels and a report (§9–§10).</summary>
public static class BacktestCommand
{
    public static Command Create(TextWriter stdout)
    {
        var universe = CommonOptions.Universe();
        var from = CommonOptions.RequiredDate("--from", "First screening date to consider (yyyy-MM-dd).");
        var to = CommonOptions.RequiredDate("--to", "Last date of the backtest (yyyy-MM-dd); levels are calculated up to it.");
        var config = CommonOptions.Config();
        var set = CommonOptions.Set();
        var benchmark = CommonOptions.Benchmark("Benchmark level series (date,close). Default: the cap-weighted index of each starting universe on the same schedule.");
        var output = CommonOptions.Out("Output folder: levels.csv, rebalances.csv, rebalances/<screening date>/, stats.json, report.html. New, empty, or one the engine wrote (never an input, the current or home directory); replaced atomically.");
        var command = new Command("backtest",
            "Run every reconstitution (screening on the last trading day of Feb/May/Aug/Nov) between --from and --to with the same " +
            "code as `rebalance`, calculate price and total return levels, and compare them with the benchmark.")
        {
            universe, from, to, config, set, benchmark, output,
        };
        command.SetAction(parse => Run(
            parse.GetValue(universe)!,
            CommonOptions.DateValue(parse, from),
            CommonOptions.DateValue(parse, to),
            parse.GetValue(config),
            parse.GetValue(set) ?? [],
            parse.GetValue(benchmark),
            parse.GetValue(output)!));
        return command;
    }

    public static int Run(string universeDirectory, DateOnly from, DateOnly to, string? configPath, IReadOnlyList<string> overrides, string? benchmarkPath, string outDirectory)
    {
        var clock = Stopwatch.StartNew();
        var target = OutputTarget.Out("backtest", outDirectory, ("--universe", universeDirectory), ("--config", configPath), ("--benchmark", benchmarkPath));
        OutputGuard.CheckFolder(target); // before any work: a refused --out costs nothing
        var inputs = RunInputs.Load(universeDirectory, configPath, overrides, benchmarkPath, previousPath: null,
            config => PriceWindow.ForBacktest(config, from, to));
        // Locked and staged before the long calculation: a second run on the same --out is refused at once,
        // and a signal during the calculation removes the staging folder (see CliApp).
        using var folder = OutputFolder.Begin(target);
        int done = 0;
        var result = Backtest.Run(inputs.Universe, inputs.Config, from, to, inputs.Benchmark, step =>
            Log.Information("Rebalance {Number}: screening {Screening:yyyy-MM-dd}, effective {Effective:yyyy-MM-dd}, {Count} constituents, turnover {Turnover}",
                ++done, step.Dates.Screening, step.Dates.Effective, step.Result.Counts.Selected,
                step.Result.Turnover is { } t ? t.ToString("P1", System.Globalization.CultureInfo.InvariantCulture) : "initial build"));
        foreach (var note in result.Notes) Log.Warning("{Note}", note);
        // Each rebalance's summary.json has all its warnings; the log says each distinct one once, at its first date.
        var logged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in result.Steps)
            foreach (var warning in step.Result.Warnings.Where(logged.Add))
                Log.Warning("Rebalance {Screening:yyyy-MM-dd}: {Warning}", step.Dates.Screening, warning);
        foreach (var removal in result.Index.Removals)
            Log.Warning("{Id} removed on {Date:yyyy-MM-dd}: no close since {LastClose:yyyy-MM-dd}", removal.Id, removal.Date, removal.LastCloseDate);

        string benchmarkName = benchmarkPath is null ? result.BenchmarkName : StatsCommand.SeriesName(benchmarkPath);
        var factorIcs = FactorDiagnostics.InformationCoefficients(inputs.Universe, result.Steps, inputs.Config.Technical);
        var factorQuantiles = FactorDiagnostics.QuantileReturns(inputs.Universe, result.Steps, inputs.Config.Technical);
        var factors = BacktestReports.Factors(factorIcs, factorQuantiles, FactorDiagnostics.RankAutocorrelations(result.Steps),
            FactorDiagnostics.FactorCorrelations(result.Steps));
        folder.Write(staging =>
        {
            BacktestFiles.WriteFactorIc(Path.Combine(staging, "factor_ic.csv"), factorIcs);
            BacktestFiles.WriteFactorQuantiles(Path.Combine(staging, "factor_quantiles.csv"), factorQuantiles);
            BacktestFiles.WriteLevels(Path.Combine(staging, "levels.csv"), result);
            BacktestFiles.WriteRebalances(Path.Combine(staging, "rebalances.csv"), result);
            foreach (var step in result.Steps)
            {
                var dir = Path.Combine(staging, "rebalances", CliDates.Format(step.Dates.Screening));
                Directory.CreateDirectory(dir);
                RebalanceCommand.WriteFiles(dir, step.Result, inputs.Files);
            }
            TextFile.Write(Path.Combine(staging, "stats.json"), StatisticsJson.Write(result.Statistics, "index", benchmarkName));
            TextFile.Write(Path.Combine(staging, "report.html"), HtmlReport.Render(BacktestReports.From(result, benchmarkName, universeDirectory, configPath, overrides, factors)));
        });
        folder.Commit();

        var s = result.Statistics;
        Log.Information(
            "Backtest {Start:yyyy-MM-dd}..{End:yyyy-MM-dd}: {Rebalances} rebalances, index {IndexReturn:P2} a year vs {Benchmark} {BenchmarkReturn:P2}, TE {TrackingError:P2}, IR {InformationRatio:F2}; wrote {Out} in {Elapsed:F1} s",
            s.Start, s.End, result.Steps.Count, s.Index.AnnualisedReturn, benchmarkName, s.Benchmark.AnnualisedReturn,
            s.TrackingError, s.InformationRatio, folder.TargetPath, clock.Elapsed.TotalSeconds);
        return CliApp.Success;
    }
}
