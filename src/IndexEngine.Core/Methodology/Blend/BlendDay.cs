namespace IndexEngine.Core.Methodology.Blend;

/// <summary>A blend at a close: each sleeve's holding (a funded sleeve's market value, an unfunded
/// sleeve's notional), the cash balance and the NAV (funded holdings plus cash; notionals are not assets).</summary>
public sealed record BlendState(IReadOnlyList<double> Holdings, double Cash, double Nav)
{
    /// <summary>Each sleeve's exposure, holding / NAV.</summary>
    public double[] Exposures() => Holdings.Select(h => h / Nav).ToArray();

    public double CashExposure => Cash / Nav;
}

/// <summary>One day of a blend (docs/blend.md, "A day's level"): the move from the previous close to this one,
/// and the reset to targets at a rebalance.</summary>
public static class BlendDay
{
    /// <summary>Every sleeve at target × <paramref name="nav"/>, cash the rest: the first date and every rebalance.</summary>
    public static BlendState AtTargets(BlendDefinition blend, double nav)
    {
        var holdings = blend.Sleeves.Select(s => s.Target * nav).ToArray();
        return new BlendState(holdings, blend.CashTarget * nav, nav);
    }

    /// <summary>The financing return of a financing series from the previous blend date to this one, <c>F(t)/F(t-1) - 1</c>.</summary>
    public static double SeriesFinancingReturn(double previousFinancing, double financing) => financing / previousFinancing - 1;

    /// <summary>The financing return of a constant annual rate over <paramref name="days"/> calendar days, ACT/360.</summary>
    public static double RateFinancingReturn(double rate, int days) => rate * days / 360;

    /// <summary>
    /// The close after <paramref name="days"/> calendar days: funded holdings grow with their series'
    /// returns <paramref name="returns"/>; an unfunded sleeve's notional does too and its profit or loss,
    /// notional × (r − financing return), is settled into cash; cash earns the financing return; the fee,
    /// annual fee × previous NAV × days / 365, is paid from cash. NAV is the funded holdings plus cash.
    /// </summary>
    public static BlendState Advance(BlendDefinition blend, BlendState previous, IReadOnlyList<double> returns, double financingReturn, int days)
    {
        var sleeves = blend.Sleeves;
        var holdings = new double[sleeves.Count];
        double settled = 0;
        for (int i = 0; i < sleeves.Count; i++)
        {
            holdings[i] = previous.Holdings[i] * (1 + returns[i]);
            if (!sleeves[i].Funded) settled += previous.Holdings[i] * (returns[i] - financingReturn);
        }
        double fee = blend.Fee * previous.Nav * days / 365;
        double cash = previous.Cash * (1 + financingReturn) + settled - fee;
        double nav = 0;
        for (int i = 0; i < sleeves.Count; i++)
            if (sleeves[i].Funded) nav += holdings[i];
        nav += cash;
        return new BlendState(holdings, cash, nav);
    }

    /// <summary>
    /// Whether the close is rebalanced and why: a scheduled date always (reason schedule); otherwise when
    /// some sleeve's exposure is strictly more than <paramref name="driftBand"/> away from its target.
    /// Null: no rebalance.
    /// </summary>
    public static RebalanceReason? Rebalance(bool scheduled, IReadOnlyList<double> exposures, IReadOnlyList<double> targets, double? driftBand)
    {
        if (scheduled) return RebalanceReason.Schedule;
        if (driftBand is not { } band) return null;
        for (int i = 0; i < exposures.Count; i++)
            if (Math.Abs(exposures[i] - targets[i]) > band) return RebalanceReason.Drift;
        return null;
    }
}
