using System.CommandLine;
using System.Diagnostics;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Methodology.Blend;
using IndexEngine.Core.Model;
using IndexEngine.Data;
using IndexEngine.Data.Blend;
using IndexEngine.Data.Output;
using IndexEngine.Reporting;
using Serilog;

namespace IndexEngine.Cli.Commands;

/// <summary>`indexengine blend`: the daily level of an overlay or allocation index of sleeves (docs/blend.md).</summary>
public static class BlendCommand
{
    /// <summary>Statistics of a blend: 252 daily returns a year, Sharpe against a zero risk-free rate.</summary>
    public static readonly StatisticsConfig Statistics = new(252, 0);

    public static Command Create()
    {
        var spec = new Option<string>("--spec") { Description = "Blend spec (JSON, see docs/blend.md); series paths in it resolve relative to it.", Required = true };
        var from = CommonOptions.RequiredDate("--from", "First date of the blend (yyyy-MM-dd): it starts at its base value on the first common date from here.");
        var to = CommonOptions.RequiredDate("--to", "Last date of the blend (yyyy-MM-dd).");
        var benchmark = CommonOptions.Benchmark("Benchmark level series (date,close) for stats.json and the report. Default: the first sleeve's series.");
        var output = CommonOptions.Out("Output folder: levels.csv, rebalances.csv, stats.json, report.html; replaced atomically.");
        var command = new Command("blend",
            "Calculate an overlay or allocation index: sleeves of level series held at target exposures, funded or unfunded " +
            "(futures-like, financed), cash earning a financing series or rate, rebalanced on a schedule and outside a drift band, less a fee.")
        {
            spec, from, to, benchmark, output,
        };
        command.SetAction(parse =>
        {
            var start = CommonOptions.DateValue(parse, from);
            var end = CommonOptions.DateValue(parse, to);
            if (start > end) throw new InputException($"option --from ({CliDates.Format(start)}) is after --to ({CliDates.Format(end)})");
            return Run(parse.GetValue(spec)!, start, end, parse.GetValue(benchmark), parse.GetValue(output)!);
        });
        return command;
    }

    /// <exception cref="InputException">A bad spec, series or benchmark, or too few dates.</exception>
    public static int Run(string specPath, DateOnly from, DateOnly to, string? benchmarkPath, string outDirectory)
    {
        var clock = Stopwatch.StartNew();
        OutputGuard.CheckFolder(OutputTarget.Out("blend", outDirectory, ("--spec", specPath), ("--benchmark", benchmarkPath)));
        var blend = BlendSpecLoader.Load(specPath, out var seriesFiles);
        var target = new OutputTarget("--out", outDirectory, "blend",
            InputPath.Of([("--spec", specPath), ("--benchmark", benchmarkPath), .. seriesFiles.Select(f => ("series in --spec", (string?)f))]));
        var benchmark = benchmarkPath is null ? blend.Sleeves[0].Series : LevelSeriesLoader.Load(benchmarkPath);
        string benchmarkName = benchmarkPath is null ? blend.Sleeves[0].Name : StatsCommand.SeriesName(benchmarkPath);

        var result = BlendCalculator.Run(blend, from, to);
        var turnovers = result.Rebalances.Select(r => (r.Date, r.Turnover)).ToArray();
        var statistics = PerformanceStatistics.Compute(result.Levels, benchmark, Statistics, turnovers: turnovers);
        foreach (var r in result.Rebalances)
            Log.Debug("Rebalance {Date:yyyy-MM-dd} ({Reason}), turnover {Turnover:P2}", r.Date, BlendFiles.Reason(r.Reason), r.Turnover);

        using (var folder = OutputFolder.Begin(target))
        {
            BlendFiles.WriteLevels(folder.PathOf("levels.csv"), result);
            BlendFiles.WriteRebalances(folder.PathOf("rebalances.csv"), result);
            TextFile.Write(folder.PathOf("stats.json"), StatisticsJson.Write(statistics, blend.Name, benchmarkName));
            TextFile.Write(folder.PathOf("report.html"),
                BlendReport.Render(result, benchmark, benchmarkName, statistics, BlendReports.Parameters(result, benchmarkName, specPath)));
            folder.Commit();
        }

        var levels = result.Levels;
        Log.Information(
            "Blend {Name} {Start:yyyy-MM-dd}..{End:yyyy-MM-dd}: level {Level:F4}, {Schedule} scheduled and {Drift} drift rebalances, {Return:P2} a year vs {Benchmark} {BenchmarkReturn:P2}; wrote {Out} in {Elapsed:F1} s",
            blend.Name, levels.Dates[0], levels.Dates[^1], levels.Values[^1],
            result.Rebalances.Count(r => r.Reason == RebalanceReason.Schedule), result.Rebalances.Count(r => r.Reason == RebalanceReason.Drift),
            statistics.Index.AnnualisedReturn, benchmarkName, statistics.Benchmark.AnnualisedReturn, Path.GetFullPath(outDirectory), clock.Elapsed.TotalSeconds);
        return CliApp.Success;
    }
}
