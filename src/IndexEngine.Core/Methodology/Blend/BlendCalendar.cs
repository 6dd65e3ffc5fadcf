using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology.Blend;

/// <summary>
/// The dates a blend has a level on: those every input series (each sleeve, and the financing series if
/// any) has a close on. A date one series lacks is skipped, and the next day's returns span the gap.
/// Scheduled rebalance dates are read off this full calendar, not the --from/--to window, so that the level
/// on a date does not depend on where the run ends.
/// </summary>
public static class BlendCalendar
{
    /// <summary>The dates all of <paramref name="series"/> have, ascending.</summary>
    public static DateOnly[] Common(IReadOnlyList<LevelSeries> series)
    {
        ArgumentOutOfRangeException.ThrowIfZero(series.Count);
        IEnumerable<DateOnly> dates = series[0].Dates;
        for (int k = 1; k < series.Count; k++) dates = dates.Intersect(series[k].Dates);
        var result = dates.ToArray();
        Array.Sort(result);
        return result;
    }

    /// <summary>
    /// Whether each date of <paramref name="calendar"/> is a scheduled rebalance date: the last date of its
    /// month (the next calendar date is in another month) for <see cref="RebalanceSchedule.Monthly"/>, and
    /// of March, June, September or December for <see cref="RebalanceSchedule.Quarterly"/>. The calendar's
    /// last date is never one, since whether it ends its month is not known.
    /// </summary>
    public static bool[] ScheduledDates(IReadOnlyList<DateOnly> calendar, RebalanceSchedule schedule)
    {
        var result = new bool[calendar.Count];
        if (schedule == RebalanceSchedule.None) return result;
        for (int t = 0; t + 1 < calendar.Count; t++)
        {
            var (date, next) = (calendar[t], calendar[t + 1]);
            bool monthEnd = date.Year != next.Year || date.Month != next.Month;
            result[t] = monthEnd && (schedule == RebalanceSchedule.Monthly || date.Month % 3 == 0);
        }
        return result;
    }
}
