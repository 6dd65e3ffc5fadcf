using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology;

/// <summary>One size decile: constituents ranked by market cap, their count and total weight.</summary>
public sealed record DecileWeight(int Decile, int Count, double Weight, double MinMarketCap, double MaxMarketCap);

/// <summary>One cap-size bucket (§8: large > 10e9, mid 2e9..10e9, small &lt; 2e9 USD).</summary>
public sealed record SizeBucket(string Name, int Count, double Weight);

/// <summary>A change of membership or weight between the current index and the new one.</summary>
public sealed record WeightChange(string Id, double PreviousWeight, double NewWeight);

/// <summary>METHODOLOGY §8 descriptive figures of a weighted index: size deciles, cap-size mix, turnover.</summary>
public static class IndexAnalytics
{
    public const double LargeCapFloor = 10e9;
    public const double MidCapFloor = 2e9;

    /// <summary>The cap weights of a set of securities (the starting universe's own market-cap index).</summary>
    public static double[] CapWeights(IReadOnlyList<Security> securities)
    {
        double total = 0;
        foreach (var s in securities) total += s.MarketCap;
        var weights = new double[securities.Count];
        for (int k = 0; k < weights.Length; k++) weights[k] = securities[k].MarketCap / total;
        return weights;
    }

    /// <summary>
    /// Holdings by market cap descending (ties: id ↑) cut into 10 groups whose sizes differ by at most one,
    /// the larger groups first. With fewer than 10 holdings the trailing groups are empty.
    /// </summary>
    public static IReadOnlyList<DecileWeight> Deciles(IReadOnlyList<(string Id, double MarketCap, double Weight)> holdings)
    {
        var ordered = holdings.ToArray();
        Array.Sort(ordered, (a, b) => StartingUniverse.BySize(a.MarketCap, a.Id, b.MarketCap, b.Id));
        int n = ordered.Length, baseSize = n / 10, larger = n % 10, start = 0;
        var deciles = new List<DecileWeight>(10);
        for (int d = 0; d < 10; d++)
        {
            int size = baseSize + (d < larger ? 1 : 0);
            var group = ordered.AsSpan(start, size);
            double weight = 0;
            foreach (var h in group) weight += h.Weight;
            deciles.Add(new DecileWeight(d + 1, size, weight,
                size > 0 ? group[^1].MarketCap : double.NaN,
                size > 0 ? group[0].MarketCap : double.NaN));
            start += size;
        }
        return deciles;
    }

    public static IReadOnlyList<SizeBucket> SizeMix(IReadOnlyList<(string Id, double MarketCap, double Weight)> holdings)
    {
        (string Name, Func<double, bool> Contains)[] buckets =
        [
            ("large", cap => cap > LargeCapFloor),
            ("mid", cap => cap >= MidCapFloor && cap <= LargeCapFloor),
            ("small", cap => cap < MidCapFloor),
        ];
        return buckets.Select(b =>
        {
            var members = holdings.Where(h => b.Contains(h.MarketCap)).ToArray();
            return new SizeBucket(b.Name, members.Length, members.Sum(h => h.Weight));
        }).ToArray();
    }

    /// <summary>One-way turnover 0.5 × sum |w_new - w_prev| over the union of both indexes.</summary>
    public static double Turnover(IReadOnlyDictionary<string, double> previous, IReadOnlyDictionary<string, double> next) =>
        Turnover(previous.Select(p => (p.Key, p.Value)), next.Select(p => (p.Key, p.Value)), StringComparer.Ordinal);

    /// <summary>
    /// One-way turnover over holdings keyed any way (ids, or security indices in the level calculator),
    /// summed in key order so that the result never depends on the order the holdings come in.
    /// </summary>
    public static double Turnover<TKey>(
        IEnumerable<(TKey Key, double Weight)> previous, IEnumerable<(TKey Key, double Weight)> next, IComparer<TKey>? order = null)
        where TKey : notnull
    {
        var change = new SortedDictionary<TKey, double>(order ?? Comparer<TKey>.Default);
        foreach (var (key, w) in previous) change[key] = change.GetValueOrDefault(key) - w;
        foreach (var (key, w) in next) change[key] = change.GetValueOrDefault(key) + w;
        double sum = 0;
        foreach (var d in change.Values) sum += Math.Abs(d);
        return 0.5 * sum;
    }

    public static (IReadOnlyList<WeightChange> Adds, IReadOnlyList<WeightChange> Drops) Changes(
        IReadOnlyDictionary<string, double> previous, IReadOnlyDictionary<string, double> next)
    {
        var adds = next.Keys.Where(id => !previous.ContainsKey(id)).Order(StringComparer.Ordinal)
            .Select(id => new WeightChange(id, 0, next[id])).ToArray();
        var drops = previous.Keys.Where(id => !next.ContainsKey(id)).Order(StringComparer.Ordinal)
            .Select(id => new WeightChange(id, previous[id], 0)).ToArray();
        return (adds, drops);
    }
}
