using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using NUnit.Framework;

namespace IndexEngine.Tests.Methodology;

/// <summary>
/// METHODOLOGY §11, hand-computed: which dated metrics row a screening date uses, and the market cap drifted
/// by price from the row's date. The calendar is the builder's weekdays from Wednesday 2020-01-01:
/// index 0 = Wed 01-01, 1 = Thu 01-02, 2 = Fri 01-03, 3 = Mon 01-06, 4 = Tue 01-07, 5 = Wed 01-08,
/// 6 = Thu 01-09, 7 = Fri 01-10 (S in most cases below).
/// </summary>
[TestFixture]
public sealed class PointInTimeViewTests
{
    private const int S = 7; // Friday 2020-01-10
    private static readonly DateOnly ScreeningDate = new(2020, 1, 10);

    private static ScreeningView View(TestUniverseBuilder builder, int screening = S, int maxAgeDays = 400) =>
        new(builder.Build(), screening, TestConfigs.Technical(), new MetricsConfig(maxAgeDays));

    private static TestUniverseBuilder Calendar() => new(10);

    [Test]
    public void The_latest_row_on_or_before_S_is_used_and_a_later_row_has_no_influence()
    {
        var builder = Calendar().AddSecurity("A").FlatPrices("A")
            .DatedRow("A", new DateOnly(2019, 1, 1), 5e9, ("ey", 1))
            .DatedRow("A", new DateOnly(2020, 1, 6), 6e9, ("ey", 2))
            .DatedRow("A", new DateOnly(2020, 1, 10), 7e9, ("ey", 3)) // on S itself: known at S
            .DatedRow("A", new DateOnly(2020, 1, 13), 8e9, ("ey", 4)); // after S
        var atS = View(builder);
        var dayBefore = View(builder, screening: 6); // Thursday 2020-01-09
        atS.TryGetMetricColumn("ey", out int ey);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(atS.Metric(0, ey), Is.EqualTo(3));
            Assert.That(atS.MetricAgeDays(0), Is.EqualTo(0));
            Assert.That(atS.Securities[0].MarketCap, Is.EqualTo(7e9)); // flat prices: no drift
            Assert.That(dayBefore.Metric(0, ey), Is.EqualTo(2));
            Assert.That(dayBefore.MetricAgeDays(0), Is.EqualTo(3));
            Assert.That(dayBefore.Securities[0].MarketCap, Is.EqualTo(6e9));
        }
    }

    [Test]
    public void A_row_exactly_max_age_days_old_is_used_and_one_a_day_older_is_not()
    {
        // 2020-01-10 minus 400 days is 2018-12-06 (2019-01-10 is 365 days back, 35 more days).
        var builder = Calendar()
            .AddSecurity("EXACT").FlatPrices("EXACT").DatedRow("EXACT", new DateOnly(2018, 12, 6), 5e9, ("ey", 0.1))
            .AddSecurity("OLD").FlatPrices("OLD").DatedRow("OLD", new DateOnly(2018, 12, 5), 5e9, ("ey", 0.2));
        var view = View(builder);
        view.TryGetMetricColumn("ey", out int ey);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ScreeningDate.DayNumber - new DateOnly(2018, 12, 6).DayNumber, Is.EqualTo(400));
            Assert.That(view.MetricAgeDays(0), Is.EqualTo(400));
            Assert.That(view.Metric(0, ey), Is.EqualTo(0.1));
            Assert.That(view.Securities[0].MarketCap, Is.EqualTo(5e9));
            // The only row of OLD is too old: all its metrics and its cap are missing, so it is not eligible (§3.4).
            Assert.That(view.MetricAgeDays(1), Is.Null);
            Assert.That(view.Metric(1, ey), Is.NaN);
            Assert.That(view.Securities[1].MarketCap, Is.NaN);
            Assert.That(View(builder, maxAgeDays: 401).Metric(1, ey), Is.EqualTo(0.2));
        }
    }

    [Test]
    public void An_only_too_old_row_makes_the_security_ineligible_for_its_market_cap()
    {
        var builder = Calendar().AddSecurity("OLD").FlatPrices("OLD", close: 100, volume: 1e6)
            .DatedRow("OLD", new DateOnly(2018, 1, 1), 5e9, ("ey", 0.2));
        // Liquidity over the 8 days the calendar has so far (100 × 1,000,000 a day), history needs 1 return.
        var liquidity = new EligibilityConfig(["US"], ["common"], 1_000_000, AdvDays: 8, AdvPeriods: 1);
        var failures = Eligibility.Screen(View(builder, maxAgeDays: 400), liquidity, [252], 1);
        Assert.That(failures[0], Is.EqualTo(EligibilityFailure.MarketCap));
    }

    [Test]
    public void An_empty_field_in_the_row_used_is_missing_never_filled_from_an_older_row()
    {
        var builder = Calendar().AddSecurity("A").FlatPrices("A")
            .DatedRow("A", new DateOnly(2020, 1, 2), 5e9, ("ey", 1), ("roe", 0.15))
            .DatedRow("A", new DateOnly(2020, 1, 8), 5e9, ("ey", 2)); // roe empty in the newer row
        var view = View(builder);
        view.TryGetMetricColumn("ey", out int ey);
        view.TryGetMetricColumn("roe", out int roe);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(view.Metric(0, ey), Is.EqualTo(2));
            Assert.That(view.Metric(0, roe), Is.NaN);
        }
    }

    [Test]
    public void An_empty_market_cap_in_the_row_used_is_missing()
    {
        var builder = Calendar().AddSecurity("A", marketCap: 9e9).FlatPrices("A")
            .DatedRow("A", new DateOnly(2020, 1, 2), 5e9, ("ey", 1))
            .DatedRow("A", new DateOnly(2020, 1, 8), double.NaN, ("ey", 2));
        Assert.That(View(builder).Securities[0].MarketCap, Is.NaN);
    }

    [Test]
    public void The_cap_drifts_with_the_price_from_the_last_trading_day_on_or_before_a_weekend_row_date()
    {
        // Row dated Saturday 2020-01-04: close(i, d) is Friday 01-03's close 10; close at S is 12.
        var builder = Calendar().AddSecurity("A").Closes("A", t => t == 2 ? 10 : t == S ? 12 : 11).Volumes("A", _ => 1e6)
            .DatedRow("A", new DateOnly(2020, 1, 4), 100e9, ("ey", 1));
        Assert.That(View(builder).Securities[0].MarketCap, Is.EqualTo(100e9 * 12 / 10));
    }

    [Test]
    public void A_missing_close_on_the_row_date_falls_back_up_to_five_trading_days()
    {
        // No close on Friday 01-03 (index 2): Thursday's 8 is used, 100 × 12 / 8 = 150.
        var builder = Calendar().AddSecurity("A").Closes("A", t => t switch { 1 => 8, 2 => double.NaN, S => 12, _ => 11 }).Volumes("A", _ => 1e6)
            .DatedRow("A", new DateOnly(2020, 1, 3), 100, ("ey", 1));
        Assert.That(View(builder).Securities[0].MarketCap, Is.EqualTo(150));
    }

    [Test]
    public void Without_a_close_near_the_row_date_or_at_S_the_cap_is_used_undrifted()
    {
        var builder = Calendar()
            // First close on Wednesday 01-08: nothing on or within 5 days before Friday 01-03.
            .AddSecurity("LATE").Closes("LATE", t => t >= 5 ? 12 : double.NaN).Volumes("LATE", _ => 1e6)
            .DatedRow("LATE", new DateOnly(2020, 1, 3), 100, ("ey", 1))
            // Last close on Wednesday 01-01: more than 5 trading days before S.
            .AddSecurity("STOPPED").Closes("STOPPED", t => t == 0 ? 12 : double.NaN).Volumes("STOPPED", _ => 1e6)
            .DatedRow("STOPPED", new DateOnly(2020, 1, 1), 200, ("ey", 1))
            // A row dated before the first day of the calendar.
            .AddSecurity("EARLY").Closes("EARLY", t => 10 + t).Volumes("EARLY", _ => 1e6)
            .DatedRow("EARLY", new DateOnly(2019, 12, 1), 300, ("ey", 1));
        var caps = View(builder).Securities.Select(s => s.MarketCap).ToArray();
        Assert.That(caps, Is.EqualTo(new[] { 300.0, 100.0, 200.0 })); // ids in order EARLY, LATE, STOPPED
    }

    [Test]
    public void Without_a_market_cap_column_the_security_master_cap_is_used()
    {
        var builder = Calendar().AddSecurity("A", marketCap: 9e9).FlatPrices("A")
            .DatedRow("A", new DateOnly(2020, 1, 2), double.NaN, ("ey", 1));
        var view = View(builder);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(view.HasDatedMetrics, Is.True);
            Assert.That(view.Securities[0].MarketCap, Is.EqualTo(9e9));
        }
    }

    [Test]
    public void Prices_after_S_cannot_be_read_through_the_view()
    {
        var view = View(Calendar().AddSecurity("A").Closes("A", t => 10 + t).Volumes("A", _ => 1e6));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(view.Closes(0).Length, Is.EqualTo(S + 1));
            Assert.That(view.Volumes(0).Length, Is.EqualTo(S + 1));
            Assert.That(view.TradingDate(S), Is.EqualTo(ScreeningDate));
            Assert.Throws<ArgumentOutOfRangeException>(() => view.TradingDate(S + 1));
        }
    }
}
