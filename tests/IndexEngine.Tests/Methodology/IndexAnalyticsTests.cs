using IndexEngine.Core.Methodology;
using NUnit.Framework;

namespace IndexEngine.Tests.Methodology;

/// <summary>METHODOLOGY §8: size deciles, the large/mid/small mix, turnover, adds and drops.</summary>
[TestFixture]
public sealed class IndexAnalyticsTests
{
    [Test]
    public void Deciles_of_23_holdings_have_sizes_3_3_3_2_2_2_2_2_2_2()
    {
        // Holdings k = 1..23 with market cap k × 1e9 and weight k / 276 (1 + ... + 23 = 276), given smallest first.
        var holdings = Enumerable.Range(1, 23).Select(k => ($"s{k:D2}", k * 1e9, k / 276.0)).ToArray();
        var deciles = IndexAnalytics.Deciles(holdings);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(deciles.Select(d => d.Count), Is.EqualTo(new[] { 3, 3, 3, 2, 2, 2, 2, 2, 2, 2 }));
            Assert.That(deciles.Select(d => d.Decile), Is.EqualTo(Enumerable.Range(1, 10)));
            // Decile 1: caps 23, 22, 21 -> weight 66/276; decile 4: 14, 13 -> 27/276; decile 10: 2, 1 -> 3/276.
            Assert.That(deciles[0].Weight, Is.EqualTo(66 / 276.0).Within(1e-15));
            Assert.That(deciles[0].MaxMarketCap, Is.EqualTo(23e9));
            Assert.That(deciles[0].MinMarketCap, Is.EqualTo(21e9));
            Assert.That(deciles[3].Weight, Is.EqualTo(27 / 276.0).Within(1e-15));
            Assert.That(deciles[9].Weight, Is.EqualTo(3 / 276.0).Within(1e-15));
            Assert.That(deciles[9].MinMarketCap, Is.EqualTo(1e9));
            Assert.That(deciles.Sum(d => d.Weight), Is.EqualTo(1.0).Within(1e-15));
        }
    }

    [Test]
    public void Deciles_break_market_cap_ties_by_id()
    {
        // 11 holdings of equal cap: the first decile holds the 2 smallest ids.
        var holdings = Enumerable.Range(0, 11).Reverse().Select(k => ($"id{k:D2}", 1e9, k == 0 ? 0.5 : 0.05)).ToArray();
        var deciles = IndexAnalytics.Deciles(holdings);
        Assert.That(deciles[0].Count, Is.EqualTo(2));
        Assert.That(deciles[0].Weight, Is.EqualTo(0.55).Within(1e-15)); // id00 (0.5) + id01 (0.05)
    }

    [Test]
    public void Size_buckets_put_exactly_10e9_and_exactly_2e9_in_mid()
    {
        (string, double, double)[] holdings =
        [
            ("large", 10e9 + 1, 0.1), ("mid_top", 10e9, 0.2), ("mid", 5e9, 0.3), ("mid_bottom", 2e9, 0.15), ("small", 2e9 - 1, 0.25),
        ];
        var mix = IndexAnalytics.SizeMix(holdings).ToDictionary(b => b.Name);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(mix["large"].Count, Is.EqualTo(1));
            Assert.That(mix["large"].Weight, Is.EqualTo(0.1));
            Assert.That(mix["mid"].Count, Is.EqualTo(3));
            Assert.That(mix["mid"].Weight, Is.EqualTo(0.65).Within(1e-15));
            Assert.That(mix["small"].Count, Is.EqualTo(1));
            Assert.That(mix["small"].Weight, Is.EqualTo(0.25));
        }
    }

    [Test]
    public void Turnover_adds_and_drops()
    {
        var previous = new Dictionary<string, double> { ["a"] = 0.5, ["b"] = 0.5 };
        var next = new Dictionary<string, double> { ["a"] = 0.4, ["c"] = 0.6 };
        // 0.5 × (|0.4 - 0.5| + |0 - 0.5| + |0.6 - 0|) = 0.5 × 1.2 = 0.6
        Assert.That(IndexAnalytics.Turnover(previous, next), Is.EqualTo(0.6).Within(1e-15));
        Assert.That(IndexAnalytics.Turnover(previous, new Dictionary<string, double>(previous)), Is.Zero, "an unchanged index");

        var (adds, drops) = IndexAnalytics.Changes(previous, next);
        Assert.That(adds, Is.EqualTo(new[] { new WeightChange("c", 0, 0.6) }));
        Assert.That(drops, Is.EqualTo(new[] { new WeightChange("b", 0.5, 0) }));
    }
}
