using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Methodology.Research;
using IndexEngine.Core.Methodology.Sweep;
using IndexEngine.Core.Model;
using IndexEngine.Data.Configuration;
using IndexEngine.Data.Output;
using IndexEngine.Data.Sweep;
using IndexEngine.Reporting;
using Serilog;
using Spectre.Console;

namespace IndexEngine.Cli.Commands;

/// <summary>
/// `indexengine sweep`: many variants of the index (a grid file) over one loaded universe, each written exactly as
/// `backtest` writes it, with sweep.csv and report.html comparing them; `--shard K/N` runs every N-th variant and
/// `sweep merge` joins the shards into the folder one run writes. See docs/sweep.md.
/// </summary>
public static class SweepCommand
{
    public static Command Create()
    {
        var universe = CommonOptions.Universe();
        var grid = new Option<string>("--grid", "-g")
        {
            Description = "Grid file (JSON): config, set, axes and/or variants; see docs/sweep.md and config/sweeps/.",
            Required = true,
        };
        var from = CommonOptions.RequiredDate("--from", "First screening date to consider (yyyy-MM-dd).");
        var to = CommonOptions.RequiredDate("--to", "Last date of the backtests (yyyy-MM-dd).");
        var benchmark = CommonOptions.Benchmark("Benchmark level series (date,close) for every variant. Default: each variant's cap-weighted starting universe.");
        var shard = new Option<string?>("--shard")
        {
            Description = "Run only shard K of N (K counts from 0, as JOB_COMPLETION_INDEX): the variants whose position in the grid is K modulo N. Join the shards with `sweep merge`.",
        };
        var parallel = new Option<int>("--parallel", "-p")
        {
            Description = "Variants calculated at once (default: the number of processors).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var output = CommonOptions.Out("Output folder: variants/<name>/ (each a backtest's files), sweep.json, sweep.csv, report.html (and shard.json with --shard). New, empty, or one the engine wrote; replaced atomically.");
        var command = new Command("sweep",
            "Run many variants of the index (a grid of config overrides) over one loaded universe, in parallel; each variant's folder " +
            "holds exactly what `backtest` writes for it, and sweep.csv and report.html compare them.")
        {
            universe, grid, from, to, benchmark, shard, parallel, output,
        };
        command.SetAction(parse => Run(
            parse.GetValue(universe)!, parse.GetValue(grid)!,
            CommonOptions.DateValue(parse, from), CommonOptions.DateValue(parse, to),
            parse.GetValue(benchmark), parse.GetValue(shard), parse.GetValue(parallel), parse.GetValue(output)!,
            Progress(GlobalOptions.LoggingFrom(parse))));
        command.Add(CreateMerge());
        return command;
    }

    private static Command CreateMerge()
    {
        var output = CommonOptions.Out("Output folder: the folder an unsharded sweep writes. New, empty, or one the engine wrote; never one of the shard folders.");
        var shards = new Argument<string[]>("SHARD_DIR")
        {
            Description = "The output folders of `sweep --shard K/N`, every K from 0 to N-1 once, in any order.",
            Arity = ArgumentArity.OneOrMore,
        };
        var merge = new Command("merge", "Join the outputs of `sweep --shard K/N` (all N shards of one grid and the same inputs) into exactly the folder an unsharded sweep writes.")
        {
            output, shards,
        };
        merge.SetAction(parse => Merge(parse.GetValue(output)!, parse.GetValue(shards) ?? []));
        return merge;
    }

    /// <summary>A progress bar on stderr when it is a terminal and the log is human-readable text; otherwise a log line per variant.</summary>
    private static bool Progress(LoggingOptions logging) =>
        !Console.IsErrorRedirected && logging.Format == LogFormat.Text && !logging.Quiet;

    public static int Run(string universeDirectory, string gridPath, DateOnly from, DateOnly to, string? benchmarkPath,
        string? shardText, int parallel, string outDirectory, bool progress = false)
    {
        var clock = Stopwatch.StartNew();
        if (parallel < 1) throw new InputException($"option --parallel: expected at least 1 variant at a time, got {parallel}");
        var shard = shardText is null ? null : ShardSpec.Parse(shardText);
        var grid = SweepGrid.Load(gridPath);
        var target = OutputTarget.Out("sweep", outDirectory, [("--universe", universeDirectory), ("--grid", gridPath), .. ConfigLoader.Inputs("--grid config", grid.ConfigPath), ("--benchmark", benchmarkPath)]);
        OutputGuard.CheckFolder(target); // before any work: a refused --out costs nothing
        // Every variant is bound (and so checked) before the universe is loaded or anything runs.
        var variants = grid.Bind();
        var positions = Enumerable.Range(0, variants.Count).Where(k => shard?.Runs(k) ?? true).ToArray();
        Log.Information("Grid {Grid}: {Variants} variants{Shard}, {Parallel} at a time", gridPath, variants.Count,
            shard is null ? "" : $", shard {shard} runs {positions.Length}", parallel);
        // Only the prices the variants read: every variant's look-back, from --from's screening date to --to.
        var inputs = RunInputs.Load(universeDirectory, grid.ConfigPath, grid.Variants[0].Assignments, benchmarkPath, previousPath: null,
            _ => PriceWindow.ForBacktests(variants.Select(v => v.Config).ToArray(), from, to));
        var description = new SweepDescription(from, to, universeDirectory, grid.ConfigPath, benchmarkPath,
            SweepDescription.HashConfig(grid.ConfigPath), inputs.Files, grid.Variants);
        var sweepJson = description.ToJson();

        using var folder = OutputFolder.Begin(target);
        var selected = positions.Select(k => variants[k]).ToArray();
        folder.Write(staging =>
        {
            TextFile.Write(Path.Combine(staging, SweepDescription.FileName), sweepJson);
            if (shard is not null)
                TextFile.Write(Path.Combine(staging, ShardSpec.FileName), shard.ToJson(sweepJson, selected.Select(v => v.Name)));
        });
        var notes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        int done = 0;
        // Variants that differ only in selection, weighting, costs or levels have the same factor diagnostics.
        var factorResearch = new FactorResearchMemo(inputs.Universe);
        // Each variant is written as it finishes (writes of several variants run at once; a signal waits for them) and dropped.
        void RunAll(Action onEach) => SweepRunner.Run(inputs.Universe, selected, from, to, inputs.Benchmark, parallel, (i, result) =>
        {
            var variant = selected[i];
            folder.Write(staging =>
            {
                var dir = Path.Combine(staging, SweepSummary.VariantsFolder, variant.Name);
                Directory.CreateDirectory(dir);
                BacktestCommand.WriteFiles(dir, result, inputs.Universe, variant.Config, inputs.Files, benchmarkPath,
                    universeDirectory, grid.ConfigPath, grid.Variants[positions[i]].Assignments, factorResearch);
                // Flushed now, while other variants compute, rather than thousands of files one after another at the commit
                // (whose flush of the whole tree then finds them clean).
                OutputFolder.FlushNow(dir);
            });
            foreach (var note in result.Notes) notes.AddOrUpdate(note, positions[i], (_, first) => Math.Min(first, positions[i]));
            int n = Interlocked.Increment(ref done);
            var s = result.Statistics;
            if (!progress)
                Log.Information("Variant {Done}/{Total} {Name}: {Return:P2} a year, TE {TrackingError:P2}, IR {InformationRatio:F2} ({Elapsed:F1} s)",
                    n, selected.Length, variant.Name, s.Index.AnnualisedReturn, s.TrackingError, s.InformationRatio, clock.Elapsed.TotalSeconds);
            onEach();
        });
        if (progress && selected.Length > 0)
            AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }).Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask($"{selected.Length} variants", maxValue: selected.Length);
                    RunAll(() => task.Increment(1));
                });
        else
            RunAll(() => { });
        // After the run, so that warnings do not tear the progress bar; each once, in grid order of first occurrence.
        foreach (var note in notes.OrderBy(n => n.Value).ThenBy(n => n.Key, StringComparer.Ordinal)) Log.Warning("{Note}", note.Key);
        folder.Write(WriteSummary);
        folder.Commit();
        Log.Information("Sweep: {Count} variants{Shard} from {Grid}; wrote {Out} in {Elapsed:F1} s", selected.Length,
            shard is null ? "" : $" (shard {shard})", gridPath, folder.TargetPath, clock.Elapsed.TotalSeconds);
        return CliApp.Success;
    }

    public static int Merge(string outDirectory, IReadOnlyList<string> shardFolders)
    {
        var clock = Stopwatch.StartNew();
        var target = new OutputTarget("--out", outDirectory, "sweep", [.. shardFolders.Select(f => new InputPath("SHARD_DIR", f))]);
        OutputGuard.CheckFolder(target);
        var (description, sweepJson) = SweepMerge.Check(shardFolders);
        using var folder = OutputFolder.Begin(target);
        folder.Write(staging =>
        {
            TextFile.Write(Path.Combine(staging, SweepDescription.FileName), sweepJson);
            SweepMerge.CopyVariants(shardFolders, staging);
            WriteSummary(staging);
        });
        folder.Commit();
        Log.Information("Merged {Shards} shards, {Variants} variants; wrote {Out} in {Elapsed:F1} s",
            shardFolders.Count, description.Variants.Count, folder.TargetPath, clock.Elapsed.TotalSeconds);
        return CliApp.Success;
    }

    /// <summary>sweep.csv and report.html from the folder's sweep.json and variant folders: the one way both a sweep
    /// and a merge write them, so a merge of shards has the unsharded run's bytes.</summary>
    private static void WriteSummary(string folder)
    {
        var description = SweepDescription.Read(folder);
        var rows = SweepSummary.Read(folder, description);
        var keys = description.Keys;
        SweepSummary.WriteCsv(Path.Combine(folder, SweepSummary.FileName), keys, rows);
        var subtitle = $"{(rows.Count == description.Variants.Count ? $"{rows.Count} variants" : $"{rows.Count} of {description.Variants.Count} variants (one shard)")}, " +
            $"{CliDates.Format(description.From)} to {CliDates.Format(description.To)}, universe {description.Universe}, config {description.Config ?? "built-in default"}" +
            (description.Benchmark is { } b ? $", benchmark {b}" : ", benchmark: each variant's cap-weighted starting universe");
        TextFile.Write(Path.Combine(folder, "report.html"), SweepReport.Render("Index variant sweep", subtitle, keys, [.. rows.Select(r => new SweepReportRow(
            r.Variant.Name, [.. keys.Select(r.ValueOf)],
            r.Statistics["annualised_return"], r.Statistics["volatility"], r.Statistics["sharpe"], r.Statistics["max_drawdown"],
            r.Statistics["benchmark_annualised_return"], r.Statistics["tracking_error"], r.Statistics["information_ratio"],
            r.Statistics["average_turnover"], r.Statistics["average_holdings"]))]));
    }
}
