using IndexEngine.Core.Methodology;
using NUnit.Framework;

namespace IndexEngine.Tests.Methodology;

/// <summary>METHODOLOGY §3: country/type, liquidity (3 × 21-day ADV), history (200 returns) and market cap screens.</summary>
[TestFixture]
public sealed class EligibilityTests
{
    private const int Days = 260;
    private const int S = Days - 1; // screening on the last day

    private static EligibilityFailure[] Screen(TestUniverseBuilder builder)
    {
        var history = new ScreeningView(builder.Build(), S, TestConfigs.Technical());
        var returns = ReturnMatrix.ForAll(history);
        var counts = Enumerable.Range(0, returns.Count).Select(returns.CountAvailable).ToArray();
        return Eligibility.Screen(history, TestConfigs.Eligibility(), counts, 200);
    }

    private static bool IsLiquid(Func<int, double> volumeOnDayK, double close = 10)
    {
        // Days are given as k = trading days before S; the three 21-day periods are k = 0..20, 21..41, 42..62.
        var builder = new TestUniverseBuilder(Days).AddSecurity("X").Closes("X", _ => close).Volumes("X", t => volumeOnDayK(S - t));
        var history = new ScreeningView(builder.Build(), S, TestConfigs.Technical());
        return Eligibility.IsLiquid(history, 0, TestConfigs.Eligibility());
    }

    [Test]
    public void Exactly_200_returns_in_the_window_pass_and_199_fail()
    {
        // Closes on days S-200..S give 201 closes and 200 returns (the first close has no previous one, and
        // nothing within 5 days before it); closes on S-199..S give 199 returns.
        var builder = new TestUniverseBuilder(Days)
            .AddSecurity("H199").Closes("H199", t => t >= S - 199 ? 10 + 0.01 * t : double.NaN).Volumes("H199", _ => 200_000)
            .AddSecurity("H200").Closes("H200", t => t >= S - 200 ? 10 + 0.01 * t : double.NaN).Volumes("H200", _ => 200_000);
        var history = new ScreeningView(builder.Build(), S, TestConfigs.Technical());
        var returns = ReturnMatrix.ForAll(history);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(returns.CountAvailable(0), Is.EqualTo(199));
            Assert.That(returns.CountAvailable(1), Is.EqualTo(200));
            Assert.That(Screen(builder), Is.EqualTo(new[] { EligibilityFailure.History, EligibilityFailure.None }));
        }
    }

    [Test]
    public void A_period_with_no_trades_fails()
    {
        // Volume 0 on every day of the middle period (k = 21..41): it has no trades even though close × volume
        // would average above 1,000,000 over the 63 days as a whole if it were one period.
        Assert.That(IsLiquid(k => k is >= 21 and <= 41 ? 0 : 500_000), Is.False);
        // Shift the dry spell by one day (k = 22..42): the middle period keeps day k = 21 with 10 × 500,000 = 5,000,000.
        Assert.That(IsLiquid(k => k is >= 22 and <= 42 ? 0 : 500_000), Is.True);
        // Days with a close but an empty volume field are not trades either.
        Assert.That(IsLiquid(k => k is >= 42 and <= 62 ? double.NaN : 500_000), Is.False);
    }

    [Test]
    public void Mean_daily_value_traded_must_reach_one_million_in_every_period()
    {
        // Close 10 × volume 100,000 = 1,000,000 on every day: exactly the minimum, which passes ("at least").
        Assert.That(IsLiquid(_ => 100_000), Is.True);
        // One day of the last period at 99,999 shares: (20 × 1,000,000 + 999,990) / 21 = 999,999.52 < 1,000,000.
        Assert.That(IsLiquid(k => k == 50 ? 99_999 : 100_000), Is.False);
        // One day at 100,001 shares instead: (20 × 1,000,000 + 1,000,010) / 21 = 1,000,000.48 >= 1,000,000.
        Assert.That(IsLiquid(k => k == 50 ? 100_001 : 100_000), Is.True);
        // A higher mean elsewhere does not rescue a weak period: period 1 at 10 × 99,999 every day fails.
        Assert.That(IsLiquid(k => k <= 20 ? 99_999 : 1_000_000), Is.False);
    }

    [Test]
    public void Days_without_trades_are_left_out_of_the_mean()
    {
        // In each period one day trades 150,000 × 10 = 1,500,000 and the other 20 days trade 0 shares:
        // the mean over traded days is 1,500,000 (pass); counting the zero days it would be 71,428.57 (fail).
        Assert.That(IsLiquid(k => k % 21 == 7 ? 150_000 : 0), Is.True);
        // Days with no price row (NaN volume) are left out the same way.
        Assert.That(IsLiquid(k => k % 21 == 7 ? 150_000 : double.NaN), Is.True);
        // The same single day at 99,000 shares: 990,000 < 1,000,000.
        Assert.That(IsLiquid(k => k % 21 == 7 ? 99_000 : 0), Is.False);
    }

    [Test]
    public void Country_type_and_market_cap_screens()
    {
        var builder = new TestUniverseBuilder(Days)
            .AddSecurity("A_us_common").FlatPrices("A_us_common")
            .AddSecurity("B_ca_common", country: "CA").FlatPrices("B_ca_common")
            .AddSecurity("C_us_adr", type: "adr").FlatPrices("C_us_adr")
            .AddSecurity("D_us_reit", type: "reit").FlatPrices("D_us_reit")
            .AddSecurity("E_us_tracking", type: "tracking").FlatPrices("E_us_tracking")
            .AddSecurity("F_us_holding", type: "holding").FlatPrices("F_us_holding")
            .AddSecurity("G_cap_missing", marketCap: double.NaN).FlatPrices("G_cap_missing")
            .AddSecurity("H_cap_zero", marketCap: 0).FlatPrices("H_cap_zero")
            .AddSecurity("I_cap_negative", marketCap: -1e9).FlatPrices("I_cap_negative")
            .AddSecurity("J_ca_no_cap_illiquid", country: "CA", marketCap: double.NaN).FlatPrices("J_ca_no_cap_illiquid", volume: 1_000);

        Assert.That(Screen(builder), Is.EqualTo(new[]
        {
            EligibilityFailure.None,
            EligibilityFailure.CountryOrType,
            EligibilityFailure.CountryOrType,
            EligibilityFailure.None,
            EligibilityFailure.None,
            EligibilityFailure.None,
            EligibilityFailure.MarketCap,
            EligibilityFailure.MarketCap,
            EligibilityFailure.MarketCap,
            // every failed screen is recorded, not only the first
            EligibilityFailure.CountryOrType | EligibilityFailure.Liquidity | EligibilityFailure.MarketCap,
        }));
    }

    private static string[] Reasons(TestUniverseBuilder builder, int screening, int minObservations = 200)
    {
        var history = new ScreeningView(builder.Build(), screening, TestConfigs.Technical());
        var returns = ReturnMatrix.ForAll(history);
        var counts = Enumerable.Range(0, returns.Count).Select(returns.CountAvailable).ToArray();
        var failures = Eligibility.Screen(history, TestConfigs.Eligibility(), counts, minObservations);
        return Enumerable.Range(0, failures.Length)
            .Select(i => string.Join("; ", Eligibility.Reasons(history, TestConfigs.Eligibility(), i, failures[i], counts[i], minObservations)))
            .ToArray();
    }

    [Test]
    public void Reasons_name_every_failed_screen_with_its_numbers()
    {
        var builder = new TestUniverseBuilder(Days)
            .AddSecurity("A_ok").FlatPrices("A_ok", volume: 100_000)
            // Period 2 (k = 21..41) at 10 x 81,234.52 = 812,345.2 a day.
            .AddSecurity("B_thin").Closes("B_thin", _ => 10).Volumes("B_thin", t => S - t is >= 21 and <= 41 ? 81_234.52 : 100_000)
            .AddSecurity("C_everything", country: "CA", type: "adr", marketCap: double.NaN)
            .Closes("C_everything", _ => 10).Volumes("C_everything", t => S - t is >= 42 and <= 62 ? 0 : 100_000)
            // Closes from S-150 on: 150 returns in W.
            .AddSecurity("D_young", marketCap: -5).Closes("D_young", t => t >= S - 150 ? 10 : double.NaN).Volumes("D_young", _ => 100_000)
            // 10 x 99,999.9996 = 999,999.996: rounded to two decimals it would read 1000000, which is not below the minimum.
            .AddSecurity("E_just_short").Closes("E_just_short", _ => 10).Volumes("E_just_short", t => S - t <= 20 ? 99_999.9996 : 100_000);
        var d = builder.Dates;
        string Period(int number, int newestK, int oldestK) => $"period {number} of 3 ({d[S - oldestK]:yyyy-MM-dd}..{d[S - newestK]:yyyy-MM-dd})";

        Assert.That(Reasons(builder, S), Is.EqualTo(new[]
        {
            "",
            $"liquidity: {Period(2, 21, 41)} mean close*volume 812345.2 < eligibility.min_adv 1000000",
            "country 'CA' not in eligibility.countries [US]; security_type 'adr' not in eligibility.types [common, reit, tracking, holding]; " +
            $"liquidity: {Period(3, 42, 62)} has no trades; no market cap",
            "history: 150 returns in W (252 days) < technical.min_observations 200; market_cap -5 not positive",
            $"liquidity: {Period(1, 0, 20)} mean close*volume 999999.99 < eligibility.min_adv 1000000",
        }));
        // The periods are those of the screen: 2020-01-01 is a Wednesday and the calendar has weekdays only.
        Assert.That(d[S], Is.EqualTo(new DateOnly(2020, 12, 29)));
        Assert.That(Period(1, 0, 20), Is.EqualTo("period 1 of 3 (2020-12-01..2020-12-29)"));
    }

    [Test]
    public void Reasons_say_when_a_period_is_cut_or_wholly_before_the_calendar()
    {
        // 30 days: period 1 is k = 0..20 (days 9..29), period 2 has only days 0..8, period 3 lies before day 0.
        // Period 2 trades 10 x 50,000 = 500,000 a day.
        var builder = new TestUniverseBuilder(30).AddSecurity("X").Closes("X", _ => 10).Volumes("X", t => t <= 8 ? 50_000 : 100_000);
        var d = builder.Dates;
        Assert.That(Reasons(builder, 29, minObservations: 2), Is.EqualTo(new[]
        {
            $"liquidity: period 2 of 3 ({d[0]:yyyy-MM-dd}..{d[8]:yyyy-MM-dd}) mean close*volume 500000 < eligibility.min_adv 1000000; " +
            "liquidity: period 3 of 3 (before the first price date) has no trades",
        }));
    }
}
