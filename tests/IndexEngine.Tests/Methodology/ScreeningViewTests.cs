using IndexEngine.Core.Methodology;
using NUnit.Framework;

namespace IndexEngine.Tests.Methodology;

/// <summary>METHODOLOGY §2: close(i, k) with its 5-day fallback, daily returns with dividends, the window W.</summary>
[TestFixture]
public sealed class ScreeningViewTests
{
    // A 5-day window keeps the hand arithmetic short; the fallback is the default 5 trading days.
    private static readonly Core.Configuration.TechnicalConfig SmallWindow =
        TestConfigs.Technical(window: 5, minObservations: 3, momentumSkip: 1, momentumLong: 4, momentumShort: 2);

    [Test]
    public void Close_falls_back_up_to_five_trading_days_and_is_missing_at_six()
    {
        // Closes 100..109 on days 0..9, nothing on days 10..15, a close on day 16 (after S = 15).
        var builder = new TestUniverseBuilder(20).AddSecurity("X").Closes("X", t => t <= 9 ? 100 + t : double.NaN).Close("X", 16, 500);
        var history = new ScreeningView(builder.Build(), 15, SmallWindow);

        using (Assert.EnterMultipleScope())
        {
            // k = 5 -> day 10: latest close 1 day earlier (day 9).
            Assert.That(history.Close(0, 5), Is.EqualTo(109));
            // k = 1 -> day 14: day 9 is exactly 5 trading days earlier, still within the fallback.
            Assert.That(history.Close(0, 1), Is.EqualTo(109));
            // k = 0 -> day 15 (S): day 9 is 6 trading days earlier -> missing; day 16 is after S and never seen.
            Assert.That(history.Close(0, 0), Is.NaN);
            // k = 6 -> day 9 itself.
            Assert.That(history.Close(0, 6), Is.EqualTo(109));
            // Before the calendar: missing.
            Assert.That(history.Close(0, 16), Is.NaN);
        }
    }

    [Test]
    public void Return_adds_the_dividend_paid_on_its_ex_date()
    {
        // Closes 100, 102, 101, 103, 100, 105 on days 0..5, a 2.00 dividend going ex on day 4. S = day 5.
        double[] closes = [100, 102, 101, 103, 100, 105];
        var builder = new TestUniverseBuilder(6).AddSecurity("X").Closes("X", t => closes[t]).Dividend("X", 4, 2.0);
        var history = new ScreeningView(builder.Build(), 5, SmallWindow);
        var returns = new double[5];
        history.WindowReturns(0, returns);

        double[] expected =
        [
            102.0 / 100.0 - 1.0,         //  0.02
            101.0 / 102.0 - 1.0,         // -0.00980...
            103.0 / 101.0 - 1.0,         //  0.01980...
            (100.0 + 2.0) / 103.0 - 1.0, // -0.00970...: (close + dividend) / previous close - 1
            105.0 / 100.0 - 1.0,         //  0.05: the day after, the dividend is not counted again
        ];
        Assert.That(returns, Is.EqualTo(expected).Within(1e-15));
    }

    [Test]
    public void Returns_are_missing_before_and_at_the_start_of_the_calendar()
    {
        // S = day 3 with W = 5 days: W covers days -1..3. Day -1 has no data; day 0 has no previous close.
        var builder = new TestUniverseBuilder(4).AddSecurity("X").Closes("X", t => 10.0 * (t + 1));
        var history = new ScreeningView(builder.Build(), 3, SmallWindow);
        var returns = new double[5];
        history.WindowReturns(0, returns);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(returns[0], Is.NaN, "day -1 is before the calendar");
            Assert.That(returns[1], Is.NaN, "day 0 has no previous close");
            Assert.That(returns[2], Is.EqualTo(20.0 / 10.0 - 1.0)); // 1.0
            Assert.That(returns[3], Is.EqualTo(30.0 / 20.0 - 1.0)); // 0.5
            Assert.That(returns[4], Is.EqualTo(40.0 / 30.0 - 1.0)); // 0.333...
        }
    }

    [Test]
    public void Window_returns_end_on_the_screening_date_oldest_first()
    {
        // Every day's close is distinct (100 + t^2), so each return identifies its day. S = day 30, W = 5 days.
        var builder = new TestUniverseBuilder(40).AddSecurity("X").Closes("X", t => 100.0 + t * t);
        var history = new ScreeningView(builder.Build(), 30, SmallWindow);
        var returns = new double[5];
        history.WindowReturns(0, returns);

        // returns[n] is the return on day S - 4 + n, i.e. days 26..30; later closes (31..39) are never used.
        var expected = Enumerable.Range(26, 5).Select(t => (100.0 + t * t) / (100.0 + (t - 1) * (t - 1)) - 1.0).ToArray();
        Assert.That(returns, Is.EqualTo(expected));
        Assert.Throws<ArgumentException>(() => history.WindowReturns(0, new double[4]), "a span not of window length is a programming error");
    }

    [Test]
    public void A_missing_close_carries_the_previous_one_into_the_returns()
    {
        // Closes 100, 110, -, 121 on days 0..3 with S = 3: day 2 uses day 1's close (fallback).
        double[] closes = [100, 110, double.NaN, 121];
        var builder = new TestUniverseBuilder(4).AddSecurity("X").Closes("X", t => closes[t]);
        var history = new ScreeningView(builder.Build(), 3, TestConfigs.Technical(window: 3, minObservations: 2, momentumSkip: 0, momentumLong: 1, momentumShort: 1));
        var returns = new double[3];
        history.WindowReturns(0, returns);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(returns[0], Is.EqualTo(110.0 / 100.0 - 1.0)); // 0.1
            Assert.That(returns[1], Is.Zero);                        // 110 (carried) / 110 - 1
            Assert.That(returns[2], Is.EqualTo(121.0 / 110.0 - 1.0)); // 121 / 110 (carried) - 1 = 0.1
        }
    }

    [Test]
    public void Closes_after_the_screening_date_are_not_visible()
    {
        var builder = new TestUniverseBuilder(10).AddSecurity("X").Closes("X", t => 100.0 + t);
        var history = new ScreeningView(builder.Build(), 6, SmallWindow);
        Assert.That(history.Close(0, 0), Is.EqualTo(106));
        Assert.That(history.ScreeningDate, Is.EqualTo(builder.Dates[6]));
    }

    [Test]
    public void Return_counts_equal_the_non_missing_returns_on_random_gaps()
    {
        // The history screen counts returns without computing them; it must agree with the returns themselves for
        // any pattern of gaps, fallback length and window, including windows that start before the calendar.
        var random = new TestRandom(20261130);
        for (int trial = 0; trial < 300; trial++)
        {
            int days = random.Int(2, 60);
            var builder = new TestUniverseBuilder(days);
            for (int k = 0; k < 4; k++)
            {
                double gapChance = k == 0 ? 0 : random.Uniform(0, 0.9); // S0 has every close: the count's fast path
                builder.AddSecurity($"S{k}").Closes($"S{k}", _ => random.Chance(gapChance) ? double.NaN : random.Uniform(1, 100));
            }
            int window = random.Int(1, days + 10), fallback = random.Int(0, 7);
            var technical = TestConfigs.Technical(window: window, minObservations: 1, closeFallbackDays: fallback,
                momentumSkip: 0, momentumLong: 1, momentumShort: 1);
            var history = new ScreeningView(builder.Build(), random.Int(0, days - 1), technical);
            var returns = ReturnMatrix.ForAll(history);
            var expected = Enumerable.Range(0, returns.Count).Select(returns.CountAvailable).ToArray();
            Assert.That(history.WindowReturnCounts(), Is.EqualTo(expected), $"trial {trial}: window {window}, fallback {fallback}, S {history.ScreeningIndex}");
        }
    }
}
