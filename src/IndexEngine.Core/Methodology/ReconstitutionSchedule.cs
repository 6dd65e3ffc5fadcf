namespace IndexEngine.Core.Methodology;

/// <summary>
/// One reconstitution (METHODOLOGY §9): weights are computed from data as of <see cref="Screening"/>
/// and put in place at the close of <see cref="Effective"/>.
/// </summary>
/// <param name="Screening">The screening date: the last trading day of February, May, August or November.</param>
/// <param name="Effective">The effective date: the second Friday of the following month, or the trading day
/// before it when that Friday is not a trading day.</param>
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
/// The quarterly reconstitution calendar of METHODOLOGY §9. With a trading calendar (the sorted
/// distinct dates of prices.csv) dates are exact; without one, screening is the last weekday of the
/// month and effective the second Friday, since holidays are unknown (e.g. Memorial Day can be the
/// last weekday of May).
/// </summary>
public static class ReconstitutionSchedule
{
    /// <summary>Months whose last trading day is a screening date; the effective date falls in the next month.</summary>
    public static IReadOnlyList<int> ScreeningMonths { get; } = [2, 5, 8, 11];

    /// <summary>
    /// The reconstitutions whose screening date is in [<paramref name="from"/>, <paramref name="to"/>] and
    /// can be read off <paramref name="calendar"/>. A month's last trading day is known when the calendar
    /// has a later date outside the month, or when no weekday of the month follows the calendar's last date;
    /// otherwise the month is left out. An effective date after the calendar's end is still listed, as the
    /// unadjusted second Friday with <see cref="Reconstitution.EffectiveInCalendar"/> false.
    /// </summary>
    public static IReadOnlyList<Reconstitution> Between(IReadOnlyList<DateOnly> calendar, DateOnly from, DateOnly to)
    {
        RequireSorted(calendar);
        var result = new List<Reconstitution>();
        foreach (var (year, month) in ScreeningMonthsBetween(from, to))
            if (FromCalendar(calendar, year, month) is { } r && r.Screening >= from && r.Screening <= to)
                result.Add(r);
        return result;
    }

    /// <summary>
    /// The calendar-free schedule (for <c>schedule</c> without data): screening = last weekday of the
    /// month, effective = second Friday of the next month. Holidays are unknown, so both flags are false.
    /// </summary>
    public static IReadOnlyList<Reconstitution> Approximate(DateOnly from, DateOnly to)
    {
        var result = new List<Reconstitution>();
        foreach (var (year, month) in ScreeningMonthsBetween(from, to))
        {
            var r = Approximation(year, month);
            if (r.Screening >= from && r.Screening <= to) result.Add(r);
        }
        return result;
    }

    /// <summary>
    /// Every screening month with a screening date in [<paramref name="from"/>, <paramref name="to"/>]:
    /// read off <paramref name="calendar"/> where it covers the month (as in <see cref="Between"/>), the
    /// weekday approximation for months before or after it. With a null calendar this is <see cref="Approximate"/>.
    /// </summary>
    public static IReadOnlyList<Reconstitution> Combined(IReadOnlyList<DateOnly>? calendar, DateOnly from, DateOnly to)
    {
        if (calendar is null || calendar.Count == 0) return Approximate(from, to);
        RequireSorted(calendar);
        var result = new List<Reconstitution>();
        foreach (var (year, month) in ScreeningMonthsBetween(from, to))
        {
            var r = Resolve(calendar, year, month);
            if (r is not null && r.Screening >= from && r.Screening <= to) result.Add(r);
        }
        return result;
    }

    /// <summary>
    /// The first screening date on or after <paramref name="asOf"/>: from the calendar where it covers the
    /// month, else the weekday approximation (a null or empty calendar means no calendar). Null when there is
    /// none before <see cref="DateOnly.MaxValue"/> (an as-of date in December 9999).
    /// </summary>
    public static DateOnly? NextScreeningDate(IReadOnlyList<DateOnly>? calendar, DateOnly asOf)
    {
        if (calendar is not null) RequireSorted(calendar);
        var (year, month) = (asOf.Year, asOf.Month);
        while (year <= DateOnly.MaxValue.Year)
        {
            if (IsScreeningMonth(month))
            {
                var r = calendar is null || calendar.Count == 0 ? Approximation(year, month) : Resolve(calendar, year, month);
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
    public static bool IsScreeningDate(IReadOnlyList<DateOnly> calendar, DateOnly date)
    {
        RequireSorted(calendar);
        return IsScreeningMonth(date.Month) && FromCalendar(calendar, date.Year, date.Month)?.Screening == date;
    }

    /// <summary>The second Friday of a month (between the 8th and the 14th).</summary>
    public static DateOnly SecondFriday(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        int toFriday = ((int)DayOfWeek.Friday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(toFriday + 7);
    }

    /// <summary>The last Monday-to-Friday day of a month.</summary>
    public static DateOnly LastWeekday(int year, int month)
    {
        var day = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) day = day.AddDays(-1);
        return day;
    }

    private static bool IsScreeningMonth(int month) => month % 3 == 2;

    private static Reconstitution Approximation(int year, int month)
    {
        var (ey, em) = NextMonth(year, month);
        return new Reconstitution(LastWeekday(year, month), SecondFriday(ey, em), false, false);
    }

    /// <summary>The calendar's reconstitution for a month it covers; the approximation for a month before
    /// the calendar or one it has not finished; null for a covered month with no trading day (no screening).</summary>
    private static Reconstitution? Resolve(IReadOnlyList<DateOnly> calendar, int year, int month)
    {
        if (FromCalendar(calendar, year, month) is { } r) return r;
        var monthEnd = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return monthEnd < calendar[0] || calendar[^1] < monthEnd ? Approximation(year, month) : null;
    }

    private static Reconstitution? FromCalendar(IReadOnlyList<DateOnly> calendar, int year, int month)
    {
        if (calendar.Count == 0) return null;
        var monthStart = new DateOnly(year, month, 1);
        var monthEnd = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        if (LastDateOnOrBefore(calendar, monthEnd) is not int s || calendar[s] < monthStart) return null;
        var screening = calendar[s];
        // The month is complete when trading is seen after it, or when no weekday of it is left to trade.
        bool complete = s < calendar.Count - 1 || LastWeekday(year, month) <= screening;
        if (!complete) return null;

        var (ey, em) = NextMonth(year, month);
        var friday = SecondFriday(ey, em);
        // Whether the Friday traded is only known once the calendar reaches it.
        if (calendar[^1] < friday) return new Reconstitution(screening, friday, true, false);
        int e = LastDateOnOrBefore(calendar, friday)!.Value;
        return new Reconstitution(screening, calendar[e], true, true);
    }

    private static (int Year, int Month) NextMonth(int year, int month) => month == 12 ? (year + 1, 1) : (year, month + 1);

    private static IEnumerable<(int Year, int Month)> ScreeningMonthsBetween(DateOnly from, DateOnly to)
    {
        for (var (y, m) = (from.Year, from.Month); y < to.Year || (y == to.Year && m <= to.Month);
             (y, m) = NextMonth(y, m))
            if (IsScreeningMonth(m)) yield return (y, m);
    }

    private static int? LastDateOnOrBefore(IReadOnlyList<DateOnly> calendar, DateOnly date)
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
