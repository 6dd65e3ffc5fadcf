using IndexEngine.Core.Methodology.Blend;
using static IndexEngine.Tests.Blends.BlendTestData;

namespace IndexEngine.Tests.Blends;

public class BlendCalendarTests
{
    [Test]
    public void TheCalendarIsTheDatesEverySeriesHas()
    {
        var a = Series(("2024-01-02", 1), ("2024-01-03", 1), ("2024-01-04", 1), ("2024-01-05", 1));
        var b = Series(("2024-01-02", 1), ("2024-01-04", 1), ("2024-01-05", 1), ("2024-01-08", 1));
        var c = Series(("2024-01-01", 1), ("2024-01-02", 1), ("2024-01-03", 1), ("2024-01-05", 1));
        Assert.That(BlendCalendar.Common([a, b, c]), Is.EqualTo(new[] { D("2024-01-02"), D("2024-01-05") }));
    }

    [Test]
    public void QuarterlyIsTheLastCalendarDateOfMarchJuneSeptemberAndDecember()
    {
        // 2024-03-29 (Good Friday) is absent, so 03-28 ends March; 04-30 ends April but April is not a quarter end.
        DateOnly[] calendar = [D("2024-03-27"), D("2024-03-28"), D("2024-04-01"), D("2024-04-30"), D("2024-05-01"), D("2024-06-28"), D("2024-07-01"), D("2024-09-30")];
        var quarterly = BlendCalendar.ScheduledDates(calendar, RebalanceSchedule.Quarterly);
        Assert.That(quarterly, Is.EqualTo(new[] { false, true, false, false, false, true, false, false }),
            "the last calendar date (09-30) is never scheduled: whether it ends its month is unknown");
        var monthly = BlendCalendar.ScheduledDates(calendar, RebalanceSchedule.Monthly);
        // On this sparse calendar 05-01 and 07-01 are the last dates of May and July.
        Assert.That(monthly, Is.EqualTo(new[] { false, true, false, true, true, true, true, false }));
        Assert.That(BlendCalendar.ScheduledDates(calendar, RebalanceSchedule.None), Has.All.False);
    }

    [Test]
    public void AYearEndIsAMonthEnd()
    {
        DateOnly[] calendar = [D("2023-12-29"), D("2024-01-02")];
        Assert.That(BlendCalendar.ScheduledDates(calendar, RebalanceSchedule.Quarterly), Is.EqualTo(new[] { true, false }));
    }
}
