using System.Globalization;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology.Research;

/// <summary>A backtest's attribution against the cap-weighted starting universe, by sector and by size decile of U.</summary>
public sealed record BacktestAttribution(AttributionResult Sectors, AttributionResult SizeDeciles);

/// <summary>
/// Brinson–Fachler attribution of a backtest (docs/levels-and-statistics.md, Attribution). Holding period k runs from
/// effective date E_k's close to E_(k+1)'s (the last to the backtest's end). The index holds the rebalance's target
/// weights, the benchmark the cap weights of the rebalance's starting universe U (the default benchmark's holdings,
/// whatever <c>--benchmark</c> says); security returns are those of the level calculator (<see cref="AttributionReturns"/>),
/// so the index's period return is its own levels'. Research analytics read prices after S; they never feed a rebalance.
/// </summary>
public static class AttributionAnalysis
{
    /// <exception cref="InvalidOperationException">The result has not one holding period per step (a programming error).</exception>
    public static BacktestAttribution Of(Universe universe, BacktestResult result)
    {
        if (result.Index.Periods.Count != result.Steps.Count)
            throw new InvalidOperationException($"{result.Steps.Count} rebalances but {result.Index.Periods.Count} holding periods");
        var levels = result.Steps[0].Result.Config.Levels;
        var sectors = result.Steps.SelectMany(s => s.Result.Members.Select(m => m.Sector)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var deciles = Enumerable.Range(1, 10).Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray();
        var bySector = new List<AttributionPeriod>(result.Steps.Count);
        var bySize = new List<AttributionPeriod>(result.Steps.Count);
        for (int k = 0; k < result.Steps.Count; k++)
        {
            var r = result.Steps[k].Result;
            var period = result.Index.Periods[k];
            var caps = IndexAnalytics.CapWeights(r.Members);
            var index = AttributionReturns.Of(universe, levels, period.EffectiveIndex, period.EndIndex,
                r.Constituents.Select(c => (r.MemberSecurityIndex[c.Member], c.Weight)).ToArray()).Contributions;
            var benchmark = AttributionReturns.Of(universe, levels, period.EffectiveIndex, period.EndIndex,
                caps.Select((w, u) => (r.MemberSecurityIndex[u], w)).ToArray()).Contributions;
            var decile = Exposures.SizeDeciles(r.Members);

            bySector.Add(BrinsonFachler.Period(period.Effective, period.End,
                r.Constituents.Select((c, j) => new GroupHolding(c.Security.Sector, c.Weight, index[j])).ToArray(),
                r.Members.Select((m, u) => new GroupHolding(m.Sector, caps[u], benchmark[u])).ToArray(), sectors));
            bySize.Add(BrinsonFachler.Period(period.Effective, period.End,
                r.Constituents.Select((c, j) => new GroupHolding(deciles[decile[c.Member] - 1], c.Weight, index[j])).ToArray(),
                r.Members.Select((m, u) => new GroupHolding(deciles[decile[u] - 1], caps[u], benchmark[u])).ToArray(), deciles));
        }
        return new BacktestAttribution(BrinsonFachler.Link(bySector), BrinsonFachler.Link(bySize));
    }
}
