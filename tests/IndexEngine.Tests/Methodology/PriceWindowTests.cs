using IndexEngine.Core.Model;
using IndexEngine.Data.Configuration;
using NUnit.Framework;

namespace IndexEngine.Tests.Methodology;

/// <summary>The price window of a run, resolved by hand on a small calendar: the 20 weekdays 2017-01-02..2017-01-27
/// (index 0 = Mon 2 Jan, 14 = Fri 20 Jan, 19 = Fri 27 Jan).</summary>
[TestFixture]
public sealed class PriceWindowTests
{
    private static readonly DateOnly[] Calendar = Enumerable.Range(0, 26)
        .Select(k => new DateOnly(2017, 1, 2).AddDays(k))
        .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
        .ToArray();

    private static DateOnly D(int day) => new(2017, 1, day);

    [Test]
    public void TheCalendarIsTheTwentyWeekdays()
    {
        Assert.That(Calendar, Has.Length.EqualTo(20));
        Assert.That(Array.IndexOf(Calendar, D(20)), Is.EqualTo(14));
    }

    [Test]
    public void TradingDaysBeforeTheScreeningDateThenTheFallback()
    {
        // 14 - 5 - 2 = 7 .. 14
        Assert.That(new PriceWindow(D(20), null, 5, 0, 2, 0).Resolve(Calendar), Is.EqualTo((7, 14)));
    }

    [Test]
    public void AScreeningDateOnAWeekendIsTheTradingDayBefore()
    {
        Assert.That(new PriceWindow(D(22), D(22), 5, 0, 2, 0).Resolve(Calendar), Is.EqualTo((7, 14)));
    }

    [Test]
    public void TheMetricsAgeLimitReachesFurtherBackInCalendarDays()
    {
        // 20 Jan - 14 days = Fri 6 Jan (index 4), earlier than 14 - 5 = 9; then the fallback: 4 - 2 = 2.
        Assert.That(new PriceWindow(D(20), null, 5, 14, 2, 0).Resolve(Calendar), Is.EqualTo((2, 14)));
        // 20 Jan - 15 days = Thu 5 Jan (index 3); on a Sunday (8 Jan, 12 days) the Friday before (index 4).
        Assert.That(new PriceWindow(D(20), null, 5, 15, 0, 0).Resolve(Calendar), Is.EqualTo((3, 14)));
        Assert.That(new PriceWindow(D(20), null, 5, 12, 0, 0).Resolve(Calendar), Is.EqualTo((4, 14)));
        // Shorter than the trading-day look-back: no effect.
        Assert.That(new PriceWindow(D(20), null, 5, 3, 0, 0).Resolve(Calendar), Is.EqualTo((9, 14)));
    }

    [Test]
    public void WithoutAScreeningDateTheWindowEndsAtTheLastDateAndClampsAtTheFirst()
    {
        Assert.That(new PriceWindow(null, null, 3, 0, 1, 0).Resolve(Calendar), Is.EqualTo((15, 19)));
        Assert.That(new PriceWindow(null, null, 30, 0, 5, 0).Resolve(Calendar), Is.EqualTo((0, 19)));
    }

    [Test]
    public void ABacktestReadsToItsEndAndTheDaysAfterIt()
    {
        // From 10 Jan (index 6) back 2 and 1: 3; to 24 Jan (index 16) and 2 days after: 18.
        Assert.That(new PriceWindow(D(10), D(24), 2, 0, 1, 2).Resolve(Calendar), Is.EqualTo((3, 18)));
        Assert.That(new PriceWindow(D(10), D(24), 2, 0, 1, 10).Resolve(Calendar), Is.EqualTo((3, 19)));
    }

    [Test]
    public void DatesOutsideTheCalendarAreClampedToIt()
    {
        Assert.That(new PriceWindow(new DateOnly(2016, 12, 1), null, 5, 400, 5, 0).Resolve(Calendar), Is.EqualTo((0, 0)));
        Assert.That(new PriceWindow(new DateOnly(2017, 3, 1), new DateOnly(2017, 3, 1), 2, 0, 0, 0).Resolve(Calendar), Is.EqualTo((17, 19)));
    }

    [Test]
    public void ARebalanceWindowComesFromTheConfigsLookBacks()
    {
        var config = ConfigLoader.Load(null, []);
        // technical.window 252, momentum 21/252/126, adv_days 63: 252 trading days; metrics.max_age_days 400; fallback 5.
        Assert.That(PriceWindow.ForRebalance(config, D(20)), Is.EqualTo(new PriceWindow(D(20), D(20), 252, 400, 5, 0)));
        var longLiquidity = ConfigLoader.Load(null, ["eligibility.adv_days=300", "eligibility.adv_periods=3", "technical.close_fallback_days=2"]);
        Assert.That(PriceWindow.ForRebalance(longLiquidity, null), Is.EqualTo(new PriceWindow(null, null, 299, 400, 2, 0)));
        var longMomentum = ConfigLoader.Load(null, ["technical.momentum_long=300", "metrics.max_age_days=30"]);
        Assert.That(PriceWindow.ForRebalance(longMomentum, null), Is.EqualTo(new PriceWindow(null, null, 300, 30, 5, 0)));
    }

    [Test]
    public void ABacktestWindowAddsTheLongestForwardReturnHorizon()
    {
        var config = ConfigLoader.Load(null, []);
        Assert.That(PriceWindow.ForBacktest(config, D(3), D(20)), Is.EqualTo(new PriceWindow(D(3), D(20), 252, 400, 5, 252)));
    }

    [Test]
    public void ASweepsWindowTakesEachLookBackAtItsLongestAcrossTheVariants()
    {
        var longMomentum = ConfigLoader.Load(null, ["technical.momentum_long=300", "metrics.max_age_days=30"]);
        var shortFallback = ConfigLoader.Load(null, ["technical.close_fallback_days=2", "metrics.max_age_days=500"]);
        // 300 trading days of momentum from the first, 500 days of metrics age from the second, the default fallback of 5
        // from the first, and the forward-return horizon of both.
        var covering = PriceWindow.ForBacktests([longMomentum, shortFallback], D(3), D(20));
        Assert.That(covering, Is.EqualTo(new PriceWindow(D(3), D(20), 300, 500, 5, 252)));

        Assert.That(() => PriceWindow.ForBacktests([], D(3), D(20)), Throws.ArgumentException);
    }

    [Test]
    public void AUniverseWindowMustBeAContiguousRangeOfItsCalendar()
    {
        var security = new Security("A", "A", "Energy", "US", "common", 1e9);
        Universe Make(DateOnly[] dates) => new([security], dates, new double[dates.Length], new double[dates.Length], null,
            MetricTable.Undated(1, [], []), null, Calendar);
        var window = Make(Calendar[3..8]);
        Assert.That(window.CalendarOffset, Is.EqualTo(3));
        Assert.That(window.IsWhole, Is.False);
        Assert.That(window.CalendarIndexOf(D(20)), Is.EqualTo(14));
        Assert.Throws<ArgumentException>(() => Make([Calendar[3], Calendar[5]]));
        Assert.Throws<ArgumentException>(() => Make([D(21)]));
    }
}
