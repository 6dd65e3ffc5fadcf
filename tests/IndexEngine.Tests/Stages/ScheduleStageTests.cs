using System.Globalization;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using NUnit.Framework;

namespace IndexEngine.Tests.Stages;

/// <summary>The schedule stage: screening months and each effective rule, with dates worked out on a calendar.</summary>
[TestFixture]
public sealed class ScheduleStageTests
{
    private static DateOnly D(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static List<DateOnly> Weekdays(string from, string to, params string[] holidays)
    {
        var skip = holidays.Select(D).ToHashSet();
        var days = new List<DateOnly>();
        for (var d = D(from); d <= D(to); d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !skip.Contains(d)) days.Add(d);
        return days;
    }

    private static readonly ScheduleConfig Monthly = new([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], EffectiveRule.NextTradingDay);
    private static readonly ScheduleConfig SemiAnnual = new([5, 11], EffectiveRule.ThirdFridayNextMonth);

    [Test]
    public void Each_effective_rule_from_weekdays()
    {
        // 2016-11-30 is a Wednesday; December 2016's Fridays are the 2nd, 9th and 16th.
        // 2016-09-30 is a Friday: the next weekday is Monday 2016-10-03.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(FridayOfNextMonth.Second.Nominal(D("2016-11-30")), Is.EqualTo(D("2016-12-09")));
            Assert.That(FridayOfNextMonth.Third.Nominal(D("2016-11-30")), Is.EqualTo(D("2016-12-16")));
            Assert.That(NextTradingDay.Instance.Nominal(D("2016-11-30")), Is.EqualTo(D("2016-12-01")));
            Assert.That(NextTradingDay.Instance.Nominal(D("2016-09-30")), Is.EqualTo(D("2016-10-03")));
            Assert.That(FridayOfNextMonth.Second.Nominal(D("2016-12-30")), Is.EqualTo(D("2017-01-13")), "December rolls into January");
        }
    }

    [Test]
    public void Each_effective_rule_on_a_calendar_with_holidays()
    {
        // Holidays on Thursday 2016-12-01 and on the third Friday 2016-12-16.
        var calendar = Weekdays("2016-11-01", "2016-12-30", "2016-12-01", "2016-12-16");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(FridayOfNextMonth.Second.OnCalendar(calendar, D("2016-11-30")), Is.EqualTo(D("2016-12-09")));
            Assert.That(FridayOfNextMonth.Third.OnCalendar(calendar, D("2016-11-30")), Is.EqualTo(D("2016-12-15")), "the trading day before the holiday Friday");
            Assert.That(NextTradingDay.Instance.OnCalendar(calendar, D("2016-11-30")), Is.EqualTo(D("2016-12-02")), "the holiday is skipped forward");
            Assert.That(NextTradingDay.Instance.OnCalendar(calendar, D("2016-12-30")), Is.Null, "the calendar ends at S");
            Assert.That(FridayOfNextMonth.Third.OnCalendar(Weekdays("2016-11-01", "2016-12-15"), D("2016-11-30")), Is.Null,
                "the calendar ends before the Friday: whether it trades is unknown");
        }
    }

    [Test]
    public void Monthly_months_with_the_next_trading_day_without_a_calendar()
    {
        var schedule = ReconstitutionSchedule.Approximate(D("2016-01-01"), D("2016-12-31"), Monthly);
        // The last weekday of each month of 2016, then the next weekday.
        Assert.That(schedule.Select(r => (r.Screening, r.Effective)), Is.EqualTo(new[]
        {
            (D("2016-01-29"), D("2016-02-01")), (D("2016-02-29"), D("2016-03-01")), (D("2016-03-31"), D("2016-04-01")),
            (D("2016-04-29"), D("2016-05-02")), (D("2016-05-31"), D("2016-06-01")), (D("2016-06-30"), D("2016-07-01")),
            (D("2016-07-29"), D("2016-08-01")), (D("2016-08-31"), D("2016-09-01")), (D("2016-09-30"), D("2016-10-03")),
            (D("2016-10-31"), D("2016-11-01")), (D("2016-11-30"), D("2016-12-01")), (D("2016-12-30"), D("2017-01-02")),
        }));
    }

    [Test]
    public void Semi_annual_months_with_the_third_friday_on_a_calendar()
    {
        // 2016: Memorial Day 2016-05-30 is a Monday, so May's last trading day is still Tuesday the 31st.
        var calendar = Weekdays("2016-01-04", "2016-12-30", "2016-05-30", "2016-11-24");
        var schedule = ReconstitutionSchedule.Between(calendar, D("2016-01-01"), D("2016-12-31"), SemiAnnual);
        Assert.That(schedule, Is.EqualTo(new[]
        {
            new Reconstitution(D("2016-05-31"), D("2016-06-17"), true, true),
            new Reconstitution(D("2016-11-30"), D("2016-12-16"), true, true),
        }));
    }

    [Test]
    public void The_default_schedule_is_unchanged_by_an_explicit_default_config()
    {
        var calendar = Weekdays("2016-01-04", "2016-12-30");
        Assert.That(ReconstitutionSchedule.Between(calendar, D("2016-01-01"), D("2016-12-31"), ScheduleConfig.Default),
            Is.EqualTo(ReconstitutionSchedule.Between(calendar, D("2016-01-01"), D("2016-12-31"))));
        Assert.That(ReconstitutionSchedule.Between(calendar, D("2016-01-01"), D("2016-12-31")).Select(r => r.Effective),
            Is.EqualTo(new[] { D("2016-03-11"), D("2016-06-10"), D("2016-09-09"), D("2016-12-09") }));
    }

    [Test]
    public void Screening_dates_and_the_next_one_follow_the_months()
    {
        var calendar = Weekdays("2016-01-04", "2016-12-30");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ReconstitutionSchedule.IsScreeningDate(calendar, D("2016-01-29"), Monthly), Is.True);
            Assert.That(ReconstitutionSchedule.IsScreeningDate(calendar, D("2016-01-29")), Is.False, "January is not a quarterly screening month");
            Assert.That(ReconstitutionSchedule.IsScreeningDate(calendar, D("2016-08-31"), SemiAnnual), Is.False);
            Assert.That(ReconstitutionSchedule.NextScreeningDate(calendar, D("2016-06-01"), SemiAnnual), Is.EqualTo(D("2016-11-30")));
            Assert.That(ReconstitutionSchedule.NextScreeningDate(calendar, D("2016-06-01"), Monthly), Is.EqualTo(D("2016-06-30")));
            Assert.That(ReconstitutionSchedule.NextScreeningDate(calendar, D("2016-06-01")), Is.EqualTo(D("2016-08-31")));
        }
    }

    [Test]
    public void The_effective_date_of_a_rebalance_follows_the_rule()
    {
        var calendar = Weekdays("2016-01-04", "2016-06-30");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(EffectiveDate.After(calendar, D("2016-01-29"), Monthly), Is.EqualTo(new EffectiveDate(D("2016-02-01"), false)));
            // An ad hoc S in February: the February reconstitution (screened 2016-02-29) is the next to take effect.
            Assert.That(EffectiveDate.After(calendar, D("2016-02-10"), Monthly), Is.EqualTo(new EffectiveDate(D("2016-03-01"), false)));
            Assert.That(EffectiveDate.After(calendar, D("2016-02-10")), Is.EqualTo(new EffectiveDate(D("2016-03-11"), false)), "default: March's second Friday");
            // After S = 2016-05-31 the semi-annual rule waits for June's third Friday, in the calendar.
            Assert.That(EffectiveDate.After(calendar, D("2016-05-31"), SemiAnnual), Is.EqualTo(new EffectiveDate(D("2016-06-17"), false)));
            // Screened 2016-06-30, the calendar's last day: the next trading day is not known yet.
            Assert.That(EffectiveDate.After(calendar, D("2016-06-30"), Monthly), Is.EqualTo(new EffectiveDate(D("2016-07-01"), true)));
        }
    }

    [Test]
    public void Months_in_words_for_warnings_and_errors()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ReconstitutionSchedule.MonthsInWords(), Is.EqualTo("February, May, August or November"));
            Assert.That(ReconstitutionSchedule.MonthsInWords(SemiAnnual), Is.EqualTo("May or November"));
            Assert.That(ReconstitutionSchedule.MonthsInWords(new ScheduleConfig([3], EffectiveRule.NextTradingDay)), Is.EqualTo("March"));
        }
    }
}
