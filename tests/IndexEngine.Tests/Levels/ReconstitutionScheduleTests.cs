using NUnit.Framework;
using IndexEngine.Core.Methodology;

namespace IndexEngine.Tests.Levels;

public class ReconstitutionScheduleTests
{
    private static DateOnly D(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every weekday from <paramref name="from"/> to <paramref name="to"/> except the holidays.</summary>
    private static List<DateOnly> Weekdays(string from, string to, params string[] holidays)
    {
        var skip = holidays.Select(D).ToHashSet();
        var days = new List<DateOnly>();
        for (var d = D(from); d <= D(to); d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !skip.Contains(d)) days.Add(d);
        return days;
    }

    [Test]
    public void CalendarScheduleOf2017IsTheLastTradingDayAndTheSecondFriday()
    {
        var calendar = Weekdays("2017-01-02", "2017-12-29", "2017-01-16", "2017-02-20", "2017-05-29", "2017-09-04", "2017-11-23");
        var schedule = ReconstitutionSchedule.Between(calendar, D("2017-01-01"), D("2017-12-31"));
        Assert.That(schedule, Is.EqualTo(new[]
        {
            new Reconstitution(D("2017-02-28"), D("2017-03-10"), true, true),
            new Reconstitution(D("2017-05-31"), D("2017-06-09"), true, true),
            new Reconstitution(D("2017-08-31"), D("2017-09-08"), true, true),
            new Reconstitution(D("2017-11-30"), D("2017-12-08"), true, true),
        }));
    }

    [Test]
    public void HolidayFridayMovesTheEffectiveDateToTheTradingDayBefore()
    {
        var calendar = Weekdays("2017-01-02", "2017-04-28", "2017-03-10");
        var schedule = ReconstitutionSchedule.Between(calendar, D("2017-01-01"), D("2017-04-30"));
        Assert.That(schedule, Is.EqualTo(new[] { new Reconstitution(D("2017-02-28"), D("2017-03-09"), true, true) }));
    }

    [Test]
    public void ScreeningMonthWhoseLastWeekdayIsAHolidayScreensOnTheTradingDayBefore()
    {
        // Memorial Day 2021 is Monday 31 May, the last weekday of May.
        var calendar = Weekdays("2021-05-03", "2021-06-30", "2021-05-31");
        var schedule = ReconstitutionSchedule.Between(calendar, D("2021-05-01"), D("2021-06-30"));
        Assert.That(schedule, Is.EqualTo(new[] { new Reconstitution(D("2021-05-28"), D("2021-06-11"), true, true) }));
        Assert.That(ReconstitutionSchedule.IsScreeningDate(calendar, D("2021-05-28")), Is.True);
        // Without a calendar the holiday is unknown: the approximation says 31 May.
        Assert.That(ReconstitutionSchedule.Approximate(D("2021-05-01"), D("2021-06-30"))[0].Screening, Is.EqualTo(D("2021-05-31")));
    }

    [Test]
    public void EffectiveDateAfterTheCalendarEndIsListedAsTheUnadjustedFriday()
    {
        var calendar = Weekdays("2017-01-02", "2017-03-08");
        var schedule = ReconstitutionSchedule.Between(calendar, D("2017-01-01"), D("2017-12-31"));
        Assert.That(schedule, Is.EqualTo(new[] { new Reconstitution(D("2017-02-28"), D("2017-03-10"), true, false) }));
    }

    [Test]
    public void AMonthTheCalendarHasNotFinishedIsLeftOutOrApproximated()
    {
        // The sp500-2017 data ends on Friday 10 November 2017: November's last trading day is unknown.
        var calendar = Weekdays("2017-08-01", "2017-11-10");
        Assert.That(ReconstitutionSchedule.Between(calendar, D("2017-08-01"), D("2017-12-31")).Select(r => r.Screening),
            Is.EqualTo(new[] { D("2017-08-31") }));
        Assert.That(ReconstitutionSchedule.Combined(calendar, D("2017-08-01"), D("2017-12-31")), Is.EqualTo(new[]
        {
            new Reconstitution(D("2017-08-31"), D("2017-09-08"), true, true),
            new Reconstitution(D("2017-11-30"), D("2017-12-08"), false, false),
        }));
        Assert.That(ReconstitutionSchedule.IsScreeningDate(calendar, D("2017-11-10")), Is.False);
    }

    [Test]
    public void CalendarEndingOnTheLastWeekdayOfAScreeningMonthCompletesIt()
    {
        var calendar = Weekdays("2017-11-01", "2017-11-30");
        Assert.That(ReconstitutionSchedule.IsScreeningDate(calendar, D("2017-11-30")), Is.True);
        Assert.That(ReconstitutionSchedule.IsScreeningDate(calendar, D("2017-11-29")), Is.False);
        Assert.That(ReconstitutionSchedule.Between(calendar, D("2017-11-01"), D("2017-11-30")),
            Is.EqualTo(new[] { new Reconstitution(D("2017-11-30"), D("2017-12-08"), true, false) }));
    }

    [Test]
    public void MonthsBeforeTheCalendarAreApproximatedInTheCombinedSchedule()
    {
        var calendar = Weekdays("2017-03-01", "2017-06-30");
        Assert.That(ReconstitutionSchedule.Combined(calendar, D("2017-01-01"), D("2017-06-30")), Is.EqualTo(new[]
        {
            new Reconstitution(D("2017-02-28"), D("2017-03-10"), false, false),
            new Reconstitution(D("2017-05-31"), D("2017-06-09"), true, true),
        }));
    }

    [Test]
    public void ScreeningDatesOutsideTheWindowAreLeftOut()
    {
        var calendar = Weekdays("2017-01-02", "2017-12-29");
        Assert.That(ReconstitutionSchedule.Between(calendar, D("2017-03-01"), D("2017-08-30")).Select(r => r.Screening),
            Is.EqualTo(new[] { D("2017-05-31") }));
        Assert.That(ReconstitutionSchedule.Between(calendar, D("2017-05-31"), D("2017-08-31")).Select(r => r.Screening),
            Is.EqualTo(new[] { D("2017-05-31"), D("2017-08-31") }));
    }

    [Test]
    public void ApproximationUsesTheLastWeekdayAndTheSecondFriday()
    {
        Assert.That(ReconstitutionSchedule.Approximate(D("2015-01-01"), D("2016-12-31")), Is.EqualTo(new[]
        {
            new Reconstitution(D("2015-02-27"), D("2015-03-13"), false, false), // 28 Feb 2015 is a Saturday
            new Reconstitution(D("2015-05-29"), D("2015-06-12"), false, false), // 30-31 May 2015 is a weekend
            new Reconstitution(D("2015-08-31"), D("2015-09-11"), false, false),
            new Reconstitution(D("2015-11-30"), D("2015-12-11"), false, false),
            new Reconstitution(D("2016-02-29"), D("2016-03-11"), false, false), // leap year
            new Reconstitution(D("2016-05-31"), D("2016-06-10"), false, false),
            new Reconstitution(D("2016-08-31"), D("2016-09-09"), false, false),
            new Reconstitution(D("2016-11-30"), D("2016-12-09"), false, false),
        }));
    }

    [TestCase(2019, 3, "2019-03-08")] // the 1st is a Friday
    [TestCase(2014, 3, "2014-03-14")] // the 1st is a Saturday
    [TestCase(2017, 3, "2017-03-10")]
    [TestCase(2020, 12, "2020-12-11")]
    public void SecondFriday(int year, int month, string expected) =>
        Assert.That(ReconstitutionSchedule.SecondFriday(year, month), Is.EqualTo(D(expected)));

    [Test]
    public void NextScreeningDate()
    {
        var calendar = Weekdays("2017-01-02", "2017-11-10");
        Assert.That(ReconstitutionSchedule.NextScreeningDate(calendar, D("2017-03-01")), Is.EqualTo(D("2017-05-31")));
        Assert.That(ReconstitutionSchedule.NextScreeningDate(calendar, D("2017-05-31")), Is.EqualTo(D("2017-05-31")));
        Assert.That(ReconstitutionSchedule.NextScreeningDate(calendar, D("2017-06-01")), Is.EqualTo(D("2017-08-31")));
        // November is beyond what the calendar knows: the weekday approximation.
        Assert.That(ReconstitutionSchedule.NextScreeningDate(calendar, D("2017-11-10")), Is.EqualTo(D("2017-11-30")));
        Assert.That(ReconstitutionSchedule.NextScreeningDate(null, D("2017-12-01")), Is.EqualTo(D("2018-02-28")));
        var memorial = Weekdays("2021-05-03", "2021-06-30", "2021-05-31");
        Assert.That(ReconstitutionSchedule.NextScreeningDate(memorial, D("2021-05-03")), Is.EqualTo(D("2021-05-28")));
    }

    [Test]
    public void IsScreeningDateNeedsATradingDayThatIsTheMonthsLast()
    {
        var calendar = Weekdays("2017-01-02", "2017-12-29");
        Assert.Multiple(() =>
        {
            Assert.That(ReconstitutionSchedule.IsScreeningDate(calendar, D("2017-02-28")), Is.True);
            Assert.That(ReconstitutionSchedule.IsScreeningDate(calendar, D("2017-02-27")), Is.False);
            Assert.That(ReconstitutionSchedule.IsScreeningDate(calendar, D("2017-03-31")), Is.False); // not a screening month
            Assert.That(ReconstitutionSchedule.IsScreeningDate(calendar, D("2017-09-30")), Is.False); // a Saturday
        });
    }

    [Test]
    public void UnsortedCalendarIsRejected() =>
        Assert.Throws<ArgumentException>(() => ReconstitutionSchedule.Between([D("2017-02-28"), D("2017-02-27")], D("2017-01-01"), D("2017-12-31")));
}
