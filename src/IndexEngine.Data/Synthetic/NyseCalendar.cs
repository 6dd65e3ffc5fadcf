namespace IndexEngine.Data.Synthetic;

/// <summary>
/// The NYSE's regular trading calendar: weekdays other than its full-day holidays. Unscheduled closures
/// (hurricanes, national days of mourning) are not modelled.
/// </summary>
public static class NyseCalendar
{
    public static IReadOnlyList<DateOnly> TradingDays(DateOnly from, DateOnly to)
    {
        var days = new List<DateOnly>();
        if (from > to) return days;
        // Stop on the last day rather than after it: there is no day after 9999-12-31.
        for (var d = from; ; d = d.AddDays(1))
        {
            if (IsTradingDay(d)) days.Add(d);
            if (d == to) break;
        }
        return days;
    }

    public static bool IsTradingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(date);

    /// <summary>Whether the exchange is closed for a holiday on this weekday.</summary>
    public static bool IsHoliday(DateOnly date)
    {
        int y = date.Year;
        // New Year's Day moves to Monday when it is a Sunday; when it is a Saturday the NYSE does not
        // close on the Friday before (that day ends the previous accounting year).
        if (date == SundayToMonday(new DateOnly(y, 1, 1))) return true;
        if (y >= 1998 && date == NthWeekday(y, 1, DayOfWeek.Monday, 3)) return true;   // Martin Luther King Jr. Day
        if (date == NthWeekday(y, 2, DayOfWeek.Monday, 3)) return true;                 // Washington's Birthday
        if (date == EasterSunday(y).AddDays(-2)) return true;                           // Good Friday
        if (date == LastWeekday(y, 5, DayOfWeek.Monday)) return true;                   // Memorial Day
        if (y >= 2022 && date == Observed(new DateOnly(y, 6, 19))) return true;         // Juneteenth
        if (date == Observed(new DateOnly(y, 7, 4))) return true;                       // Independence Day
        if (date == NthWeekday(y, 9, DayOfWeek.Monday, 1)) return true;                 // Labor Day
        if (date == NthWeekday(y, 11, DayOfWeek.Thursday, 4)) return true;              // Thanksgiving
        if (date == Observed(new DateOnly(y, 12, 25))) return true;                     // Christmas
        return false;
    }

    /// <summary>A Saturday holiday is observed on the Friday before, a Sunday one on the Monday after.</summary>
    private static DateOnly Observed(DateOnly holiday) => holiday.DayOfWeek switch
    {
        DayOfWeek.Saturday => holiday.AddDays(-1),
        DayOfWeek.Sunday => holiday.AddDays(1),
        _ => holiday,
    };

    private static DateOnly SundayToMonday(DateOnly holiday) =>
        holiday.DayOfWeek == DayOfWeek.Sunday ? holiday.AddDays(1) : holiday;

    private static DateOnly NthWeekday(int year, int month, DayOfWeek weekday, int n)
    {
        var first = new DateOnly(year, month, 1);
        int offset = ((int)weekday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + 7 * (n - 1));
    }

    private static DateOnly LastWeekday(int year, int month, DayOfWeek weekday)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        int back = ((int)last.DayOfWeek - (int)weekday + 7) % 7;
        return last.AddDays(-back);
    }

    /// <summary>Gregorian Easter Sunday (the anonymous "Meeus/Jones/Butcher" algorithm).</summary>
    public static DateOnly EasterSunday(int year)
    {
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
        int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }
}
