using System.Runtime.InteropServices;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology.Research;

/// <summary>Everything <see cref="FactorDiagnostics"/> says about one backtest's factors.</summary>
public sealed record FactorResearch(
    IReadOnlyList<FactorIc> Ics,
    IReadOnlyList<FactorQuantileReturn> Quantiles,
    IReadOnlyList<(DateOnly Screening, string Factor, double Autocorrelation)> Autocorrelations,
    (IReadOnlyList<string> Factors, double[,] Correlation) Correlations)
{
    /// <summary>The factor diagnostics of a backtest's steps; each forward return is computed once, for the ICs and
    /// the quantile portfolios both. Reads only its arguments: safe to run beside other analyses of the same result.</summary>
    public static FactorResearch Of(Universe universe, IReadOnlyList<BacktestStep> steps, TechnicalConfig technical)
    {
        var (ics, quantiles) = FactorDiagnostics.IcsAndQuantiles(universe, steps, technical);
        return new(
            ics,
            quantiles,
            FactorDiagnostics.RankAutocorrelations(steps),
            FactorDiagnostics.FactorCorrelations(steps));
    }
}

/// <summary>
/// The factor diagnostics of a sweep's variants, computed once per distinct input. They read only the universe, the
/// close fallback and, per step, the screening date, the members of U and their factor ranks and CFS: never the
/// selection, the weights or the levels. So variants that differ only in selection, weighting, costs or levels have
/// the same diagnostics; the memo compares exactly those inputs (bit for bit), so a hit is the same computation's
/// result, never an approximation. It holds the last few distinct inputs, so its memory is bounded whatever the grid.
/// </summary>
public sealed class FactorResearchMemo(Universe universe, int capacity = 8)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<(Inputs Key, Lazy<FactorResearch> Value)> _entries = new();

    /// <summary>The diagnostics of <paramref name="steps"/>: a previous variant's when its inputs are identical.</summary>
    public FactorResearch Of(IReadOnlyList<BacktestStep> steps, TechnicalConfig technical)
    {
        var key = Inputs.Of(steps, technical.CloseFallbackDays);
        Lazy<FactorResearch> value;
        lock (_gate)
        {
            var found = _entries.First;
            while (found is not null && !found.Value.Key.Equals(key)) found = found.Next;
            if (found is not null)
            {
                _entries.Remove(found);
                _entries.AddFirst(found);
                value = found.Value.Value;
            }
            else
            {
                value = new Lazy<FactorResearch>(() => FactorResearch.Of(universe, steps, technical));
                _entries.AddFirst((key, value));
                if (_entries.Count > capacity) _entries.RemoveLast();
            }
        }
        return value.Value;
    }

    /// <summary>What the diagnostics read of the steps.</summary>
    private sealed class Inputs(int fallbackDays, DateOnly[] screenings, int[][] members, (string Name, double[] Values)[][] signals) : IEquatable<Inputs>
    {
        public static Inputs Of(IReadOnlyList<BacktestStep> steps, int fallbackDays) => new(
            fallbackDays,
            steps.Select(s => s.Dates.Screening).ToArray(),
            steps.Select(s => s.Result.MemberSecurityIndex).ToArray(),
            steps.Select(s => s.Result.Scores.Factors.Select(f => (f.Name, s.Result.Scores.FactorRanks[f.Name])).Append(("cfs", s.Result.Scores.Cfs)).ToArray()).ToArray());

        public bool Equals(Inputs? other) =>
            other is not null && fallbackDays == other.FallbackDays && screenings.AsSpan().SequenceEqual(other.Screenings)
            && members.Length == other.Members.Length && members.Zip(other.Members).All(p => p.First.AsSpan().SequenceEqual(p.Second))
            && signals.Length == other.Signals.Length && signals.Zip(other.Signals).All(p => SameSignals(p.First, p.Second));

        public override bool Equals(object? obj) => Equals(obj as Inputs);
        public override int GetHashCode() => HashCode.Combine(fallbackDays, screenings.Length);

        private int FallbackDays => fallbackDays;
        private DateOnly[] Screenings => screenings;
        private int[][] Members => members;
        private (string Name, double[] Values)[][] Signals => signals;

        // Bit for bit: NaN equals NaN (a missing rank in both), 0.0 and -0.0 differ.
        private static bool SameSignals((string Name, double[] Values)[] a, (string Name, double[] Values)[] b) =>
            a.Length == b.Length && a.Zip(b).All(p => p.First.Name == p.Second.Name
                && MemoryMarshal.Cast<double, long>(p.First.Values.AsSpan()).SequenceEqual(MemoryMarshal.Cast<double, long>(p.Second.Values.AsSpan())));
    }
}
