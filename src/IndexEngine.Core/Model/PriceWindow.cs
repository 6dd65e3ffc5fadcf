using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Methodology.Research;

namespace IndexEngine.Core.Model;

/// <summary>
/// The price dates a run reads, so that a source can load only them (METHODOLOGY §2 look-backs). It is a
/// methodology fact derived here once from the config: a rebalance as of S reads closes back over the window W,
/// the momentum look-backs and the liquidity periods (each with the §2 close fallback before it), and the close
/// on the date of the §11 metrics row it uses (at most <c>metrics.max_age_days</c> calendar days before S, again
/// with the fallback). A backtest reads that from its first screening date, and forward to <c>--to</c> plus the
/// longest forward-return horizon of its factor diagnostics.
/// <para>
/// Windows are in trading days of the full calendar (every distinct price date), so a source resolves a window
/// with <see cref="Resolve"/> on that calendar. Everything after S that a rule reads from the calendar alone
/// (effective dates, the schedule) comes from <see cref="Universe.Calendar"/>, which a windowed load keeps whole.
/// </para>
/// </summary>
/// <param name="From">The first screening date (rolled back to a trading day); null: the last price date.</param>
/// <param name="To">The last date read before <paramref name="TradingDaysAfter"/>; null: <paramref name="From"/>.</param>
/// <param name="TradingDaysBefore">Trading days read before <paramref name="From"/>'s trading day.</param>
/// <param name="CalendarDaysBefore">Also read from the trading day on or before this many calendar days before
/// <paramref name="From"/>'s trading day (the §11 row age limit); 0 for none.</param>
/// <param name="FallbackDays">Trading days read before either start: the §2 close fallback of a close read there.</param>
/// <param name="TradingDaysAfter">Trading days read after <paramref name="To"/>.</param>
public sealed record PriceWindow(DateOnly? From, DateOnly? To, int TradingDaysBefore, int CalendarDaysBefore, int FallbackDays, int TradingDaysAfter)
{
    /// <summary>The dates a rebalance as of <paramref name="asOf"/> (null: the last price date) reads.</summary>
    public static PriceWindow ForRebalance(MethodologyConfig config, DateOnly? asOf) =>
        new(asOf, asOf, LookBack(config), config.Metrics.MaxAgeDays, config.Technical.CloseFallbackDays, 0);

    /// <summary>The dates a backtest (or its factor diagnostics alone) over [<paramref name="from"/>,
    /// <paramref name="to"/>] reads: every screening date's look-back from <paramref name="from"/> on, the levels
    /// through <paramref name="to"/>, and the forward returns of <see cref="FactorDiagnostics"/> after it.</summary>
    public static PriceWindow ForBacktest(MethodologyConfig config, DateOnly from, DateOnly to) =>
        new(from, to < from ? from : to, LookBack(config), config.Metrics.MaxAgeDays, config.Technical.CloseFallbackDays,
            FactorDiagnostics.LongestHorizonDays);

    /// <summary>The dates that backtests of every one of <paramref name="configs"/> over the same range read (a sweep's
    /// variants, which share one loaded universe): each look-back at its longest, so the window holds each
    /// variant's own.</summary>
    /// <exception cref="ArgumentException"><paramref name="configs"/> is empty.</exception>
    public static PriceWindow ForBacktests(IReadOnlyCollection<MethodologyConfig> configs, DateOnly from, DateOnly to)
    {
        if (configs.Count == 0) throw new ArgumentException("no config", nameof(configs));
        var windows = configs.Select(c => ForBacktest(c, from, to)).ToArray();
        return windows[0] with
        {
            TradingDaysBefore = windows.Max(w => w.TradingDaysBefore),
            CalendarDaysBefore = windows.Max(w => w.CalendarDaysBefore),
            FallbackDays = windows.Max(w => w.FallbackDays),
            TradingDaysAfter = windows.Max(w => w.TradingDaysAfter),
        };
    }

    /// <summary>
    /// The trading days before S a rebalance reads, before the fallback: the close W days back (the first
    /// return's base), the momentum closes, and the oldest day of the liquidity periods.
    /// </summary>
    private static int LookBack(MethodologyConfig config)
    {
        var t = config.Technical;
        return Math.Max(Math.Max(t.Window, t.MomentumSkip), Math.Max(Math.Max(t.MomentumLong, t.MomentumShort), config.Eligibility.AdvDays - 1));
    }

    /// <summary>
    /// The window as inclusive indexes into <paramref name="calendar"/> (ascending, not empty). A date outside the
    /// calendar is clamped to it, so the window always holds at least one date; commands report such dates
    /// against the whole calendar.
    /// </summary>
    /// <exception cref="ArgumentException">The calendar is empty.</exception>
    public (int First, int Last) Resolve(IReadOnlyList<DateOnly> calendar)
    {
        if (calendar.Count == 0) throw new ArgumentException("the calendar is empty", nameof(calendar));
        int anchor = From is { } from ? Math.Max(0, IndexOnOrBefore(calendar, from)) : calendar.Count - 1;
        int start = anchor - TradingDaysBefore;
        if (CalendarDaysBefore > 0 && calendar[anchor].DayNumber - CalendarDaysBefore >= DateOnly.MinValue.DayNumber)
            start = Math.Min(start, IndexOnOrBefore(calendar, calendar[anchor].AddDays(-CalendarDaysBefore)));
        start = Math.Max(0, start - FallbackDays);
        int end = To is { } to ? Math.Max(anchor, IndexOnOrBefore(calendar, to)) : anchor;
        end = (int)Math.Min(calendar.Count - 1L, (long)end + TradingDaysAfter);
        return (start, end);
    }

    /// <summary>
    /// A calendar-day bound of the window for a source that cannot know the calendar before it reads the rows
    /// (a CSV file read once): calendar days before the anchor, assuming 5 trading days a week less 15 holidays
    /// and 1 day in 20 missing. A source keeping rows by this bound must check the exact window afterwards and
    /// read again when the calendar was sparser than that.
    /// </summary>
    public int CalendarDaysBeforeBound =>
        Math.Max(CalendarSpan(TradingDaysBefore), CalendarDaysBefore) + CalendarSpan(FallbackDays);

    /// <summary>The calendar-day bound of the days after <see cref="To"/>, as <see cref="CalendarDaysBeforeBound"/>.</summary>
    public int CalendarDaysAfterBound => CalendarSpan(TradingDaysAfter);

    private static int CalendarSpan(int tradingDays) => (int)Math.Min(int.MaxValue / 4, tradingDays * 7L / 5 + 15 + tradingDays / 20);

    private static int IndexOnOrBefore(IReadOnlyList<DateOnly> calendar, DateOnly date) =>
        ReconstitutionSchedule.LastDateOnOrBefore(calendar, date) ?? -1;
}
