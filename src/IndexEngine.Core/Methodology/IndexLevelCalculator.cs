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

/// <summary>
/// The index level of METHODOLOGY §9. Between rebalances the index holds fixed units; at an effective
/// date E, <c>units(i) = w(i) * L(E) / close(i,E)</c> and <c>L(t) = sum units(i) * close(i,t)</c>.
/// Each trading day t after the first effective date is processed in this order:
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
/// <item>On an effective date the new units are set at that level (PR units from the PR level, TR units
/// from the TR level). A constituent without a close on E gets units at its last close (its staleness
/// counts from that close); one that has never had a close cannot be given units (InputException).</item>
/// </list>
/// Both levels start at <c>levels.base_value</c> at the first effective date.
/// </summary>
public static class IndexLevelCalculator
{
    /// <param name="universe">Calendar, closes and dividends.</param>
    /// <param name="rebalances">Rebalances with strictly ascending effective indices.</param>
    /// <param name="levels">Base value and maximum stale days.</param>
    /// <param name="lastDateIndex">Last calendar index to calculate (default: the calendar's end).</param>
    public static IndexLevels Calculate(
        Universe universe, IReadOnlyList<IndexRebalance> rebalances, LevelsConfig levels, int? lastDateIndex = null)
    {
        int end = lastDateIndex ?? universe.DateCount - 1;
        Validate(universe, rebalances, end);
        int start = rebalances[0].EffectiveIndex;
        int n = universe.SecurityCount;

        var unitsPr = new double[n];
        var unitsTr = new double[n];
        var lastClose = new double[n];
        var lastCloseIndex = new int[n];
        var held = new List<int>();
        var dates = new DateOnly[end - start + 1];
        var pr = new double[dates.Length];
        var tr = new double[dates.Length];
        var removals = new List<ConstituentRemoval>();
        var periods = new List<HoldingPeriod>();
        int next = 0;

        for (int t = start; t <= end; t++)
        {
            if (t > start)
            {
                foreach (int i in held)
                {
                    double c = universe.Close(i, t);
                    if (!double.IsNaN(c)) { lastClose[i] = c; lastCloseIndex[i] = t; }
                }
                ReinvestDividends(universe, t, held, unitsTr, lastClose);
                RemoveStale(universe, t, levels.MaxStaleDays, held, unitsPr, unitsTr, lastClose, lastCloseIndex, removals);
            }

            double levelPr = t == start ? levels.BaseValue : Value(held, unitsPr, lastClose);
            double levelTr = t == start ? levels.BaseValue : Value(held, unitsTr, lastClose);
            dates[t - start] = universe.Dates[t];
            pr[t - start] = levelPr;
            tr[t - start] = levelTr;

            if (next < rebalances.Count && rebalances[next].EffectiveIndex == t)
            {
                if (next > 0) periods.Add(ClosePeriod(universe, rebalances[next - 1], t, held, unitsPr, lastClose, levelPr));
                Array.Clear(unitsPr);
                Array.Clear(unitsTr);
                held.Clear();
                foreach (var (i, w) in rebalances[next].Weights)
                {
                    if (w == 0) continue;
                    (lastClose[i], lastCloseIndex[i]) = CarriedClose(universe, i, t);
                    unitsPr[i] = w * levelPr / lastClose[i];
                    unitsTr[i] = w * levelTr / lastClose[i];
                    held.Add(i);
                }
                next++;
            }
        }
        periods.Add(ClosePeriod(universe, rebalances[^1], end, held, unitsPr, lastClose, pr[^1]));

        return new IndexLevels(new LevelSeries(dates, pr), new LevelSeries((DateOnly[])dates.Clone(), tr), removals, periods);
    }

    private static void ReinvestDividends(Universe universe, int t, List<int> held, double[] unitsTr, double[] lastClose)
    {
        if (!universe.HasDividends) return;
        double cash = 0;
        foreach (int i in held) cash += unitsTr[i] * universe.Dividend(i, t);
        if (cash == 0) return;
        double scale = 1 + cash / Value(held, unitsTr, lastClose);
        foreach (int i in held) unitsTr[i] *= scale;
    }

    private static void RemoveStale(
        Universe universe, int t, int maxStaleDays, List<int> held, double[] unitsPr, double[] unitsTr,
        double[] lastClose, int[] lastCloseIndex, List<ConstituentRemoval> removals)
    {
        int staleCount = 0;
        foreach (int i in held)
            if (t - lastCloseIndex[i] > maxStaleDays) staleCount++;
        if (staleCount == 0 || staleCount == held.Count) return;

        double totalPr = Value(held, unitsPr, lastClose), totalTr = Value(held, unitsTr, lastClose);
        double removedPr = 0, removedTr = 0;
        foreach (int i in held)
            if (t - lastCloseIndex[i] > maxStaleDays)
            {
                removedPr += unitsPr[i] * lastClose[i];
                removedTr += unitsTr[i] * lastClose[i];
                removals.Add(new ConstituentRemoval(universe.Dates[t], t, i, universe.Securities[i].Id,
                    universe.Dates[lastCloseIndex[i]], lastClose[i], unitsPr[i] * lastClose[i] / totalPr));
                unitsPr[i] = 0;
                unitsTr[i] = 0;
            }
        held.RemoveAll(i => unitsPr[i] == 0);
        // Scaling the rest by the removed share of their own value keeps each level unchanged.
        double scalePr = 1 + removedPr / (totalPr - removedPr);
        double scaleTr = 1 + removedTr / (totalTr - removedTr);
        foreach (int i in held)
        {
            unitsPr[i] *= scalePr;
            unitsTr[i] *= scaleTr;
        }
    }

    private static double Value(List<int> held, double[] units, double[] lastClose)
    {
        double sum = 0;
        foreach (int i in held) sum += units[i] * lastClose[i];
        return sum;
    }

    private static HoldingPeriod ClosePeriod(
        Universe universe, IndexRebalance rebalance, int endIndex, List<int> held, double[] unitsPr, double[] lastClose, double level)
    {
        var drifted = new List<(int, double)>(held.Count);
        foreach (int i in held) drifted.Add((i, unitsPr[i] * lastClose[i] / level));
        drifted.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        var target = rebalance.Weights.Where(x => x.Weight != 0).OrderBy(x => x.Security).ToArray();
        return new HoldingPeriod(universe.Dates[rebalance.EffectiveIndex], rebalance.EffectiveIndex,
            universe.Dates[endIndex], endIndex, target, drifted);
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
            var seen = new HashSet<int>();
            double sum = 0;
            foreach (var (i, w) in r.Weights)
            {
                if (i < 0 || i >= universe.SecurityCount || !seen.Add(i))
                    throw new ArgumentException($"Rebalance {k}: security index {i} is out of range or repeated.", nameof(rebalances));
                if (!(w >= 0) || double.IsInfinity(w))
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Rebalance {k}: weight {w:R} of security {i} is not a finite weight >= 0."), nameof(rebalances));
                sum += w;
            }
            if (Math.Abs(sum - 1) > 1e-9)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Rebalance {k}: weights sum to {sum:R}, not 1."), nameof(rebalances));
        }
    }
}
