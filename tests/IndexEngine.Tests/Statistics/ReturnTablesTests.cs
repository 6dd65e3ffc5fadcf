using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;
using NUnit.Framework;

namespace IndexEngine.Tests.Statistics;

/// <summary>Calendar returns and drawdown episodes of the tear sheet, hand-computed.</summary>
public class ReturnTablesTests
{
    private static LevelSeries Series(params (string Date, double Level)[] points) =>
        new(points.Select(p => DateOnly.Parse(p.Date, System.Globalization.CultureInfo.InvariantCulture)).ToArray(), points.Select(p => p.Level).ToArray());

    [Test]
    public void Years_and_months_run_from_the_previous_periods_last_level()
    {
        var index = Series(("2019-12-30", 100), ("2019-12-31", 110), ("2020-01-15", 121), ("2020-01-31", 99), ("2020-02-03", 108.9), ("2021-03-01", 217.8));
        var benchmark = Series(("2019-12-30", 50), ("2019-12-31", 50), ("2020-01-15", 55), ("2020-01-31", 55), ("2020-02-03", 44), ("2021-03-01", 44));
        var years = ReturnTables.Years(index, benchmark);
        var months = ReturnTables.Months(index, benchmark);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(years.Select(y => y.Year), Is.EqualTo(new[] { 2019, 2020, 2021 }));
            Assert.That(years[0].Index, Is.EqualTo(0.1).Within(1e-12));          // 110 / 100
            Assert.That(years[1].Index, Is.EqualTo(108.9 / 110 - 1).Within(1e-12)); // 2020's last level over 2019's
            Assert.That(years[1].Benchmark, Is.EqualTo(44.0 / 50 - 1).Within(1e-12));
            Assert.That(years[1].Active, Is.EqualTo(108.9 / 110 - 44.0 / 50).Within(1e-12));
            Assert.That(years[2].Index, Is.EqualTo(1).Within(1e-12));            // 217.8 / 108.9
            Assert.That(months.Select(m => (m.Year, m.Month)), Is.EqualTo(new (int, int?)[] { (2019, 12), (2020, 1), (2020, 2), (2021, 3) }));
            Assert.That(months[1].Index, Is.EqualTo(99.0 / 110 - 1).Within(1e-12));
            Assert.That(months[2].Index, Is.EqualTo(108.9 / 99 - 1).Within(1e-12));
        }
    }

    [Test]
    public void Drawdown_episodes_with_peak_trough_recovery_and_length()
    {
        // 100 → 80 (-20%) → back to 100 on day 3; 110 → 99 (-10%) never recovered.
        var levels = Series(("2020-01-01", 100), ("2020-01-02", 80), ("2020-01-03", 90), ("2020-01-06", 100),
            ("2020-01-07", 110), ("2020-01-08", 99), ("2020-01-09", 104));
        var worst = ReturnTables.WorstDrawdowns(levels, 5);
        Assert.That(worst, Has.Count.EqualTo(2));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(worst[0] with { Depth = 0 }, Is.EqualTo(new DrawdownEpisode(new DateOnly(2020, 1, 1), new DateOnly(2020, 1, 2), new DateOnly(2020, 1, 6), 0, 3)));
            Assert.That(worst[0].Depth, Is.EqualTo(0.2).Within(1e-12));
            Assert.That(worst[1].Peak, Is.EqualTo(new DateOnly(2020, 1, 7)));
            Assert.That(worst[1].Trough, Is.EqualTo(new DateOnly(2020, 1, 8)));
            Assert.That(worst[1].Recovery, Is.Null);
            Assert.That(worst[1].Depth, Is.EqualTo(0.1).Within(1e-12));
            Assert.That(worst[1].Length, Is.EqualTo(2), "peak to the last date");
            Assert.That(ReturnTables.WorstDrawdowns(levels, 1), Has.Count.EqualTo(1));
        }
    }
}
