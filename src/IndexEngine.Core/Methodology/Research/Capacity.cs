using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology.Research;

/// <summary>
/// One security's trade at a rebalance measured against its volume: <paramref name="TradedWeight"/> = |Δw|,
/// <paramref name="Adv"/> its average daily traded value at the screening date (NaN: no trade in the window),
/// <paramref name="DaysOfAdv"/> = <c>capacity.aum · |Δw| / ADV</c> and <paramref name="CapacityAum"/> =
/// <c>capacity.max_adv_fraction · ADV / |Δw|</c>, the assets at which this trade is that fraction of a day's volume
/// (both NaN without an ADV).
/// </summary>
public sealed record CapacityTrade(
    DateOnly Screening, DateOnly Effective, string Id, double TradedWeight, double Adv, double DaysOfAdv, double CapacityAum);

/// <summary>One rebalance's capacity: its trades, those without volume, the trade taking the most days of
/// volume at <c>capacity.aum</c> and the smallest capacity AUM of its trades (NaN when no trade has an ADV).</summary>
public sealed record CapacityRebalance(
    DateOnly Screening, DateOnly Effective, bool InitialBuild, int Trades, int WithoutVolume,
    string? LargestId, double LargestDaysOfAdv, double CapacityAum);

/// <summary>The capacity analysis of a backtest. <paramref name="CapacityAum"/>: the smallest capacity AUM of the
/// rebalances after the initial build (the trades the index makes every quarter; NaN with none).</summary>
public sealed record CapacityAnalysis(
    double Aum, double MaxAdvFraction, int AdvDays,
    IReadOnlyList<CapacityTrade> Trades, IReadOnlyList<CapacityRebalance> Rebalances, double CapacityAum);

/// <summary>
/// How much money the index can take: for assets A, a trade of |Δw_i| at a rebalance is <c>A · |Δw_i|</c> dollars,
/// <c>A · |Δw_i| / ADV_i</c> days of the security's average daily traded value, and stays within
/// <c>capacity.max_adv_fraction</c> f of one day's volume while <c>A ≤ f · ADV_i / |Δw_i|</c>. ADV_i is the §3.2
/// liquidity measure over one period: the mean of close × volume over the days with a trade (volume &gt; 0 and a close)
/// among the <c>eligibility.adv_days</c> trading days ending at the screening date, known before the trade.
/// </summary>
public static class Capacity
{
    /// <summary>The capacity of every rebalance of <paramref name="trades"/> (from <see cref="Costs.Trades"/>).</summary>
    public static CapacityAnalysis Analyse(Universe universe, IReadOnlyList<RebalanceTrades> trades, CapacityConfig capacity, int advDays)
    {
        var rows = new List<CapacityTrade>();
        var rebalances = new List<CapacityRebalance>(trades.Count);
        foreach (var r in trades)
        {
            int screening = universe.DateIndexOf(r.Screening);
            int without = 0;
            string? largestId = null;
            double largest = double.NaN, minimum = double.NaN;
            foreach (var trade in r.Trades)
            {
                double weight = Math.Abs(trade.Change);
                double adv = Adv(universe, trade.Security, screening, advDays);
                double days = capacity.Aum * weight / adv, aum = capacity.MaxAdvFraction * adv / weight;
                var id = universe.Securities[trade.Security].Id;
                rows.Add(new CapacityTrade(r.Screening, r.Effective, id, weight, adv, days, aum));
                if (double.IsNaN(adv)) { without++; continue; }
                if (double.IsNaN(largest) || days > largest) (largest, largestId) = (days, id);
                if (double.IsNaN(minimum) || aum < minimum) minimum = aum;
            }
            rebalances.Add(new CapacityRebalance(r.Screening, r.Effective, r.InitialBuild, r.Trades.Count, without, largestId, largest, minimum));
        }
        var recurring = rebalances.Where(r => !r.InitialBuild && !double.IsNaN(r.CapacityAum)).Select(r => r.CapacityAum).ToArray();
        return new CapacityAnalysis(capacity.Aum, capacity.MaxAdvFraction, advDays, rows, rebalances, recurring.Length == 0 ? double.NaN : recurring.Min());
    }

    /// <summary>Mean close × volume over the days with a trade among the <paramref name="days"/> trading days ending at
    /// calendar day <paramref name="screening"/> (§3.2's measure, <see cref="Eligibility.MeanTradedValue"/>); NaN when none traded.</summary>
    public static double Adv(Universe universe, int security, int screening, int days) =>
        Eligibility.MeanTradedValue(universe.Closes(security), universe.Volumes(security), screening, days, out _);
}
