using System.CommandLine;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;
using IndexEngine.Data.Output;
using IndexEngine.Reporting;
using Serilog;

namespace IndexEngine.Cli.Commands;

/// <summary>`indexengine stats`: METHODOLOGY §10 statistics of a level series against a benchmark.</summary>
public static class StatsCommand
{
    /// <param name="stdout">Where the table or JSON is printed.</param>
    /// <param name="loadSeries">Reads a level series: its path, then the column of levels to read.</param>
    public static Command Create(TextWriter stdout, Func<string, string, LevelSeries> loadSeries)
    {
        var series = new Option<string>("--series")
        {
            Description = "Level series to evaluate: a `date,close` CSV file (other columns ignored; .gz accepted).",
            Required = true,
        };
        var benchmark = new Option<string>("--benchmark")
        {
            Description = "Benchmark level series, same format. Statistics use the dates both files have.",
            Required = true,
        };
        var column = new Option<string>("--column")
        {
            Description = "Column of --series to read, e.g. index_tr of a backtest's levels.csv (default: close).",
            DefaultValueFactory = _ => "close",
        };
        var benchmarkColumn = new Option<string>("--benchmark-column")
        {
            Description = "Column of --benchmark to read, e.g. benchmark of a backtest's levels.csv (default: close).",
            DefaultValueFactory = _ => "close",
        };
        var from = new Option<string?>("--from") { Description = "First date of the window (yyyy-MM-dd; default: the first common date)." };
        var to = new Option<string?>("--to") { Description = "Last date of the window (yyyy-MM-dd; default: the last common date)." };
        var rf = new Option<double>("--rf")
        {
            Description = "Annual risk-free rate for the Sharpe ratio, e.g. 0.02 (default 0).",
            DefaultValueFactory = _ => 0.0,
        };
        var format = new Option<OutputFormat>("--format")
        {
            Description = "What to print on stdout: text (a table) or json (the JSON document, for scripts).",
            DefaultValueFactory = _ => OutputFormat.Text,
        };
        var output = new Option<string?>("--out")
        {
            Description = "Also write the statistics as JSON to this file (snake_case keys, round-trip numbers, null where undefined); never one of the input series.",
        };

        var command = new Command("stats",
            "Performance statistics (docs/methodology.md §10, 252 daily returns a year) of a level series against a benchmark: " +
            "annualised return, volatility, Sharpe, max drawdown, tracking error, information ratio, beta. " +
            "Prints a table (or JSON with --format json) and writes JSON to --out if given.")
        {
            series, column, benchmark, benchmarkColumn, from, to, rf, format, output,
        };
        command.SetAction(parse =>
        {
            var seriesPath = parse.GetValue(series)!;
            var benchmarkPath = parse.GetValue(benchmark)!;
            var window = (From: CliDates.Parse(parse.GetValue(from), "--from"), To: CliDates.Parse(parse.GetValue(to), "--to"));
            if (window is { From: { } f, To: { } t } && f > t)
                throw new InputException($"option --from ({CliDates.Format(f)}) is after --to ({CliDates.Format(t)})");
            double riskFree = parse.GetValue(rf);
            if (!double.IsFinite(riskFree) || riskFree <= -1)
                throw new InputException("option --rf: expected an annual rate above -1, e.g. 0.02");

            var outTarget = parse.GetValue(output) is { } outPath
                ? OutputTarget.Out("stats", outPath, ("--series", seriesPath), ("--benchmark", benchmarkPath))
                : null;
            if (outTarget is not null) OutputGuard.CheckFile(outTarget); // before any work

            var indexLevels = loadSeries(seriesPath, parse.GetValue(column)!);
            var benchmarkLevels = loadSeries(benchmarkPath, parse.GetValue(benchmarkColumn)!);
            var config = new StatisticsConfig(252, riskFree);
            var summary = PerformanceStatistics.Compute(indexLevels, benchmarkLevels, config, window.From, window.To);
            string indexName = SeriesName(seriesPath), benchmarkName = SeriesName(benchmarkPath);
            Log.Information("Statistics of {Series} against {Benchmark}: {Returns} daily returns from {Start} to {End}",
                seriesPath, benchmarkPath, summary.Returns, CliDates.Format(summary.Start), CliDates.Format(summary.End));

            var json = StatisticsJson.Write(summary, indexName, benchmarkName);
            stdout.Write(parse.GetValue(format) == OutputFormat.Json ? json : StatisticsTable.Render(summary, indexName, benchmarkName));
            if (outTarget is not null) Log.Information("Wrote {Path}", OutputFile.WriteAllText(outTarget, json));
            return CliApp.Success;
        });
        return command;
    }

    /// <summary>A series' display name: its file name without .csv/.gz, e.g. rsp for rsp.csv.gz.</summary>
    internal static string SeriesName(string path)
    {
        var name = Path.GetFileName(path);
        foreach (var suffix in new[] { ".gz", ".csv" })
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) name = name[..^suffix.Length];
        return name.Length == 0 ? path : name;
    }
}
