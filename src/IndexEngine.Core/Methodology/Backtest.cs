using System.Globalization;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology.Sweep;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology;

/// <summary>One reconstitution of a backtest: its dates and the rebalance decided at its screening date
/// (whose turnover is against the previous index drifted to the effective date).</summary>
public sealed record BacktestStep(Reconstitution Dates, RebalanceResult Result);

/// <summary>A backtest: every reconstitution, the index levels, the benchmark and the §10 statistics.</summary>
public sealed record BacktestResult(
    IReadOnlyList<BacktestStep> Steps,
    IndexLevels Index,
    LevelSeries Benchmark,
    string BenchmarkName,
    PerformanceSummary Statistics,
    IReadOnlyList<string> Notes);

/// <summary>
/// METHODOLOGY §9: runs every reconstitution whose screening date falls in [from, to] with the same
/// pipeline as `rebalance` (each one's index is the next one's current index, for the buffer and
/// turnover), then calculates the index levels and compares them with the benchmark.
/// </summary>
public static class Backtest
{
    public const string CapWeightedBenchmarkName = "Cap-weighted starting universe";

    /// <summary>§11: said once, in the log and the report, when metrics.csv has no date column.</summary>
    public const string LookAheadNote =
        "look-ahead: the metrics file (metrics.csv or .parquet) has no date column, so every screening date uses the same fundamentals and market caps " +
        "(those of the file, known only at its end); use dated point-in-time metrics (METHODOLOGY §11) for an honest backtest";

    public static BacktestResult Run(
        Universe universe, MethodologyConfig config, DateOnly from, DateOnly to, LevelSeries? benchmark,
        Action<BacktestStep>? progress = null) =>
        Run(new SharedStages(universe), config, from, to, benchmark, progress, prefetch: true);

    /// <summary>The backtest with its data-only stages (and the cap-weighted benchmark) taken from <paramref name="shared"/>,
    /// which a sweep shares between its variants; each screening date is released to it once rebalanced. With
    /// <paramref name="prefetch"/>, the next dates' stages are computed on the other cores meanwhile
    /// (<see cref="ScreeningPrefetch"/>); a sweep, which already runs variants on every core, does without.</summary>
    internal static BacktestResult Run(
        SharedStages shared, MethodologyConfig config, DateOnly from, DateOnly to, LevelSeries? benchmark,
        Action<BacktestStep>? progress = null, bool prefetch = false)
    {
        var universe = shared.Universe;
        if (to < from) throw new InputException(string.Create(CultureInfo.InvariantCulture, $"--to {to:yyyy-MM-dd} is before --from {from:yyyy-MM-dd}"));
        var notes = new List<string>();
        if (!universe.Metrics.IsDated) notes.Add(LookAheadNote);
        if (universe.Calendar.Count > 0 && to > universe.Calendar[^1])
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"--to {to:yyyy-MM-dd} is after the last price date: the backtest ends on {universe.Calendar[^1]:yyyy-MM-dd}, the last date used"));
        var steps = new List<BacktestStep>();
        PreviousIndex? previous = null;
        IndexLevelBuilder? levels = null;
        var schedule = Schedule(universe, from, to, config, notes).ToArray();
        using var ahead = prefetch ? new ScreeningPrefetch(shared, config, benchmark, schedule) : null;
        for (int k = 0; k < schedule.Length; k++)
        {
            var dates = schedule[k];
            ahead?.WaitFor(k);
            var drifted = levels is null ? null : DriftedWeights(universe, levels, universe.DateIndexOf(dates.Effective));
            var result = RebalancePipeline.Run(shared, config, new RebalanceInputs(dates.Screening, previous, benchmark, drifted));
            shared.DoneWith(universe.DateIndexOf(dates.Screening));
            var step = new BacktestStep(dates, result);
            steps.Add(step);
            progress?.Invoke(step);
            previous = new PreviousIndex(result.Weights);
            var rebalance = ToRebalance(universe, step);
            if (levels is null) levels = new IndexLevelBuilder(universe, config.Levels, rebalance);
            else levels.Rebalance(rebalance);
        }
        if (steps.Count == 0)
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"no reconstitution between {from:yyyy-MM-dd} and {to:yyyy-MM-dd} can be calculated: ") +
                $"a screening date needs {config.Technical.Window} trading days of history before it and an effective date on or before --to" +
                (notes.Count > 0 ? " (" + string.Join("; ", notes) + ")" : ""));

        int last = universe.DateIndexOnOrBefore(to);
        levels!.AdvanceThrough(last);
        var index = levels.Finish();

        string benchmarkName = "Benchmark";
        if (benchmark is null)
        {
            // The natural yardstick of a factor index: the cap-weighted index of the same starting universes,
            // reconstituted on the same dates and calculated by the same level code.
            // It depends only on the starting universes, the schedule and the level parameters: one per key in a sweep.
            benchmark = shared.Whole(StageKeys.CapWeighted(config, from, to), key =>
                IndexLevelCalculator.Calculate(universe, steps.Select(s => CapWeightedRebalance(universe, s)).ToArray(), key.Levels, last).TotalReturn);
            benchmarkName = CapWeightedBenchmarkName;
        }
        var statistics = PerformanceStatistics.Compute(index.TotalReturn, benchmark, config.Statistics, turnovers: index.Turnovers());
        return new BacktestResult(steps, index, benchmark, benchmarkName, statistics, notes);
    }

    /// <summary>
    /// The reconstitutions a backtest over [from, to] runs, each with its rebalance decided as `rebalance` would
    /// without a current index (no buffer, no turnover), and no index levels: what research on the factors needs.
    /// </summary>
    /// <exception cref="InputException">No reconstitution in the range can be calculated.</exception>
    public static IReadOnlyList<BacktestStep> Screenings(Universe universe, MethodologyConfig config, DateOnly from, DateOnly to, LevelSeries? benchmark, List<string> notes)
    {
        var shared = new SharedStages(universe);
        var schedule = Schedule(universe, from, to, config, notes).ToArray();
        using var ahead = new ScreeningPrefetch(shared, config, benchmark, schedule);
        var steps = schedule
            .Select((dates, k) =>
            {
                ahead.WaitFor(k);
                var step = new BacktestStep(dates, RebalancePipeline.Run(shared, config, new RebalanceInputs(dates.Screening, Benchmark: benchmark)));
                shared.DoneWith(universe.DateIndexOf(dates.Screening));
                return step;
            })
            .ToArray();
        if (steps.Length == 0)
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"no screening date between {from:yyyy-MM-dd} and {to:yyyy-MM-dd} can be calculated") +
                (notes.Count > 0 ? " (" + string.Join("; ", notes) + ")" : ""));
        return steps;
    }

    /// <summary>The calendar index of every screening date a backtest of <paramref name="config"/> over [from, to] rebalances on.</summary>
    internal static IEnumerable<int> ScreeningIndices(Universe universe, MethodologyConfig config, DateOnly from, DateOnly to) =>
        Schedule(universe, from, to, config, []).Select(r => universe.DateIndexOf(r.Screening));

    /// <summary>
    /// The reconstitutions to run: screening in [from, to], enough history before the screening date for
    /// the window, and an effective date in the calendar on or before <paramref name="to"/>.
    /// </summary>
    private static IEnumerable<Reconstitution> Schedule(Universe universe, DateOnly from, DateOnly to, MethodologyConfig config, List<string> notes)
    {
        foreach (var r in ReconstitutionSchedule.Between(universe.Calendar, from, to, config.Schedule))
        {
            if (universe.CalendarIndexOf(r.Screening) < config.Technical.Window)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"screening date {r.Screening:yyyy-MM-dd} skipped: fewer than {config.Technical.Window} trading days of history before it"));
                continue;
            }
            if (!r.EffectiveInCalendar || r.Effective > to)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"screening date {r.Screening:yyyy-MM-dd} skipped: its effective date {r.Effective:yyyy-MM-dd} is after the end of the backtest"));
                continue;
            }
            yield return r;
        }
    }

    /// <summary>
    /// The current index at an effective date: the last rebalance's weights drifted with prices to that
    /// close, read off the levels carried forward to it. Turnover is measured against these, i.e. what the
    /// rebalance actually trades.
    /// </summary>
    private static Dictionary<string, double> DriftedWeights(Universe universe, IndexLevelBuilder levels, int effectiveIndex)
    {
        levels.AdvanceThrough(effectiveIndex);
        return IndexLevelCalculator.DriftedWeights(levels.State).ToDictionary(h => universe.Securities[h.Security].Id, h => h.Weight, StringComparer.Ordinal);
    }

    private static IndexRebalance ToRebalance(Universe universe, BacktestStep step) =>
        new(universe.DateIndexOf(step.Dates.Effective),
            step.Result.Constituents.Select(c => (SecurityIndex(universe, c.Security.Id), c.Weight)).ToArray());

    private static IndexRebalance CapWeightedRebalance(Universe universe, BacktestStep step)
    {
        var capWeights = IndexAnalytics.CapWeights(step.Result.Members);
        return new(universe.DateIndexOf(step.Dates.Effective),
            step.Result.Members.Select((m, u) => (SecurityIndex(universe, m.Id), capWeights[u])).ToArray());
    }

    private static int SecurityIndex(Universe universe, string id) =>
        universe.TryGetSecurityIndex(id, out int i) ? i : throw new InvalidOperationException($"unknown security {id}");
}
