using System.Globalization;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology;

/// <summary>
/// The adjustments a rebalance makes without failing, said out loud: each becomes a warning in the log,
/// summary.json and report.md, so that no input or setting is ignored silently.
/// </summary>
public static class RebalanceWarnings
{
    /// <summary>How many unknown ids a warning names before it only counts the rest.</summary>
    public const int MaxListedIds = 10;

    /// <summary>Every warning about the screening date, the config and the current index, in that order.</summary>
    public static IEnumerable<string> For(Universe universe, DateOnly screening, MethodologyConfig config, int universeSize, PreviousIndex? previous)
    {
        if (NotAScreeningDate(universe.Calendar, screening, config.Schedule) is { } date) yield return date;
        if (SelectionCountIgnored(config.Selection, universeSize) is { } count) yield return count;
        if (FactorWeightsRescaled(config.Factors) is { } weights) yield return weights;
        if (previous is not null && UnknownPreviousIds(universe, previous) is { } ids) yield return ids;
    }

    /// <summary>S is not the last trading day of a screening month (§9): allowed (e.g. an ad hoc rebalance), but
    /// worth a word since the schedule would not rebalance on it.</summary>
    public static string? NotAScreeningDate(IReadOnlyList<DateOnly> calendar, DateOnly screening, ScheduleConfig? schedule = null)
    {
        if (ReconstitutionSchedule.IsScreeningDate(calendar, screening, schedule)) return null;
        var next = ReconstitutionSchedule.NextScreeningDate(calendar, screening.AddDays(1), schedule);
        return string.Create(CultureInfo.InvariantCulture,
            $"{screening:yyyy-MM-dd} is not a screening date of the schedule (the last trading day of {ReconstitutionSchedule.MonthsInWords(schedule)}; the next is {next:yyyy-MM-dd}): rebalanced as of it anyway");
    }

    /// <summary><c>selection.fraction</c> is "given instead" of <c>selection.count</c> (§6): the count is not used.</summary>
    public static string? SelectionCountIgnored(SelectionConfig selection, int universeSize)
    {
        if (selection.Fraction is not { } fraction) return null;
        return string.Create(CultureInfo.InvariantCulture,
            $"selection.count = {selection.Count} is ignored because selection.fraction = {fraction:R} is set: N = {fraction:R} x {universeSize} in U, rounded = {Selection.TargetCount(selection, universeSize)}");
    }

    /// <summary>The composite divides by the sum of the factor weights (§5.4), so weights that do not sum to 1
    /// act as if rescaled: say so, with the weights in effect.</summary>
    public static string? FactorWeightsRescaled(IReadOnlyList<FactorDefinition> factors)
    {
        double sum = factors.Sum(f => f.Weight);
        if (Math.Abs(sum - 1) <= 1e-9) return null;
        var c = CultureInfo.InvariantCulture;
        return $"scoring.factor_weights sum to {sum.ToString("R", c)}, not 1: rescaled to " +
               string.Join(", ", factors.Select(f => $"{f.Name} {(f.Weight / sum).ToString("0.####", c)}"));
    }

    /// <summary>Ids of the current index that securities.csv does not know: they cannot be kept by the buffer
    /// and count as deletions in the turnover.</summary>
    public static string? UnknownPreviousIds(Universe universe, PreviousIndex previous)
    {
        var unknown = previous.Weights.Keys.Where(id => !universe.TryGetSecurityIndex(id, out _)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count == 0) return null;
        string listed = string.Join(", ", unknown.Take(MaxListedIds)) + (unknown.Count > MaxListedIds ? $" and {unknown.Count - MaxListedIds} more" : "");
        return string.Create(CultureInfo.InvariantCulture,
            $"--previous: {unknown.Count} of {previous.Weights.Count} ids are not in securities.csv ({listed}), weight {unknown.Sum(id => previous.Weights[id]):0.######}: they cannot be kept by the buffer and count as deletions");
    }
}
