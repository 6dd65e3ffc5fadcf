using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology.Research;

/// <summary>The holdings of one period run through the level calculator: each holding's contribution and the level's own return.</summary>
/// <param name="Contributions">Per holding, in the order given: its total-return profit over the period divided by the
/// starting level, i.e. weight × its return; they sum to <paramref name="LevelReturn"/>.</param>
/// <param name="LevelReturn">L(end) / L(start) − 1 of the total-return level the calculator gives the same holdings.</param>
public sealed record PeriodContributions(double[] Contributions, double LevelReturn);

/// <summary>
/// Security returns for attribution that are exactly those of the index levels: a holding period's target weights are
/// put in place and stepped day by day by the level model itself (carried closes, dividends reinvested across the
/// index, stale constituents removed), and each day's change of the total-return level is split by holding,
/// <c>L(t) − L(t−1) = Σ units_TR(i, t−1) · (close(i,t) − close(i,t−1) + dividend(i,t))</c> (closes as the calculator
/// carries them). A holding's contribution is the sum of its profits over the period divided by the starting level: its
/// own price moves and dividends on the units it holds, including units bought with the others' reinvested dividends
/// and with the value of removed constituents; a removed constituent earns up to its removal at its last close.
/// </summary>
public static class AttributionReturns
{
    /// <param name="universe">Closes and dividends.</param>
    /// <param name="levels">The level model and <c>levels.max_stale_days</c>.</param>
    /// <param name="effectiveIndex">Calendar index of the period's start (an effective date's close).</param>
    /// <param name="endIndex">Calendar index of its end (the next effective date, or the backtest's last date).</param>
    /// <param name="weights">Target weights by security index (summing to 1, each security once).</param>
    /// <exception cref="InputException">A weighted security has no close on or before the effective date.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The end is before the start or outside the calendar.</exception>
    /// <exception cref="ArgumentException">A security is weighted twice (a programming error).</exception>
    public static PeriodContributions Of(Universe universe, LevelsConfig levels, int effectiveIndex, int endIndex, IReadOnlyList<(int Security, double Weight)> weights)
    {
        if (endIndex < effectiveIndex || endIndex >= universe.DateCount)
            throw new ArgumentOutOfRangeException(nameof(endIndex), endIndex, $"The period must end between day {effectiveIndex} and the calendar's end.");
        var model = FixedUnits.For(levels);
        var slot = new Dictionary<int, int>(weights.Count);
        for (int k = 0; k < weights.Count; k++) slot.Add(weights[k].Security, k);
        // Started at level 1, so a profit is already a share of the starting level.
        var state = model.Rebalance(universe, new LevelState(effectiveIndex, 1, 1, []), weights);
        // Each holding's slot in weights, in the holdings' order (kept alongside them: no lookup per holding and day).
        var slots = new int[state.Holdings.Count];
        for (int k = 0; k < slots.Length; k++) slots[k] = slot[state.Holdings[k].Security];
        var profit = new double[weights.Count];
        while (state.DateIndex < endIndex)
        {
            int t = state.DateIndex + 1;
            var next = model.Step(universe, state, levels.MaxStaleDays).State;
            var (held, kept) = (state.Holdings, next.Holdings);
            var keptSlots = kept.Count == held.Count ? slots : new int[kept.Count];
            // The kept holdings keep their order; one missing from the next state was removed today, stale, so it had
            // no close today and is valued at its last one.
            int j = 0;
            for (int k = 0; k < held.Count; k++)
            {
                var h = held[k];
                double close = h.LastClose;
                if (j < kept.Count && kept[j].Security == h.Security)
                {
                    close = kept[j].LastClose;
                    keptSlots[j++] = slots[k];
                }
                profit[slots[k]] += h.UnitsTr * (close - h.LastClose + universe.Dividend(h.Security, t));
            }
            // The slots follow the holdings only if a step removes holdings without reordering the rest.
            if (j != kept.Count)
                throw new InvalidOperationException($"the level model reordered or added holdings on day {t}: attribution cannot follow them");
            (state, slots) = (next, keptSlots);
        }
        return new PeriodContributions(profit, state.LevelTr - 1);
    }
}
