using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology.Sweep;

/// <summary>
/// The part of the config the screen stage reads (§2–§3 up to the screens): the point-in-time view
/// (technical window, close fallback and momentum parameters travel with it, so all of <c>technical.*</c>),
/// the metrics' age limit, every security's returns over W and the eligibility screens.
/// </summary>
public sealed record ScreenKey(TechnicalConfig Technical, MetricsConfig Metrics, EligibilityConfig Eligibility)
{
    public bool Equals(ScreenKey? other) =>
        other is not null && Technical == other.Technical && Metrics == other.Metrics && StageKeys.Same(Eligibility, other.Eligibility);

    public override int GetHashCode() => HashCode.Combine(Technical, Metrics, StageKeys.Hash(Eligibility));
}

/// <summary>The starting universe U (§3): the screened securities and the universe rule with its resolved size band
/// (<c>universe.size</c> matters only through the band's end).</summary>
public sealed record UniverseKey(ScreenKey Screen, IUniverseRule Rule);

/// <summary>
/// The technical metrics of U's members (§4): U and the market return they are measured against.
/// <paramref name="Benchmark"/> is the benchmark series (by reference) when <c>market.source</c> is
/// <c>benchmark</c>, null otherwise (then it is not read).
/// </summary>
public sealed record MeasureKey(UniverseKey Universe, MarketSource Source, LevelSeries? Benchmark)
{
    public bool Equals(MeasureKey? other) =>
        other is not null && Universe == other.Universe && Source == other.Source && ReferenceEquals(Benchmark, other.Benchmark);

    public override int GetHashCode() => HashCode.Combine(Universe, Source, Benchmark is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Benchmark));
}

/// <summary>
/// One factor's z-scores, score and rank (§5.1–5.3): the metric values (fixed by the measure key and the
/// metric names), each metric's direction and weight, and the clip and minimum count of <c>scoring.*</c>.
/// The factor's name and its weight in the composite are not read, so factors differing only there share.
/// </summary>
public sealed record FactorKey(MeasureKey Measure, IReadOnlyList<MetricDefinition> Metrics, double ZClip, int MinMetricCount)
{
    public bool Equals(FactorKey? other) =>
        other is not null && Measure == other.Measure && Metrics.SequenceEqual(other.Metrics) &&
        ZClip.Equals(other.ZClip) && MinMetricCount == other.MinMetricCount;

    public override int GetHashCode() => HashCode.Combine(Measure, StageKeys.Hash(Metrics), ZClip, MinMetricCount);
}

/// <summary>
/// The backtest's cap-weighted benchmark (§9, no --benchmark): the starting universes on the schedule's
/// dates within [<paramref name="From"/>, <paramref name="To"/>], with the level parameters.
/// </summary>
public sealed record CapWeightedKey(UniverseKey Universe, ScheduleConfig Schedule, LevelsConfig Levels, DateOnly From, DateOnly To)
{
    public bool Equals(CapWeightedKey? other) =>
        other is not null && Universe == other.Universe && StageKeys.Same(Schedule, other.Schedule) &&
        Levels == other.Levels && From == other.From && To == other.To;

    public override int GetHashCode() => HashCode.Combine(Universe, StageKeys.Hash(Schedule), Levels, From, To);
}

/// <summary>
/// The one place where a config becomes the keys of its shareable stages. Two variants share a stage's
/// result exactly when its key is equal, so a key holds every config value its stage reads and nothing else;
/// the stages read only their key (see <see cref="RebalancePipeline"/>). Lists compare by content.
/// </summary>
public static class StageKeys
{
    public static ScreenKey Screen(MethodologyConfig config) => new(config.Technical, config.Metrics, config.Eligibility);

    public static UniverseKey Universe(MethodologyConfig config) => new(Screen(config), LargestByCap.For(config));

    public static MeasureKey Measure(MethodologyConfig config, LevelSeries? benchmark) =>
        new(Universe(config), config.MarketSource, config.MarketSource == MarketSource.Benchmark ? benchmark : null);

    public static FactorKey Factor(MeasureKey measure, FactorDefinition factor, ScoringConfig scoring) =>
        new(measure, factor.Metrics, scoring.ZClip, scoring.MinMetricCount);

    public static CapWeightedKey CapWeighted(MethodologyConfig config, DateOnly from, DateOnly to) =>
        new(Universe(config), config.Schedule, config.Levels, from, to);

    internal static bool Same(EligibilityConfig a, EligibilityConfig b) =>
        a.Countries.SequenceEqual(b.Countries, StringComparer.Ordinal) && a.Types.SequenceEqual(b.Types, StringComparer.Ordinal) &&
        a.MinAdv.Equals(b.MinAdv) && a.AdvDays == b.AdvDays && a.AdvPeriods == b.AdvPeriods;

    internal static int Hash(EligibilityConfig e) => HashCode.Combine(Hash(e.Countries), Hash(e.Types), e.MinAdv, e.AdvDays, e.AdvPeriods);

    internal static bool Same(ScheduleConfig a, ScheduleConfig b) => a.ScreeningMonths.SequenceEqual(b.ScreeningMonths) && a.EffectiveRule == b.EffectiveRule;

    internal static int Hash(ScheduleConfig s) => HashCode.Combine(Hash(s.ScreeningMonths), s.EffectiveRule);

    internal static int Hash<T>(IReadOnlyList<T> items)
    {
        var hash = new HashCode();
        foreach (var item in items) hash.Add(item);
        return hash.ToHashCode();
    }
}
