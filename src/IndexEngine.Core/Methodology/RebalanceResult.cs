using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology;

/// <summary>How many securities survived each step of a rebalance.</summary>
public sealed record ScreeningCounts(
    int Input,
    int FailedCountryOrType,
    int FailedLiquidity,
    int FailedHistory,
    int FailedMarketCap,
    int Eligible,
    int StartingUniverse,
    int WithComposite,
    int Selected);

/// <summary>One selected security and the pieces of its weight (§7).</summary>
public sealed record Constituent(
    Security Security,
    int Member,
    double Cfs,
    int Position,
    double Volatility,
    double WeightCfs,
    double WeightVol,
    double WeightRaw,
    double Weight);

/// <summary>A sector's universe weight, target after neutrality (and sector cap) and final index weight.</summary>
public sealed record SectorRow(string Sector, double UniverseWeight, double Target, double IndexWeight, int Selected);

/// <summary>
/// §11: how old, in calendar days at S, the dated metrics rows used by the members of U were, and how many
/// members had no row within <c>metrics.max_age_days</c>. Min, median and max are null when no member had one.
/// </summary>
public sealed record MetricAgeSummary(int? MinDays, double? MedianDays, int? MaxDays, int MembersWithRow, int MembersWithout)
{
    /// <summary>The summary of the given ages (null: no usable row).</summary>
    public static MetricAgeSummary Of(IReadOnlyCollection<int?> ages)
    {
        var known = ages.Where(a => a is not null).Select(a => a!.Value).Order().ToArray();
        int n = known.Length;
        double? median = n == 0 ? null : n % 2 == 1 ? known[n / 2] : (known[n / 2 - 1] + known[n / 2]) / 2.0;
        return new MetricAgeSummary(n == 0 ? null : known[0], median, n == 0 ? null : known[^1], n, ages.Count - n);
    }
}

/// <summary>Everything one rebalance decided, for the output files and the backtest.</summary>
public sealed record RebalanceResult(
    DateOnly AsOf,
    MethodologyConfig Config,
    ScreeningCounts Counts,
    IReadOnlyList<Security> Members,
    int[] MemberSecurityIndex,
    double[] MemberVolatility,
    ScoreTable Scores,
    SelectionResult Selection,
    IReadOnlyList<string?> ExclusionReasons,
    IReadOnlyList<Constituent> Constituents,
    IReadOnlyList<SectorRow> Sectors,
    IReadOnlyList<DecileWeight> Deciles,
    IReadOnlyList<DecileWeight> UniverseDeciles,
    IReadOnlyList<SizeBucket> SizeMix,
    double? Turnover,
    IReadOnlyList<WeightChange> Adds,
    IReadOnlyList<WeightChange> Drops,
    IReadOnlyList<string> Warnings,
    MetricAgeSummary? MetricAges = null)
{
    /// <summary>Every security of the input outside U, in id order, with why (§3): the rows after the members in scores.csv.</summary>
    public IReadOnlyList<ExcludedSecurity> OutsideUniverse { get; init; } = [];

    /// <summary>When the weights are put in place (§9).</summary>
    public EffectiveDate Effective { get; init; } = new(default, true);

    /// <summary>Weights by security id.</summary>
    public IReadOnlyDictionary<string, double> Weights =>
        Constituents.ToDictionary(c => c.Security.Id, c => c.Weight, StringComparer.Ordinal);
}

/// <summary>
/// The effective date of a rebalance: the first effective date of the schedule (§9, <c>schedule.*</c>) after
/// the screening date S, read off the price calendar (by default the second Friday of March, June, September
/// or December, or the trading day before it). <see cref="Estimated"/>: the calendar ends before that date, so
/// it is the rule's weekday-only date (a holiday would move it).
/// </summary>
public sealed record EffectiveDate(DateOnly Date, bool Estimated)
{
    /// <param name="calendar">The trading calendar, ascending, with <paramref name="screening"/> in it.</param>
    /// <param name="screening">S.</param>
    /// <param name="schedule">The schedule; null means §9's default.</param>
    public static EffectiveDate After(IReadOnlyList<DateOnly> calendar, DateOnly screening, ScheduleConfig? schedule = null)
    {
        schedule ??= ScheduleConfig.Default;
        var rule = ReconstitutionSchedule.RuleOf(schedule);
        // From S's previous month on: a reconstitution screened then may still become effective after S.
        var (year, month) = screening.Month == 1 ? (screening.Year - 1, 12) : (screening.Year, screening.Month - 1);
        for (; ; (year, month) = ReconstitutionSchedule.NextMonth(year, month))
        {
            if (!schedule.ScreeningMonths.Contains(month)) continue;
            var monthScreening = ScreeningOf(calendar, year, month);
            var nominal = rule.Nominal(monthScreening);
            if (nominal <= screening) continue;
            if (rule.OnCalendar(calendar, monthScreening) is not { } traded) return new EffectiveDate(nominal, true);
            if (traded > screening) return new EffectiveDate(traded, false);
        }
    }

    /// <summary>A month's screening date: its last trading day in the calendar, else its last weekday.</summary>
    private static DateOnly ScreeningOf(IReadOnlyList<DateOnly> calendar, int year, int month)
    {
        var monthEnd = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return ReconstitutionSchedule.LastDateOnOrBefore(calendar, monthEnd) is { } i && calendar[i].Month == month && calendar[i].Year == year
            ? calendar[i]
            : ReconstitutionSchedule.LastWeekday(year, month);
    }
}
