using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology.Sweep;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology;

/// <summary>
/// Computes the data-only stages of a backtest's upcoming screening dates (<see cref="RebalancePipeline.Prepare"/>)
/// on the other cores while the current date is selected, weighted and carried forward, which must happen in
/// order. At most as many dates as there are cores (and <see cref="MaxAhead"/>) are computed ahead, so memory stays
/// a few dates' results.
/// The results do not depend on which thread computed them: each lands in <see cref="SharedStages"/> under its key.
/// </summary>
internal sealed class ScreeningPrefetch : IDisposable
{
    private readonly SharedStages _shared;
    private readonly MethodologyConfig _config;
    private readonly LevelSeries? _benchmark;
    private readonly IReadOnlyList<int> _dates;
    private readonly Task?[] _started;
    private readonly int _ahead;
    private int _next;

    /// <summary>The most screening dates computed ahead of the one being rebalanced.</summary>
    public const int MaxAhead = 8;

    /// <param name="schedule">The reconstitutions, in the order they will be rebalanced.</param>
    public ScreeningPrefetch(SharedStages shared, MethodologyConfig config, LevelSeries? benchmark, IReadOnlyList<Reconstitution> schedule)
    {
        _shared = shared;
        _config = config;
        _benchmark = benchmark;
        _dates = schedule.Select(r => shared.Universe.DateIndexOf(r.Screening)).ToArray();
        _started = new Task?[_dates.Count];
        // One core: nothing to overlap with, so the rebalance computes its own stages as it always has. Many cores:
        // at most MaxAhead dates, since each date's results are held until it is rebalanced.
        _ahead = Environment.ProcessorCount > 1 ? Math.Min(Environment.ProcessorCount, MaxAhead) : 0;
        while (_next < Math.Min(_ahead, _dates.Count)) StartNext();
    }

    /// <summary>Waits until the stages of the <paramref name="k"/>-th date are computed (or failed) and starts the
    /// next date beyond the look-ahead. A failure is not thrown here: the rebalance at that date meets the same
    /// failure (kept by <see cref="SharedStages"/>, or computed again) and reports it in order.</summary>
    public void WaitFor(int k)
    {
        if (_started[k] is { } task) Settle(task);
        while (_next < Math.Min(k + 1 + _ahead, _dates.Count)) StartNext();
    }

    private void StartNext()
    {
        int date = _dates[_next];
        _started[_next++] = Task.Run(() => RebalancePipeline.Prepare(_shared, _config, date, _benchmark));
    }

    /// <summary>Waits for the dates still being computed, so that none outlives the backtest (an error stops it early).</summary>
    public void Dispose()
    {
        foreach (var task in _started)
            if (task is not null) Settle(task);
    }

    /// <summary>Waits for <paramref name="task"/> (running it on this thread if no core has taken it yet) and observes its failure.</summary>
    private static void Settle(Task task)
    {
        try { task.Wait(); }
        catch (AggregateException) { } // reported by the rebalance at that date, in order
    }
}
