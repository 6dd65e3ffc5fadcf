using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology.Blend;

/// <summary>When a blend is brought back to its targets regardless of drift (docs/blend.md).</summary>
public enum RebalanceSchedule
{
    /// <summary>Never on a schedule (only the drift band, if any).</summary>
    None,

    /// <summary>At the close of the last blend date of every month.</summary>
    Monthly,

    /// <summary>At the close of the last blend date of March, June, September and December.</summary>
    Quarterly,
}

/// <summary>One sleeve: a level series held at <paramref name="Target"/> × NAV, either bought with the
/// portfolio's cash (funded) or as a futures-like notional whose excess return over financing is settled
/// into cash (unfunded).</summary>
public sealed record BlendSleeve(string Name, LevelSeries Series, double Target, bool Funded);

/// <summary>What cash earns and unfunded sleeves are financed at: the return of a level series between
/// blend dates, or a constant annual rate accrued ACT/360. Exactly one of the two is set.</summary>
public sealed record BlendFinancing
{
    private BlendFinancing(LevelSeries? series, double? rate) => (Series, Rate) = (series, rate);

    public LevelSeries? Series { get; }

    public double? Rate { get; }

    public static BlendFinancing FromSeries(LevelSeries series) => new(series, null);

    public static BlendFinancing FromRate(double rate) => new(null, rate);
}

/// <summary>A blend of sleeves with its financing, rebalancing rules and annual fee (docs/blend.md).</summary>
/// <param name="BaseValue">Level on the first blend date.</param>
/// <param name="DriftBand">Rebalance when any sleeve's exposure is more than this away from its target; null: no band.</param>
/// <param name="Fee">Annual fee, accrued ACT/365 on the previous NAV.</param>
public sealed record BlendDefinition(
    string Name,
    double BaseValue,
    IReadOnlyList<BlendSleeve> Sleeves,
    BlendFinancing Financing,
    RebalanceSchedule Schedule,
    double? DriftBand,
    double Fee)
{
    /// <summary>Cash target: 1 minus the funded targets (negative means borrowing at the financing rate).</summary>
    public double CashTarget => 1 - Sleeves.Where(s => s.Funded).Sum(s => s.Target);
}

/// <summary>Why a blend was rebalanced at a close.</summary>
public enum RebalanceReason
{
    Schedule,
    Drift,
}

/// <summary>A rebalance at the close of <paramref name="Date"/>: sleeve and cash exposures (fractions of NAV)
/// just before and after it.</summary>
public sealed record BlendRebalance(
    DateOnly Date,
    RebalanceReason Reason,
    IReadOnlyList<double> Before,
    double CashBefore,
    IReadOnlyList<double> After,
    double CashAfter)
{
    /// <summary>One-way turnover 0.5 · Σ|after − before| over the sleeves.</summary>
    public double Turnover => 0.5 * Before.Zip(After, (b, a) => Math.Abs(a - b)).Sum();
}

/// <summary>A blend's daily closes: level, each sleeve's exposure and cash as fractions of NAV after any
/// rebalance at that close, and the rebalances.</summary>
public sealed record BlendResult(
    BlendDefinition Definition,
    LevelSeries Levels,
    IReadOnlyList<IReadOnlyList<double>> Exposures,
    IReadOnlyList<double> Cash,
    IReadOnlyList<BlendRebalance> Rebalances);
