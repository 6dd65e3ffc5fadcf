using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology.Research;

/// <summary>One security's trade at a rebalance: the weight bought (&gt; 0) or sold (&lt; 0),
/// <c>w_new − w_drifted</c> as a fraction of the index value at the effective close.</summary>
public readonly record struct SecurityTrade(int Security, double Change);

/// <summary>
/// The trades of one rebalance: what it bought and sold at its effective close against the weights the
/// previous holdings had drifted to (from cash for the initial build), and <see cref="Traded"/> =
/// <c>Σ |w_new − w_drifted|</c>, twice the one-way turnover (the initial build trades 1).
/// </summary>
public sealed record RebalanceTrades(DateOnly Screening, DateOnly Effective, bool InitialBuild, IReadOnlyList<SecurityTrade> Trades, double Traded);

/// <summary>The cost of one rebalance: the value traded and the fraction of the index value it cost, <c>c · traded</c>.</summary>
public sealed record RebalanceCost(DateOnly Screening, DateOnly Effective, double Traded, double Cost);

/// <summary>The index net of transaction costs: both levels, each rebalance's cost and the §10 statistics of the
/// net total-return level against the benchmark.</summary>
public sealed record NetOfCosts(
    double OneWayBps,
    IReadOnlyList<RebalanceCost> Rebalances,
    LevelSeries PriceReturn,
    LevelSeries TotalReturn,
    PerformanceSummary Statistics)
{
    /// <summary>What the costs take a year: the gross total-return index's annualised return minus the net one's.</summary>
    public double AnnualCostDrag(PerformanceSummary gross) => gross.Index.AnnualisedReturn - Statistics.Index.AnnualisedReturn;
}

/// <summary>
/// Transaction costs as a post-process of a backtest (the gross levels are not changed; <c>costs.one_way_bps</c>).
/// At each effective close E_k the index trades <c>T_k = Σ_i |w_new,i − w_drifted,i|</c> of its value (T_0 = 1, the
/// initial build from cash) and pays <c>c · T_k</c> of it, c = bps / 10⁴. Paying it scales every new unit by
/// <c>1 − c · T_k</c>, so from then on the net level moves with the gross one:
/// <c>net(t) = gross(t) · Π_{k: E_k &lt; t} (1 − c · T_k)</c>. The level on E_k itself is that close's value before
/// its trades (as the gross level is, §9), so the first net level is the base value and every cost shows in the
/// next day's return, where the statistics see it.
/// </summary>
public static class Costs
{
    /// <summary>Each rebalance's trades, read off the holding periods of the levels (one per step).</summary>
    /// <exception cref="ArgumentException">The levels do not have one holding period per step (a programming error).</exception>
    public static IReadOnlyList<RebalanceTrades> Trades(BacktestResult result) =>
        Trades(result.Index.Periods, result.Steps.Select(s => s.Dates.Screening).ToArray());

    /// <summary>The trades of each holding period's rebalance: the first from cash, each later one from the previous
    /// period's end (drifted) weights to its start (target) weights.</summary>
    /// <param name="periods">The holding periods in order (weights in ascending security order, as the level builder records them).</param>
    /// <param name="screenings">The screening date of each period's rebalance.</param>
    /// <exception cref="ArgumentException">Not one screening date per period (a programming error).</exception>
    public static IReadOnlyList<RebalanceTrades> Trades(IReadOnlyList<HoldingPeriod> periods, IReadOnlyList<DateOnly> screenings)
    {
        if (periods.Count != screenings.Count)
            throw new ArgumentException($"{periods.Count} holding periods for {screenings.Count} rebalances.", nameof(screenings));
        var trades = new RebalanceTrades[periods.Count];
        for (int k = 0; k < periods.Count; k++)
        {
            var changes = Changes(k == 0 ? [] : periods[k - 1].EndWeights, periods[k].StartWeights);
            double traded = 0;
            foreach (var c in changes) traded += Math.Abs(c.Change);
            trades[k] = new RebalanceTrades(screenings[k], periods[k].Effective, k == 0, changes, traded);
        }
        return trades;
    }

    /// <summary>The levels net of costs at <paramref name="costs"/> and their statistics against the benchmark.
    /// With 0 bps the net levels are the gross ones, bit for bit.</summary>
    /// <param name="result">The gross backtest.</param>
    /// <param name="trades">Its trades (<see cref="Trades"/>).</param>
    /// <param name="costs">The cost rate.</param>
    /// <param name="statistics">The §10 parameters.</param>
    public static NetOfCosts Net(BacktestResult result, IReadOnlyList<RebalanceTrades> trades, CostsConfig costs, StatisticsConfig statistics)
    {
        double c = costs.Rate;
        var rebalances = trades.Select(t => new RebalanceCost(t.Screening, t.Effective, t.Traded, c * t.Traded)).ToArray();
        var pr = Apply(result.Index.PriceReturn, rebalances);
        var tr = Apply(result.Index.TotalReturn, rebalances);
        var summary = PerformanceStatistics.Compute(tr, result.Benchmark, statistics, turnovers: result.Index.Turnovers());
        return new NetOfCosts(costs.OneWayBps, rebalances, pr, tr, summary);
    }

    /// <summary><c>gross(t) · Π_{k: E_k &lt; t} (1 − cost_k)</c>, the product taken in rebalance order.</summary>
    public static LevelSeries Apply(LevelSeries gross, IReadOnlyList<RebalanceCost> rebalances)
    {
        var values = new double[gross.Count];
        double factor = 1;
        int next = 0;
        for (int t = 0; t < gross.Count; t++)
        {
            while (next < rebalances.Count && rebalances[next].Effective < gross.Dates[t]) factor *= 1 - rebalances[next++].Cost;
            values[t] = gross.Values[t] * factor;
        }
        return new LevelSeries(gross.Dates.ToArray(), values);
    }

    /// <summary>The change of every security in either list (both in ascending security order), in that order; unchanged ones left out.</summary>
    private static SecurityTrade[] Changes(IReadOnlyList<(int Security, double Weight)> before, IReadOnlyList<(int Security, double Weight)> after)
    {
        var changes = new List<SecurityTrade>(before.Count + after.Count);
        int a = 0, b = 0;
        while (a < before.Count || b < after.Count)
        {
            int i = b >= after.Count || (a < before.Count && before[a].Security < after[b].Security) ? before[a].Security : after[b].Security;
            double old = a < before.Count && before[a].Security == i ? before[a++].Weight : 0;
            double now = b < after.Count && after[b].Security == i ? after[b++].Weight : 0;
            if (now != old) changes.Add(new SecurityTrade(i, now - old));
        }
        return changes.ToArray();
    }
}
