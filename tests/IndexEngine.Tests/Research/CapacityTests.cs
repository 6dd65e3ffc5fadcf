using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology.Research;
using IndexEngine.Core.Model;
using NUnit.Framework;

namespace IndexEngine.Tests.Research;

/// <summary>ADV, days of volume and the capacity AUM, computed by hand.</summary>
[TestFixture]
public sealed class CapacityTests
{
    // A: closes 10, 11, -, 12, 13 with volumes 100, 0, 50, 200, 100. B: never trades (volume 0). C: 20 × 1000 every day.
    private static Universe Build()
    {
        var securities = new[] { "A", "B", "C" }.Select(id => new Security(id, "Stock " + id, "Tech", "US", "common", 1e9)).ToArray();
        var dates = Enumerable.Range(0, 5).Select(d => new DateOnly(2017, 3, 6).AddDays(d)).ToArray();
        double[] close = [10, 11, double.NaN, 12, 13, 5, 5, 5, 5, 5, 20, 20, 20, 20, 20];
        double[] volume = [100, 0, 50, 200, 100, 0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000];
        return new Universe(securities, dates, close, volume, null, [], []);
    }

    [Test]
    public void Adv_is_the_mean_close_times_volume_over_the_days_that_traded_in_the_window()
    {
        var u = Build();
        // Days 4, 3, 2: 13·100 = 1300, 12·200 = 2400, no close on day 2 → (1300 + 2400) / 2.
        Assert.That(Capacity.Adv(u, 0, 4, 3), Is.EqualTo(1850.0));
        // A window reaching before the calendar takes the days there are: day 1 has no volume, day 0 10·100.
        Assert.That(Capacity.Adv(u, 0, 4, 10), Is.EqualTo((1300.0 + 2400 + 1000) / 3));
        Assert.That(Capacity.Adv(u, 0, 3, 1), Is.EqualTo(2400.0), "the window ends at the screening date, nothing after it");
        Assert.That(Capacity.Adv(u, 1, 4, 5), Is.NaN, "no trade in the window");
    }

    [Test]
    public void Days_of_adv_capacity_aum_and_the_largest_trade_per_rebalance()
    {
        var u = Build();
        var s3 = u.Dates[3];
        var s4 = u.Dates[4];
        var trades = new[]
        {
            new RebalanceTrades(s3, s3, true, [new SecurityTrade(0, 0.5), new SecurityTrade(2, 0.5)], 1.0),
            new RebalanceTrades(s4, s4, false, [new SecurityTrade(0, -0.25), new SecurityTrade(1, 0.05), new SecurityTrade(2, 0.2)], 0.5),
        };
        var result = Capacity.Analyse(u, trades, new CapacityConfig(Aum: 10_000, MaxAdvFraction: 0.2), advDays: 2);

        // Rebalance 1 (ADV over days 3, 2): A 2400, C 20000. A: 10000·0.5/2400 days, capacity 0.2·2400/0.5 = 960.
        var a1 = result.Trades[0];
        Assert.That((a1.Id, a1.TradedWeight, a1.Adv), Is.EqualTo(("A", 0.5, 2400.0)));
        Assert.That(a1.DaysOfAdv, Is.EqualTo(5000.0 / 2400).Within(1e-15));
        Assert.That(a1.CapacityAum, Is.EqualTo(960.0).Within(1e-12));
        Assert.That(result.Trades[1].CapacityAum, Is.EqualTo(0.2 * 20000 / 0.5).Within(1e-9));
        Assert.That(result.Rebalances[0], Is.EqualTo(new CapacityRebalance(s3, s3, true, 2, 0, "A", a1.DaysOfAdv, a1.CapacityAum)));

        // Rebalance 2 (ADV over days 4, 3): A (1300 + 2400) / 2 = 1850, B none, C 20000.
        var a2 = result.Trades[2];
        Assert.That((a2.Id, a2.TradedWeight, a2.Adv), Is.EqualTo(("A", 0.25, 1850.0)));
        Assert.That(a2.DaysOfAdv, Is.EqualTo(2500.0 / 1850).Within(1e-15));
        var b = result.Trades[3];
        Assert.That((b.Id, double.IsNaN(b.Adv), double.IsNaN(b.DaysOfAdv), double.IsNaN(b.CapacityAum)), Is.EqualTo(("B", true, true, true)));
        var r2 = result.Rebalances[1];
        Assert.That((r2.Trades, r2.WithoutVolume, r2.LargestId), Is.EqualTo((3, 1, "A")));
        Assert.That(r2.CapacityAum, Is.EqualTo(0.2 * 1850 / 0.25).Within(1e-12), "A's 148 is below C's 0.2·20000/0.2 = 20000");

        Assert.That(result.CapacityAum, Is.EqualTo(r2.CapacityAum), "the headline leaves out the initial build (960 would be larger anyway)");
        Assert.That((result.Aum, result.MaxAdvFraction, result.AdvDays), Is.EqualTo((10_000.0, 0.2, 2)));
    }

    [Test]
    public void Without_a_rebalance_after_the_initial_build_there_is_no_headline_capacity()
    {
        var u = Build();
        var trades = new[] { new RebalanceTrades(u.Dates[4], u.Dates[4], true, [new SecurityTrade(2, 1.0)], 1.0) };
        var result = Capacity.Analyse(u, trades, CapacityConfig.Default, advDays: 63);
        Assert.That(result.Rebalances[0].CapacityAum, Is.EqualTo(0.2 * 20000 / 1.0).Within(1e-9));
        Assert.That(result.CapacityAum, Is.NaN);
    }
}
