using System.Globalization;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology;

/// <summary>A rebalance put in place at the close of calendar day <paramref name="EffectiveIndex"/>:
/// target weights by security index (weights >= 0 summing to 1).</summary>
public sealed record IndexRebalance(int EffectiveIndex, IReadOnlyList<(int Security, double Weight)> Weights);

/// <summary>A constituent taken out between rebalances because it had no close for more than
/// <c>levels.max_stale_days</c> trading days. <paramref name="Weight"/> is its share of the index value
/// when removed (valued at <paramref name="LastClose"/>), which went to the other constituents.</summary>
public sealed record ConstituentRemoval(
    DateOnly Date,
    int DateIndex,
    int Security,
    string Id,
    DateOnly LastCloseDate,
    double LastClose,
    double Weight);

/// <summary>
/// The holdings between two rebalances: the target weights put in place at the close of
/// <paramref name="Effective"/>, and the weights they drifted to by the close of <paramref name="End"/>
/// (the next effective date, before its trades, or the last calculated date). Removed constituents
/// have drifted weight 0 and are left out of <paramref name="EndWeights"/>.
/// </summary>
public sealed record HoldingPeriod(
    DateOnly Effective,
    int EffectiveIndex,
    DateOnly End,
    int EndIndex,
    IReadOnlyList<(int Security, double Weight)> StartWeights,
    IReadOnlyList<(int Security, double Weight)> EndWeights);

/// <summary>The price-return and total-return levels from the first effective date, with the
/// removals and the holding periods.</summary>
public sealed record IndexLevels(
    LevelSeries PriceReturn,
    LevelSeries TotalReturn,
    IReadOnlyList<ConstituentRemoval> Removals,
    IReadOnlyList<HoldingPeriod> Periods)
{
    /// <summary>One-way turnover of each rebalance after the first, <c>0.5 * sum |w_new - w_drifted|</c>
    /// against the weights the previous holdings drifted to by the effective date's close. The first
    /// rebalance builds the index from cash and has no turnover.</summary>
    public IReadOnlyList<(DateOnly Date, double Turnover)> Turnovers()
    {
        var result = new List<(DateOnly, double)>(Math.Max(0, Periods.Count - 1));
        for (int k = 1; k < Periods.Count; k++)
            result.Add((Periods[k].Effective, IndexAnalytics.Turnover(Periods[k - 1].EndWeights, Periods[k].StartWeights)));
        return result;
    }
}

/// <summary>One constituent held between rebalances: its price-return and total-return units and the close
/// the index values it at (<paramref name="LastClose"/>, from calendar day <paramref name="LastCloseIndex"/>,
/// carried while it has no newer close).</summary>
public readonly record struct LevelHolding(int Security, double UnitsPr, double UnitsTr, double LastClose, int LastCloseIndex);

/// <summary>
/// The index after the close of calendar day <paramref name="DateIndex"/>: both levels and the holdings.
/// The holdings' order is part of the state: every sum runs in it, so a state continued elsewhere (e.g.
/// reloaded from a file) must keep it to give bit-identical levels. A constituent's staleness is
/// <c>t - LastCloseIndex</c>, so the state needs no separate counter.
/// </summary>
public sealed record LevelState(int DateIndex, double LevelPr, double LevelTr, IReadOnlyList<LevelHolding> Holdings);

/// <summary>The outcome of one day: the state after its close and the constituents removed that day.</summary>
public sealed record LevelDay(LevelState State, IReadOnlyList<ConstituentRemoval> Removals);

/// <summary>
/// The index level of METHODOLOGY §9. Between rebalances the index holds fixed units; at an effective
/// date E, <c>units(i) = w(i) * L(E) / close(i,E)</c> and <c>L(t) = sum units(i) * close(i,t)</c>.
/// Each trading day t after the first effective date is processed in this order (<see cref="Step"/>):
/// <list type="number">
/// <item>A constituent without a close on t carries its last close.</item>
/// <item>Total return: the dividend cash <c>D = sum units_TR(i) * dividend(i,t)</c> of the units held
/// since t-1's close is reinvested across the whole index in proportion to value, i.e. every TR unit is
/// scaled by <c>1 + D / sum units_TR(i) * close(i,t)</c>. The price-return level ignores dividends.</item>
/// <item>A constituent whose last close is more than <c>levels.max_stale_days</c> trading days old is
/// removed at its last close and its value handed to the others in proportion to their value at t's
/// closes, so the level is continuous. If every constituent is stale none is removed (there is nothing
/// to hand the value to): the level carries until the next rebalance.</item>
/// <item>The level is <c>sum units(i) * close(i,t)</c>.</item>
/// <item>On an effective date the new units are set at that level (<see cref="Rebalance"/>: PR units from
/// the PR level, TR units from the TR level). A constituent without a close on E gets units at its last
/// close (its staleness counts from that close); one that has never had a close cannot be given units
/// (InputException).</item>
/// </list>
/// Both levels start at <c>levels.base_value</c> at the first effective date (<see cref="Start"/>).
/// The backtest (<see cref="Calculate"/>, <see cref="IndexLevelBuilder"/>) and the daily
/// <c>index calculate</c> run the same <see cref="Step"/> and <see cref="Rebalance"/>, so both do every
/// floating-point operation in the same order and give bit-identical levels.
/// </summary>
public static class IndexLevelCalculator
{
    /// <param name="universe">Calendar, closes and dividends.</param>
    /// <param name="rebalances">Rebalances with strictly ascending effective indices.</param>
    /// <param name="levels">Base value and maximum stale days.</param>
    /// <param name="lastDateIndex">Last calendar index to calculate (default: the calendar's end).</param>
    /// <exception cref="ArgumentException">The rebalances are not valid (a programming error).</exception>
    /// <exception cref="InputException">A constituent has never had a close at its effective date.</exception>
    public static IndexLevels Calculate(
        Universe universe, IReadOnlyList<IndexRebalance> rebalances, LevelsConfig levels, int? lastDateIndex = null)
    {
        int end = lastDateIndex ?? universe.DateCount - 1;
        Validate(universe, rebalances, end);
        var builder = new IndexLevelBuilder(universe, levels, rebalances[0]);
        for (int k = 1; k < rebalances.Count; k++)
        {
            builder.AdvanceThrough(rebalances[k].EffectiveIndex);
            builder.Rebalance(rebalances[k]);
        }
        builder.AdvanceThrough(end);
        return builder.Finish();
    }

    /// <summary>The index at its first effective date: both levels at <paramref name="baseValue"/>, units
    /// bought with the target weights at that day's closes.</summary>
    /// <exception cref="InputException">A weighted constituent has no close on or before the date.</exception>
    public static LevelState Start(Universe universe, int effectiveIndex, IReadOnlyList<(int Security, double Weight)> weights, double baseValue) =>
        ((ILevelModel)FixedUnits.Instance).Start(universe, effectiveIndex, weights, baseValue);

    /// <summary>
    /// Puts target weights in place at the close of the state's day: units at that day's levels and closes
    /// (a constituent without a close that day at its last one). The levels themselves do not change.
    /// Zero weights are skipped; the holdings keep the order of <paramref name="weights"/>.
    /// </summary>
    /// <exception cref="InputException">A weighted constituent has no close on or before the date.</exception>
    public static LevelState Rebalance(Universe universe, LevelState state, IReadOnlyList<(int Security, double Weight)> weights)
    {
        int t = state.DateIndex;
        var holdings = new List<LevelHolding>(weights.Count);
        foreach (var (i, w) in weights)
        {
            if (w == 0) continue;
            var (close, index) = CarriedClose(universe, i, t);
            holdings.Add(new LevelHolding(i, w * state.LevelPr / close, w * state.LevelTr / close, close, index));
        }
        return state with { Holdings = holdings.ToArray() };
    }

    /// <summary>The next trading day of the calendar after the state's: carried closes, dividends,
    /// removals and the levels, in the order of the class summary. The state is not changed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The state is at the calendar's last day.</exception>
    public static LevelDay Step(Universe universe, LevelState state, int maxStaleDays)
    {
        int t = state.DateIndex + 1;
        if (t >= universe.DateCount)
            throw new ArgumentOutOfRangeException(nameof(state), state.DateIndex, "The state is at the calendar's last day.");
        var held = new LevelHolding[state.Holdings.Count];
        for (int k = 0; k < held.Length; k++)
        {
            var h = state.Holdings[k];
            double c = universe.Close(h.Security, t);
            held[k] = double.IsNaN(c) ? h : h with { LastClose = c, LastCloseIndex = t };
        }
        ReinvestDividends(universe, t, held);
        var (kept, removals) = RemoveStale(universe, t, maxStaleDays, held);
        var next = new LevelState(t, ValuePr(kept), ValueTr(kept), kept);
        return new LevelDay(next, removals);
    }

    /// <summary>The share of the holdings without a close of their own on calendar day <paramref name="t"/>
    /// (0 for an empty index): what a broken data delivery shows before it is carried silently.</summary>
    public static double MissingShare(Universe universe, LevelState state, int t)
    {
        if (state.Holdings.Count == 0) return 0;
        int missing = 0;
        foreach (var h in state.Holdings)
            if (double.IsNaN(universe.Close(h.Security, t))) missing++;
        return (double)missing / state.Holdings.Count;
    }

    /// <summary>The holdings' value weights at the state's close (PR units; TR units have the same weights),
    /// by security index. Before a rebalance's trades these are the drifted weights its turnover is
    /// measured against; removed constituents are absent.</summary>
    public static IReadOnlyList<(int Security, double Weight)> DriftedWeights(LevelState state)
    {
        var drifted = new List<(int Security, double Weight)>(state.Holdings.Count);
        foreach (var h in state.Holdings) drifted.Add((h.Security, h.UnitsPr * h.LastClose / state.LevelPr));
        drifted.Sort((a, b) => a.Security.CompareTo(b.Security));
        return drifted;
    }

    private static void ReinvestDividends(Universe universe, int t, LevelHolding[] held)
    {
        if (!universe.HasDividends) return;
        double cash = 0;
        foreach (var h in held) cash += h.UnitsTr * universe.Dividend(h.Security, t);
        if (cash == 0) return;
        double scale = 1 + cash / ValueTr(held);
        for (int k = 0; k < held.Length; k++) held[k] = held[k] with { UnitsTr = held[k].UnitsTr * scale };
    }

    private static (LevelHolding[] Kept, IReadOnlyList<ConstituentRemoval> Removals) RemoveStale(
        Universe universe, int t, int maxStaleDays, LevelHolding[] held)
    {
        int staleCount = 0;
        foreach (var h in held)
            if (t - h.LastCloseIndex > maxStaleDays) staleCount++;
        if (staleCount == 0 || staleCount == held.Length) return (held, []);

        double totalPr = ValuePr(held), totalTr = ValueTr(held);
        double removedPr = 0, removedTr = 0;
        var removals = new List<ConstituentRemoval>(staleCount);
        var kept = new LevelHolding[held.Length - staleCount];
        int n = 0;
        foreach (var h in held)
            if (t - h.LastCloseIndex > maxStaleDays)
            {
                removedPr += h.UnitsPr * h.LastClose;
                removedTr += h.UnitsTr * h.LastClose;
                removals.Add(new ConstituentRemoval(universe.Dates[t], t, h.Security, universe.Securities[h.Security].Id,
                    universe.Dates[h.LastCloseIndex], h.LastClose, h.UnitsPr * h.LastClose / totalPr));
            }
            else kept[n++] = h;
        // Scaling the rest by the removed share of their own value keeps each level unchanged.
        double scalePr = 1 + removedPr / (totalPr - removedPr);
        double scaleTr = 1 + removedTr / (totalTr - removedTr);
        for (int k = 0; k < kept.Length; k++)
            kept[k] = kept[k] with { UnitsPr = kept[k].UnitsPr * scalePr, UnitsTr = kept[k].UnitsTr * scaleTr };
        return (kept, removals);
    }

    private static double ValuePr(IReadOnlyList<LevelHolding> held)
    {
        double sum = 0;
        foreach (var h in held) sum += h.UnitsPr * h.LastClose;
        return sum;
    }

    private static double ValueTr(IReadOnlyList<LevelHolding> held)
    {
        double sum = 0;
        foreach (var h in held) sum += h.UnitsTr * h.LastClose;
        return sum;
    }

    private static (double Close, int Index) CarriedClose(Universe universe, int i, int t)
    {
        var closes = universe.Closes(i);
        for (int s = t; s >= 0; s--)
            if (!double.IsNaN(closes[s])) return (closes[s], s);
        var date = universe.Dates[t].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        throw new InputException(
            $"security '{universe.Securities[i].Id}' is given a weight at the effective date {date} but has no " +
            "close on or before it, so it cannot be given units; a constituent needs a price history");
    }

    /// <exception cref="ArgumentException">A rebalance's weights are not valid (a programming error).</exception>
    internal static void ValidateWeights(Universe universe, IndexRebalance r, int k)
    {
        var seen = new HashSet<int>();
        double sum = 0;
        foreach (var (i, w) in r.Weights)
        {
            if (i < 0 || i >= universe.SecurityCount || !seen.Add(i))
                throw new ArgumentException($"Rebalance {k}: security index {i} is out of range or repeated.", "rebalances");
            if (!(w >= 0) || double.IsInfinity(w))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Rebalance {k}: weight {w:R} of security {i} is not a finite weight >= 0."), "rebalances");
            sum += w;
        }
        if (Math.Abs(sum - 1) > 1e-9)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Rebalance {k}: weights sum to {sum:R}, not 1."), "rebalances");
    }

    private static void Validate(Universe universe, IReadOnlyList<IndexRebalance> rebalances, int end)
    {
        if (end < 0 || end >= universe.DateCount)
            throw new ArgumentOutOfRangeException(nameof(end), end, "The last date index must lie in the calendar.");
        if (rebalances.Count == 0)
            throw new ArgumentException("At least one rebalance is needed to start the index.", nameof(rebalances));
        for (int k = 0; k < rebalances.Count; k++)
        {
            var r = rebalances[k];
            if (r.EffectiveIndex < 0 || r.EffectiveIndex > end)
                throw new ArgumentException($"Rebalance {k}: effective index {r.EffectiveIndex} is outside 0..{end}.", nameof(rebalances));
            if (k > 0 && r.EffectiveIndex <= rebalances[k - 1].EffectiveIndex)
                throw new ArgumentException("Rebalances must have strictly ascending effective dates.", nameof(rebalances));
            ValidateWeights(universe, r, k);
        }
    }
}

/// <summary>The level-model stage (<c>levels.model</c>): how target weights become holdings at an effective
/// date's close and how the holdings and levels move from one trading day to the next.</summary>
public interface ILevelModel
{
    /// <summary>Puts target weights in place at the close of the state's day.</summary>
    /// <exception cref="InputException">A weighted constituent has no close on or before the date.</exception>
    LevelState Rebalance(Universe universe, LevelState state, IReadOnlyList<(int Security, double Weight)> weights);

    /// <summary>The next trading day after the state's.</summary>
    LevelDay Step(Universe universe, LevelState state, int maxStaleDays);

    /// <summary>A new index at <paramref name="baseValue"/>, its first weights put in place at the close of calendar
    /// day <paramref name="effectiveIndex"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="effectiveIndex"/> is outside the calendar.</exception>
    /// <exception cref="InputException">A weighted constituent has no close on or before the date.</exception>
    LevelState Start(Universe universe, int effectiveIndex, IReadOnlyList<(int Security, double Weight)> weights, double baseValue)
    {
        if (effectiveIndex < 0 || effectiveIndex >= universe.DateCount)
            throw new ArgumentOutOfRangeException(nameof(effectiveIndex), effectiveIndex, "The effective index must lie in the calendar.");
        return Rebalance(universe, new LevelState(effectiveIndex, baseValue, baseValue, []), weights);
    }
}

/// <summary><c>levels.model = fixed_units</c>, METHODOLOGY §9: units bought at the effective close and held
/// until the next rebalance (<see cref="IndexLevelCalculator"/>).</summary>
public sealed class FixedUnits : ILevelModel
{
    public static FixedUnits Instance { get; } = new();

    private FixedUnits() { }

    /// <summary>The model a config chooses.</summary>
    public static ILevelModel For(LevelsConfig levels) => levels.Model switch
    {
        LevelModel.FixedUnits => Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(levels), levels.Model, "unknown level model"),
    };

    public LevelState Rebalance(Universe universe, LevelState state, IReadOnlyList<(int Security, double Weight)> weights) =>
        IndexLevelCalculator.Rebalance(universe, state, weights);

    public LevelDay Step(Universe universe, LevelState state, int maxStaleDays) =>
        IndexLevelCalculator.Step(universe, state, maxStaleDays);
}

/// <summary>
/// Runs the level model forward and records what a backtest reports: the daily levels, the removals and
/// the holding periods. The backtest drives it one reconstitution at a time (advance to the next
/// effective date, read the drifted weights, decide and apply the rebalance), so levels are calculated
/// once, not again from the first rebalance at every step.
/// </summary>
public sealed class IndexLevelBuilder
{
    private readonly Universe _universe;
    private readonly LevelsConfig _levels;
    private readonly ILevelModel _model;
    private readonly List<DateOnly> _dates = [];
    private readonly List<double> _pr = [];
    private readonly List<double> _tr = [];
    private readonly List<ConstituentRemoval> _removals = [];
    private readonly List<HoldingPeriod> _periods = [];
    private IndexRebalance _current;
    private int _rebalanceCount = 1;

    /// <exception cref="ArgumentException">The rebalance's weights are not valid (a programming error).</exception>
    /// <exception cref="InputException">A constituent has never had a close at the effective date.</exception>
    public IndexLevelBuilder(Universe universe, LevelsConfig levels, IndexRebalance first)
    {
        IndexLevelCalculator.ValidateWeights(universe, first, 0);
        _universe = universe;
        _levels = levels;
        _model = FixedUnits.For(levels);
        _current = first;
        State = _model.Start(universe, first.EffectiveIndex, first.Weights, levels.BaseValue);
        Record();
    }

    /// <summary>The index after the last calculated close.</summary>
    public LevelState State { get; private set; }

    /// <summary>Calculates every trading day after the state's through calendar day <paramref name="t"/>.</summary>
    public void AdvanceThrough(int t)
    {
        if (t < State.DateIndex || t >= _universe.DateCount)
            throw new ArgumentOutOfRangeException(nameof(t), t, $"Cannot advance from day {State.DateIndex} to day {t}.");
        while (State.DateIndex < t)
        {
            var day = _model.Step(_universe, State, _levels.MaxStaleDays);
            State = day.State;
            _removals.AddRange(day.Removals);
            Record();
        }
    }

    /// <summary>Puts <paramref name="rebalance"/> in place at the close of the state's day, which must be its
    /// effective date and later than the previous one's.</summary>
    /// <exception cref="ArgumentException">Wrong day or invalid weights (a programming error).</exception>
    /// <exception cref="InputException">A constituent has never had a close at the effective date.</exception>
    public void Rebalance(IndexRebalance rebalance)
    {
        if (rebalance.EffectiveIndex != State.DateIndex || rebalance.EffectiveIndex <= _current.EffectiveIndex)
            throw new ArgumentException($"Rebalance effective at day {rebalance.EffectiveIndex} cannot be put in place at day {State.DateIndex}.", nameof(rebalance));
        IndexLevelCalculator.ValidateWeights(_universe, rebalance, _rebalanceCount);
        _periods.Add(ClosePeriod(_current));
        State = _model.Rebalance(_universe, State, rebalance.Weights);
        _current = rebalance;
        _rebalanceCount++;
    }

    /// <summary>The levels so far, with the current holding period drifted to the state's day.</summary>
    public IndexLevels Finish()
    {
        var periods = new List<HoldingPeriod>(_periods) { ClosePeriod(_current) };
        var dates = _dates.ToArray();
        return new IndexLevels(new LevelSeries(dates, _pr.ToArray()), new LevelSeries((DateOnly[])dates.Clone(), _tr.ToArray()), _removals.ToArray(), periods);
    }

    private void Record()
    {
        _dates.Add(_universe.Dates[State.DateIndex]);
        _pr.Add(State.LevelPr);
        _tr.Add(State.LevelTr);
    }

    private HoldingPeriod ClosePeriod(IndexRebalance rebalance)
    {
        var target = rebalance.Weights.Where(x => x.Weight != 0).OrderBy(x => x.Security).ToArray();
        return new HoldingPeriod(_universe.Dates[rebalance.EffectiveIndex], rebalance.EffectiveIndex,
            _universe.Dates[State.DateIndex], State.DateIndex, target, IndexLevelCalculator.DriftedWeights(State));
    }
}
