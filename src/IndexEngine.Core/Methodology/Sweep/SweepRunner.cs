using System.Runtime.ExceptionServices;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology.Sweep;

/// <summary>One variant of a sweep: its name (the folder its results are written to) and its whole configuration.</summary>
public sealed record SweepVariant(string Name, MethodologyConfig Config);

/// <summary>
/// Runs many variants' backtests over one loaded universe. Each variant's result is exactly
/// <see cref="Backtest.Run"/> with its configuration, by construction: both run the same code, a backtest
/// with a <see cref="SharedStages"/> of its own, the variants of a sweep with one store between them, so a
/// stage whose key (<see cref="StageKeys"/>) two variants share is computed once per screening date. Results are
/// handed to the caller as each variant finishes and are not kept, so memory grows with the variants in
/// flight, not with the grid; a date's shared results are dropped once every variant screening on it is past it.
/// </summary>
public static class SweepRunner
{
    /// <param name="onDone">Called once per variant, from a worker thread, with its position in <paramref name="variants"/>.</param>
    /// <exception cref="InputException">A variant cannot be calculated (the first such failure, by completion; its message names the variant).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was signalled.</exception>
    public static void Run(
        Universe universe, IReadOnlyList<SweepVariant> variants, DateOnly from, DateOnly to, LevelSeries? benchmark,
        int parallelism, Action<int, BacktestResult> onDone, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancel };
        var shared = new SharedStages(universe);
        foreach (var variant in variants)
            if (to >= from) shared.Expect(Backtest.ScreeningIndices(universe, variant.Config, from, to));
        try
        {
            Parallel.For(0, variants.Count, options, i => onDone(i, RunVariant(shared, variants[i], from, to, benchmark)));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The variant's own exception, with its stack, rather than a wrapper the CLI would call a bug.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>One variant's backtest; a failure of its data or config names the variant, since the backtest's own message
    /// cannot say which of a hundred configs it came from.</summary>
    private static BacktestResult RunVariant(SharedStages shared, SweepVariant variant, DateOnly from, DateOnly to, LevelSeries? benchmark)
    {
        try
        {
            return Backtest.Run(shared, variant.Config, from, to, benchmark);
        }
        catch (InputException e)
        {
            throw new InputException($"variant '{variant.Name}': {e.Message}");
        }
    }
}
