using System.CommandLine;
using System.Diagnostics;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;
using IndexEngine.Data.Configuration;
using IndexEngine.Data.Output;
using IndexEngine.Reporting;
using Serilog;

namespace IndexEngine.Cli.Commands;

/// <summary>`indexengine rebalance`: one reconstitution of the index into an output folder (METHODOLOGY §2–§8).</summary>
public static class RebalanceCommand
{
    public static Command Create(TextWriter stdout)
    {
        var universe = CommonOptions.Universe();
        var asOf = CommonOptions.Date("--as-of", "Screening date S; default: the last date in prices.csv");
        var config = CommonOptions.Config();
        var set = CommonOptions.Set();
        var previous = new Option<string?>("--previous", "-p") { Description = "Current index (id,weight CSV) for the buffer rule and turnover." };
        var benchmark = CommonOptions.Benchmark("Benchmark level series (date,close); with --set market.source=benchmark, correlation is measured against it.");
        var output = CommonOptions.Out("Output folder: new, empty, or one the engine wrote (never an input, the current or home directory); replaced atomically, and only if the whole run succeeds.");
        var whenDue = new Option<bool>("--when-due")
        {
            Description = "For a nightly job: rebalance only if the as-of date is a screening date; otherwise exit 0 and say when the next one is.",
        };
        var command = new Command("rebalance", "Select and weight the index as of a screening date and write constituents.csv, scores.csv, summary.json and report.md.")
        {
            universe, asOf, config, set, previous, benchmark, output, whenDue,
        };
        command.SetAction(parse => Run(
            new RebalanceRequest(
                parse.GetValue(universe)!,
                CliDates.Parse(parse.GetValue(asOf), "--as-of"),
                parse.GetValue(config),
                parse.GetValue(set) ?? [],
                parse.GetValue(previous),
                parse.GetValue(benchmark),
                parse.GetValue(output)!,
                parse.GetValue(whenDue)),
            stdout));
        return command;
    }

    public sealed record RebalanceRequest(
        string Universe, DateOnly? AsOf, string? Config, IReadOnlyList<string> Set, string? Previous, string? Benchmark, string Out, bool WhenDue);

    public static int Run(RebalanceRequest request, TextWriter stdout)
    {
        var clock = Stopwatch.StartNew();
        var target = OutputTarget.Out("rebalance", request.Out,
            [("--universe", request.Universe), .. ConfigLoader.Inputs("--config", request.Config), ("--previous", request.Previous), ("--benchmark", request.Benchmark)]);
        OutputGuard.CheckFolder(target); // before any work: a refused --out costs nothing
        var inputs = RunInputs.Load(request.Universe, request.Config, request.Set, request.Benchmark, request.Previous,
            config => PriceWindow.ForRebalance(config, request.AsOf));
        var universe = inputs.Universe;

        if (request.WhenDue && !IsDue(universe, request.AsOf, inputs.Config.Schedule, stdout)) return CliApp.Success;

        var result = RebalancePipeline.Run(
            universe, inputs.Config,
            new RebalanceInputs(request.AsOf, inputs.Previous, inputs.Benchmark),
            (stage, elapsed, detail) => Log.Information("{Stage}: {Detail} ({Elapsed:F1} ms)", stage, detail, elapsed.TotalMilliseconds));
        foreach (var warning in result.Warnings) Log.Warning("{Warning}", warning);

        string written;
        using (var folder = OutputFolder.Begin(target))
        {
            folder.Write(directory => WriteFiles(directory, result, inputs.Files));
            folder.Commit();
            written = folder.TargetPath;
        }
        Log.Information(
            "Rebalanced: screening date {AsOf:yyyy-MM-dd}, effective date {Effective:l}, {Selected} of {Universe} selected, largest weight {MaxWeight:P2}, turnover {Turnover}; wrote {Out} in {Elapsed:F0} ms",
            result.AsOf, RebalanceReport.Effective(result.Effective), result.Counts.Selected, result.Counts.StartingUniverse, result.Constituents[0].Weight,
            result.Turnover is { } t ? t.ToString("P2", System.Globalization.CultureInfo.InvariantCulture) : "n/a",
            written, clock.Elapsed.TotalMilliseconds);
        return CliApp.Success;
    }

    /// <summary>The §8 files of one rebalance into an existing folder (also used per rebalance by the backtest).</summary>
    public static void WriteFiles(string directory, RebalanceResult result, IReadOnlyList<InputFileInfo> files)
    {
        RebalanceFiles.WriteConstituents(Path.Combine(directory, "constituents.csv"), result);
        RebalanceFiles.WriteScores(Path.Combine(directory, "scores.csv"), result);
        TextFile.Write(Path.Combine(directory, "summary.json"), RebalanceSummary.ToJson(result, files));
        TextFile.Write(Path.Combine(directory, "report.md"), RebalanceReport.ToMarkdown(result));
    }

    private static bool IsDue(Universe universe, DateOnly? asOf, ScheduleConfig schedule, TextWriter stdout)
    {
        var date = asOf ?? universe.Calendar[^1];
        RebalancePipeline.ScreeningDateIndex(universe, date);
        if (ReconstitutionSchedule.IsScreeningDate(universe.Calendar, date, schedule)) return true;
        // The calendar ends at 9999-12-31: a date there has no next day, let alone a next screening date.
        var next = date < DateOnly.MaxValue ? ReconstitutionSchedule.NextScreeningDate(universe.Calendar, date.AddDays(1), schedule) : null;
        var nextText = next is { } n ? CliDates.Format(n) : "none before 9999-12-31";
        stdout.WriteLine($"Not due: {CliDates.Format(date)} is not a screening date. Next screening date: {nextText}.");
        Log.Information("Not due: {Date:yyyy-MM-dd} is not a screening date; next is {Next}", date, nextText);
        return false;
    }
}
