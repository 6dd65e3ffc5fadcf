using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology;

/// <summary>The return of one calendar period (a year, or a month of a year) for the index and the benchmark.</summary>
public sealed record PeriodReturn(int Year, int? Month, double Index, double Benchmark)
{
    public double Active => Index - Benchmark;
}

/// <summary>One drawdown episode: from a running high (peak) to the lowest level before the level is back at
/// the peak (trough), and the recovery date (null while still below the peak). Length in trading days from the
/// peak to the recovery (or to the last date).</summary>
public sealed record DrawdownEpisode(DateOnly Peak, DateOnly Trough, DateOnly? Recovery, double Depth, int Length);

/// <summary>
/// Calendar returns and drawdown episodes for the tear sheet, on the common dates of an index and its benchmark
/// (as <see cref="PerformanceStatistics"/> aligns them). A period's return runs from the last level before it (the
/// previous period's last close, or the first date of the series for the first period) to its last level.
/// </summary>
public static class ReturnTables
{
    /// <summary>Calendar-year returns of both series, oldest first.</summary>
    public static IReadOnlyList<PeriodReturn> Years(LevelSeries index, LevelSeries benchmark) =>
        Periods(index, benchmark, d => (d.Year, null));

    /// <summary>Monthly returns of both series, oldest first.</summary>
    public static IReadOnlyList<PeriodReturn> Months(LevelSeries index, LevelSeries benchmark) =>
        Periods(index, benchmark, d => (d.Year, d.Month));

    private static List<PeriodReturn> Periods(LevelSeries index, LevelSeries benchmark, Func<DateOnly, (int Year, int? Month)> periodOf)
    {
        var (dates, x, b) = PerformanceStatistics.Align(index, benchmark);
        var result = new List<PeriodReturn>();
        int start = 0; // index of the level the current period's return is measured from
        for (int t = 1; t < dates.Length; t++)
        {
            bool lastOfPeriod = t == dates.Length - 1 || periodOf(dates[t + 1]) != periodOf(dates[t]);
            if (!lastOfPeriod) continue;
            var (year, month) = periodOf(dates[t]);
            result.Add(new PeriodReturn(year, month, x[t] / x[start] - 1, b[t] / b[start] - 1));
            start = t;
        }
        return result;
    }

    /// <summary>The <paramref name="count"/> deepest drawdown episodes of a level series, deepest first (ties: earlier first).</summary>
    public static IReadOnlyList<DrawdownEpisode> WorstDrawdowns(LevelSeries series, int count)
    {
        var episodes = new List<DrawdownEpisode>();
        int peak = 0, trough = 0;
        for (int t = 1; t <= series.Count; t++)
        {
            bool end = t == series.Count;
            if (!end && series.Values[t] < series.Values[peak])
            {
                if (series.Values[t] < series.Values[trough]) trough = t;
                continue;
            }
            // Back at (or above) the peak, or the end of the series: close the episode if there was one.
            if (trough != peak)
                episodes.Add(new DrawdownEpisode(series.Dates[peak], series.Dates[trough], end ? null : series.Dates[t],
                    1 - series.Values[trough] / series.Values[peak], (end ? series.Count - 1 : t) - peak));
            if (!end) peak = trough = t;
        }
        return episodes.OrderByDescending(e => e.Depth).ThenBy(e => e.Peak).Take(count).ToArray();
    }
}
