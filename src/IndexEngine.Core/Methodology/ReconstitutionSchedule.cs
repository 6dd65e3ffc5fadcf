using System.Globalization;
using IndexEngine.Core.Configuration;

namespace IndexEngine.Core.Methodology;

/// <summary>
/// One reconstitution (METHODOLOGY §9): weights are computed from data as of <see cref="Screening"/>
/// and put in place at the close of <see cref="Effective"/>.
/// </summary>
/// <param name="Screening">The screening date: the last trading day of a screening month (by default February,
/// May, August or November).</param>
/// <param name="Effective">The effective date by the schedule's effective rule (by default the second Friday of
/// the following month, or the trading day before it when that Friday is not a trading day).</param>
/// <param name="ScreeningInCalendar">True when <see cref="Screening"/> was read off the trading calendar.
/// False when it is the weekday approximation (no calendar, or a month the calendar does not cover),
/// which cannot know holidays.</param>
/// <param name="EffectiveInCalendar">True when <see cref="Effective"/> was read off the trading calendar.
/// False when the calendar ends before the second Friday (or there is no calendar): the date is then the
/// unadjusted second Friday, and a backtest must not rebalance on it.</param>
public sealed record Reconstitution(
    DateOnly Screening,
    DateOnly Effective,
    bool ScreeningInCalendar,
    bool EffectiveInCalendar);

/// <summary>
/// The reconstitution calendar of METHODOLOGY §9, the schedule stage: the screening months and the effective
/// rule come from a <see cref="ScheduleConfig"/> (<c>schedule.*</c>; null means §9's quarterly default). With a trading calendar (the sorted
/// distinct dates of prices.csv) dates are exact; without one, screening is the last weekday of the
/// month and effective the second Friday, since holidays are unknown (e.g. Memorial Day can be the
/// last weekday of May).
/// </summary>
public static class ReconstitutionSchedule
{
    /// <summary>§9's months whose last trading day is a screening date (the default <c>schedule.screening_months</c>).</summary>
    public static IReadOnlyList<int> ScreeningMonths => ScheduleConfig.Default.ScreeningMonths;

    /// <summary>
    /// The reconstitutions whose screening date is in [<paramref name="from"/>, <paramref name="to"/>] and
    /// can be read off <paramref name="calendar"/>. A month's last trading day is known when the calendar
    /// has a later date outside the month, or when no weekday of the month follows the calendar's last date;
    /// otherwise the month is left out. An effective date after the calendar's end is still listed, as the
    /// unadjusted second Friday with <see cref="Reconstitution.EffectiveInCalendar"/> false.
    /// </summary>
    public static IReadOnlyList<Reconstitution> Between(IReadOnlyList<DateOnly> calendar, DateOnly from, DateOnly to, ScheduleConfig? schedule = null)
    {
        RequireSorted(calendar);
        schedule ??= ScheduleConfig.Default;
        var result = new List<Reconstitution>();
        foreach (var (year, month) in ScreeningMonthsBetween(from, to, schedule))
            if (FromCalendar(calendar, year, month, schedule) is { } r && r.Screening >= from && r.Screening <= to)
                result.Add(r);
        return result;
    }

    /// <summary>
    /// The calendar-free schedule (for <c>schedule</c> without data): screening = last weekday of the
    /// month, effective = second Friday of the next month. Holidays are unknown, so both flags are false.
    /// </summary>
    public static IReadOnlyList<Reconstitution> Approximate(DateOnly from, DateOnly to, ScheduleConfig? schedule = null)
    {
        schedule ??= ScheduleConfig.Default;
        var result = new List<Reconstitution>();
        foreach (var (year, month) in ScreeningMonthsBetween(from, to, schedule))
        {
            var r = Approximation(year, month, schedule);
            if (r.Screening >= from && r.Screening <= to) result.Add(r);
        }
        return result;
    }

    /// <summary>
    /// Every screening month with a screening date in [<paramref name="from"/>, <paramref name="to"/>]:
    /// read off <paramref name="calendar"/> where it covers the month (as in <see cref="Between"/>), the
    /// weekday approximation for months before or after it. With a null calendar this is <see cref="Approximate"/>.
    /// </summary>
    public static IReadOnlyList<Reconstitution> Combined(IReadOnlyList<DateOnly>? calendar, DateOnly from, DateOnly to, ScheduleConfig? schedule = null)
    {
        schedule ??= ScheduleConfig.Default;
        if (calendar is null || calendar.Count == 0) return Approximate(from, to, schedule);
        RequireSorted(calendar);
        var result = new List<Reconstitution>();
        foreach (var (year, month) in ScreeningMonthsBetween(from, to, schedule))
        {
            var r = Resolve(calendar, year, month, schedule);
            if (r is not null && r.Screening >= from && r.Screening <= to) result.Add(r);
        }
        return result;
    }

    /// <summary>
    /// The first screening date on or after <paramref name="asOf"/>: from the calendar where it covers the
    /// month, else the weekday approximation (a null or empty calendar means no calendar). Null when there is
    /// none before <see cref="DateOnly.MaxValue"/> (an as-of date in December 9999).
    /// </summary>
    public static DateOnly? NextScreeningDate(IReadOnlyList<DateOnly>? calendar, DateOnly asOf, ScheduleConfig? schedule = null)
    {
        schedule ??= ScheduleConfig.Default;
        if (calendar is not null) RequireSorted(calendar);
        var (year, month) = (asOf.Year, asOf.Month);
        while (year <= DateOnly.MaxValue.Year)
        {
            if (IsScreeningMonth(month, schedule))
            {
                var r = calendar is null || calendar.Count == 0 ? Approximation(year, month, schedule) : Resolve(calendar, year, month, schedule);
                if (r is not null && r.Screening >= asOf) return r.Screening;
            }
            (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1);
        }
        return null;
    }

    /// <summary>
    /// True when <paramref name="date"/> is a trading day of <paramref name="calendar"/> and the last
    /// trading day of a screening month. On the calendar's last date this holds only when no weekday of the
    /// month is left (the calendar cannot tell whether a later weekday will trade).
    /// </summary>
    public static bool IsScreeningDate(IReadOnlyList<DateOnly> calendar, DateOnly date, ScheduleConfig? schedule = null)
    {
        schedule ??= ScheduleConfig.Default;
        RequireSorted(calendar);
        return IsScreeningMonth(date.Month, schedule) && FromCalendar(calendar, date.Year, date.Month, schedule)?.Screening == date;
    }

    /// <summary>The screening months in words, e.g. "February, May, August or November".</summary>
    public static string MonthsInWords(ScheduleConfig? schedule = null)
    {
        var names = (schedule ?? ScheduleConfig.Default).ScreeningMonths
            .Select(m => CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(m)).ToArray();
        return names.Length == 1 ? names[0] : string.Join(", ", names[..^1]) + " or " + names[^1];
    }

    /// <summary>The effective-date stage a schedule chooses.</summary>
    public static IEffectiveRule RuleOf(ScheduleConfig schedule) => schedule.EffectiveRule switch
    {
        EffectiveRule.SecondFridayNextMonth => FridayOfNextMonth.Second,
        EffectiveRule.ThirdFridayNextMonth => FridayOfNextMonth.Third,
        EffectiveRule.NextTradingDay => NextTradingDay.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(schedule), schedule.EffectiveRule, "unknown effective rule"),
    };

    /// <summary>The second Friday of a month (between the 8th and the 14th).</summary>
    public static DateOnly SecondFriday(int year, int month) => NthFriday(year, month, 2);

    /// <summary>The <paramref name="n"/>-th Friday of a month (n = 1..4).</summary>
    public static DateOnly NthFriday(int year, int month, int n)
    {
        var first = new DateOnly(year, month, 1);
        int toFriday = ((int)DayOfWeek.Friday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(toFriday + 7 * (n - 1));
    }

    /// <summary>The last Monday-to-Friday day of a month.</summary>
    public static DateOnly LastWeekday(int year, int month)
    {
        var day = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) day = day.AddDays(-1);
        return day;
    }

    private static bool IsScreeningMonth(int month, ScheduleConfig schedule) => schedule.ScreeningMonths.Contains(month);

    private static Reconstitution Approximation(int year, int month, ScheduleConfig schedule)
    {
        var screening = LastWeekday(year, month);
        return new Reconstitution(screening, RuleOf(schedule).Nominal(screening), false, false);
    }

    /// <summary>The calendar's reconstitution for a month it covers; the approximation for a month before
    /// the calendar or one it has not finished; null for a covered month with no trading day (no screening).</summary>
    private static Reconstitution? Resolve(IReadOnlyList<DateOnly> calendar, int year, int month, ScheduleConfig schedule)
    {
        if (FromCalendar(calendar, year, month, schedule) is { } r) return r;
        var monthEnd = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return monthEnd < calendar[0] || calendar[^1] < monthEnd ? Approximation(year, month, schedule) : null;
    }

    private static Reconstitution? FromCalendar(IReadOnlyList<DateOnly> calendar, int year, int month, ScheduleConfig schedule)
    {
        if (calendar.Count == 0) return null;
        var monthStart = new DateOnly(year, month, 1);
        var monthEnd = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        if (LastDateOnOrBefore(calendar, monthEnd) is not int s || calendar[s] < monthStart) return null;
        var screening = calendar[s];
        // The month is complete when trading is seen after it, or when no weekday of it is left to trade.
        bool complete = s < calendar.Count - 1 || LastWeekday(year, month) <= screening;
        if (!complete) return null;

        var rule = RuleOf(schedule);
        return rule.OnCalendar(calendar, screening) is { } effective
            ? new Reconstitution(screening, effective, true, true)
            : new Reconstitution(screening, rule.Nominal(screening), true, false);
    }

    internal static (int Year, int Month) NextMonth(int year, int month) => month == 12 ? (year + 1, 1) : (year, month + 1);

    private static IEnumerable<(int Year, int Month)> ScreeningMonthsBetween(DateOnly from, DateOnly to, ScheduleConfig schedule)
    {
        for (var (y, m) = (from.Year, from.Month); y < to.Year || (y == to.Year && m <= to.Month);
             (y, m) = NextMonth(y, m))
            if (IsScreeningMonth(m, schedule)) yield return (y, m);
    }

    internal static int? LastDateOnOrBefore(IReadOnlyList<DateOnly> calendar, DateOnly date)
    {
        int lo = 0, hi = calendar.Count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (calendar[mid] <= date) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found < 0 ? null : found;
    }

    private static void RequireSorted(IReadOnlyList<DateOnly> calendar)
    {
        for (int t = 1; t < calendar.Count; t++)
            if (calendar[t - 1] >= calendar[t])
                throw new ArgumentException("The trading calendar must be strictly ascending.", nameof(calendar));
    }
}

/// <summary>
/// The effective-date stage (<c>schedule.effective_rule</c>), a date adjuster from the screening date S in
/// the manner of NodaTime's: a weekday-only <see cref="Nominal"/> date, and the date read off a trading calendar.
/// </summary>
public interface IEffectiveRule
{
    /// <summary>The effective date from weekdays alone (holidays unknown).</summary>
    DateOnly Nominal(DateOnly screening);

    /// <summary>The effective date read off the ascending <paramref name="calendar"/>, or null when the
    /// calendar ends before it can tell.</summary>
    DateOnly? OnCalendar(IReadOnlyList<DateOnly> calendar, DateOnly screening);
}

/// <summary><c>second_friday_next_month</c> (§9) and <c>third_friday_next_month</c>: the n-th Friday of the month
/// after S's, or the trading day before it when that Friday does not trade.</summary>
public sealed class FridayOfNextMonth : IEffectiveRule
{
    public static FridayOfNextMonth Second { get; } = new(2);
    public static FridayOfNextMonth Third { get; } = new(3);

    private readonly int _n;

    private FridayOfNextMonth(int n) => _n = n;

    public DateOnly Nominal(DateOnly screening)
    {
        var (year, month) = ReconstitutionSchedule.NextMonth(screening.Year, screening.Month);
        return ReconstitutionSchedule.NthFriday(year, month, _n);
    }

    public DateOnly? OnCalendar(IReadOnlyList<DateOnly> calendar, DateOnly screening)
    {
        var friday = Nominal(screening);
        // Whether the Friday traded is only known once the calendar reaches it.
        if (calendar.Count == 0 || calendar[^1] < friday) return null;
        return calendar[ReconstitutionSchedule.LastDateOnOrBefore(calendar, friday)!.Value];
    }
}

/// <summary><c>next_trading_day</c>: the first trading day after S (from weekdays: the next weekday).</summary>
public sealed class NextTradingDay : IEffectiveRule
{
    public static NextTradingDay Instance { get; } = new();

    private NextTradingDay() { }

    public DateOnly Nominal(DateOnly screening)
    {
        var day = screening.AddDays(1);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) day = day.AddDays(1);
        return day;
    }

    public DateOnly? OnCalendar(IReadOnlyList<DateOnly> calendar, DateOnly screening)
    {
        int? s = ReconstitutionSchedule.LastDateOnOrBefore(calendar, screening);
        int next = s is { } i ? i + 1 : 0;
        return next < calendar.Count ? calendar[next] : null;
    }
}
