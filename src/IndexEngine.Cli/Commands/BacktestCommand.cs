using System.CommandLine;
using System.Diagnostics;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Methodology.Research;
using IndexEngine.Core.Model;
using IndexEngine.Data.Configuration;
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
        var target = OutputTarget.Out("backtest", outDirectory, [("--universe", universeDirectory), .. ConfigLoader.Inputs("--config", configPath), ("--benchmark", benchmarkPath)]);
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

        string benchmarkName = BenchmarkName(result, benchmarkPath);
        folder.Write(staging => WriteFiles(staging, result, inputs.Universe, inputs.Config, inputs.Files, benchmarkPath, universeDirectory, configPath, overrides));
        folder.Commit();

        var s = result.Statistics;
        Log.Information(
            "Backtest {Start:yyyy-MM-dd}..{End:yyyy-MM-dd}: {Rebalances} rebalances, index {IndexReturn:P2} a year vs {Benchmark} {BenchmarkReturn:P2}, TE {TrackingError:P2}, IR {InformationRatio:F2}; wrote {Out} in {Elapsed:F1} s",
            s.Start, s.End, result.Steps.Count, s.Index.AnnualisedReturn, benchmarkName, s.Benchmark.AnnualisedReturn,
            s.TrackingError, s.InformationRatio, folder.TargetPath, clock.Elapsed.TotalSeconds);
        return CliApp.Success;
    }

    /// <summary>The benchmark's name in stats.json and report.html: the file's for --benchmark, else the result's.</summary>
    public static string BenchmarkName(BacktestResult result, string? benchmarkPath) =>
        benchmarkPath is null ? result.BenchmarkName : StatsCommand.SeriesName(benchmarkPath);

    /// <summary>
    /// Every file of a backtest's output into an existing folder. The one place that says what a backtest writes:
    /// `sweep` calls it for each variant, so a variant's folder is byte-identical to the `backtest` run with the
    /// same universe, config path and overrides (report.html names all three).
    /// </summary>
    /// <param name="factorResearch">A sweep's memo of factor diagnostics shared by its variants; none: computed here.</param>
    public static void WriteFiles(string directory, BacktestResult result, Core.Model.Universe universe, Core.Configuration.MethodologyConfig config,
        IReadOnlyList<Core.Model.InputFileInfo> files, string? benchmarkPath, string universeDirectory, string? configPath, IReadOnlyList<string> overrides,
        FactorResearchMemo? factorResearch = null)
    {
        // The rebalance folders (most of the files) are written on the other core while the analyses are computed.
        var rebalanceFolders = Task.Run(() => WriteRebalanceFolders(directory, result, files));
        try
        {
            WriteAnalyses(directory, result, universe, config, benchmarkPath, universeDirectory, configPath, overrides, factorResearch);
        }
        catch
        {
            // Nothing may still be writing when the caller aborts the output; its own error is the one to report.
            try { rebalanceFolders.Wait(); }
            catch (AggregateException) { }
            throw;
        }
        rebalanceFolders.GetAwaiter().GetResult();
    }

    private static void WriteRebalanceFolders(string directory, BacktestResult result, IReadOnlyList<Core.Model.InputFileInfo> files)
    {
        foreach (var step in result.Steps)
        {
            var dir = Path.Combine(directory, "rebalances", CliDates.Format(step.Dates.Screening));
            Directory.CreateDirectory(dir);
            RebalanceCommand.WriteFiles(dir, step.Result, files);
        }
    }

    private static void WriteAnalyses(string directory, BacktestResult result, Core.Model.Universe universe, Core.Configuration.MethodologyConfig config,
        string? benchmarkPath, string universeDirectory, string? configPath, IReadOnlyList<string> overrides, FactorResearchMemo? factorResearch)
    {
        string benchmarkName = BenchmarkName(result, benchmarkPath);
        var research = factorResearch?.Of(result.Steps, config.Technical) ?? FactorResearch.Of(universe, result.Steps, config.Technical);
        var (factorIcs, factorQuantiles) = (research.Ics, research.Quantiles);
        var factors = BacktestReports.Factors(factorIcs, factorQuantiles, research.Autocorrelations, research.Correlations);
        var trades = Costs.Trades(result);
        var net = Costs.Net(result, trades, config.Costs, config.Statistics);
        var capacity = Capacity.Analyse(universe, trades, config.Capacity, config.Eligibility.AdvDays);
        var attribution = AttributionAnalysis.Of(universe, result);
        var exposures = Exposures.Factors(result.Steps);
        BacktestFiles.WriteAttribution(Path.Combine(directory, "attribution.csv"), "sector", attribution.Sectors.Periods);
        BacktestFiles.WriteAttribution(Path.Combine(directory, "attribution_summary.csv"), "sector", [attribution.Sectors.Linked]);
        BacktestFiles.WriteAttribution(Path.Combine(directory, "size_attribution.csv"), "decile", attribution.SizeDeciles.Periods);
        BacktestFiles.WriteAttribution(Path.Combine(directory, "size_attribution_summary.csv"), "decile", [attribution.SizeDeciles.Linked]);
        BacktestFiles.WriteExposures(Path.Combine(directory, "exposures.csv"), exposures);
        BacktestFiles.WriteFactorIc(Path.Combine(directory, "factor_ic.csv"), factorIcs);
        BacktestFiles.WriteFactorQuantiles(Path.Combine(directory, "factor_quantiles.csv"), factorQuantiles);
        BacktestFiles.WriteLevels(Path.Combine(directory, "levels.csv"), result);
        BacktestFiles.WriteRebalances(Path.Combine(directory, "rebalances.csv"), result);
        TextFile.Write(Path.Combine(directory, "stats.json"), StatisticsJson.Write(result.Statistics, "index", benchmarkName));
        BacktestFiles.WriteNetLevels(Path.Combine(directory, "levels_net.csv"), net);
        BacktestFiles.WriteCosts(Path.Combine(directory, "costs.csv"), net);
        BacktestFiles.WriteCapacity(Path.Combine(directory, "capacity.csv"), capacity);
        TextFile.Write(Path.Combine(directory, "stats_net.json"), StatisticsJson.Write(net.Statistics, "index net of costs", benchmarkName));
        TextFile.Write(Path.Combine(directory, "report.html"),
            HtmlReport.Render(BacktestReports.From(result, benchmarkName, universeDirectory, configPath, overrides, factors) with
            {
                Costs = new CostsReport(net, capacity, net.AnnualCostDrag(result.Statistics)),
                Attribution = BacktestReports.Attribution(attribution, exposures, benchmarkIsFile: benchmarkPath is not null),
            }));
    }
}
