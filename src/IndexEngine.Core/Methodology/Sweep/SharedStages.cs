using System.Collections.Concurrent;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology.Sweep;

/// <summary>
/// The stage results of one loaded universe that runs share: per screening date, each stage's result under
/// its key (<see cref="StageKeys"/>), computed once by whichever run asks first while the others wait for it.
/// A single `rebalance` or `backtest` uses a store of its own once; a sweep uses one for every variant, so
/// variants whose keys are equal share the result and variants whose keys differ never do. Results are
/// immutable once published: no stage writes to an array it got from here.
/// </summary>
internal sealed class SharedStages
{
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<object, Lazy<object>>> _byDate = new();
    private readonly ConcurrentDictionary<object, Lazy<object>> _wholeRun = new();
    private readonly ConcurrentDictionary<int, int> _expected = new();

    public SharedStages(Universe universe) => Universe = universe;

    public Universe Universe { get; }

    /// <summary>The stage result for <paramref name="key"/> at calendar day <paramref name="dateIndex"/>, computed by
    /// <paramref name="compute"/> from the key alone if no run has asked for it yet. A failure is kept and thrown to
    /// every run asking (the same input error for each).</summary>
    internal T At<TKey, T>(int dateIndex, TKey key, Func<TKey, T> compute) where TKey : notnull where T : class =>
        Get(_byDate.GetOrAdd(dateIndex, _ => new ConcurrentDictionary<object, Lazy<object>>()), key, compute);

    /// <summary>A result that is not tied to one screening date (kept for the whole run).</summary>
    internal T Whole<TKey, T>(TKey key, Func<TKey, T> compute) where TKey : notnull where T : class => Get(_wholeRun, key, compute);

    /// <summary>Announces that one more run will screen on each of <paramref name="dateIndices"/>, so that a date's
    /// results are kept until the last of them is done with it (<see cref="DoneWith"/>).</summary>
    internal void Expect(IEnumerable<int> dateIndices)
    {
        foreach (int t in dateIndices) _expected.AddOrUpdate(t, 1, (_, n) => n + 1);
    }

    /// <summary>A run has finished its rebalance at <paramref name="dateIndex"/>: when no announced run still needs
    /// the date, its results are dropped (so a single backtest holds one date's stage results at a time).</summary>
    internal void DoneWith(int dateIndex)
    {
        int left = _expected.AddOrUpdate(dateIndex, 0, (_, n) => n - 1);
        if (left <= 0) _byDate.TryRemove(dateIndex, out _);
    }

    /// <summary>How many screening dates currently hold results (for tests of the release).</summary>
    internal int DatesHeld => _byDate.Count;

    private static T Get<TKey, T>(ConcurrentDictionary<object, Lazy<object>> results, TKey key, Func<TKey, T> compute) where TKey : notnull where T : class
    {
        var lazy = results.GetOrAdd(key, k => new Lazy<object>(() => compute((TKey)k), LazyThreadSafetyMode.ExecutionAndPublication));
        return (T)lazy.Value;
    }
}
