namespace IndexEngine.Core.Configuration;

/// <summary>The effective methodology parameters of one run (METHODOLOGY.md, keys in snake_case).</summary>
public sealed record MethodologyConfig(
    DataConfig Data,
    EligibilityConfig Eligibility,
    TechnicalConfig Technical,
    int UniverseSize,
    MarketSource MarketSource,
    IReadOnlyList<FactorDefinition> Factors,
    ScoringConfig Scoring,
    SelectionConfig Selection,
    WeightingConfig Weighting,
    LevelsConfig Levels,
    StatisticsConfig Statistics,
    MetricsConfig Metrics);

public enum UnknownIdPolicy { Error, Ignore }

public enum MarketSource { Universe, Benchmark }

public sealed record DataConfig(UnknownIdPolicy UnknownIds);

public sealed record EligibilityConfig(
    IReadOnlyList<string> Countries,
    IReadOnlyList<string> Types,
    double MinAdv,
    int AdvDays,
    int AdvPeriods);

public sealed record TechnicalConfig(
    int Window,
    int MinObservations,
    int CloseFallbackDays,
    int MomentumSkip,
    int MomentumLong,
    int MomentumShort,
    double Annualisation);

/// <summary>A metric used by a factor: its column (or computed metric), direction (+1/-1) and weight.</summary>
public sealed record MetricDefinition(string Name, int Direction, double Weight);

/// <summary>A factor: its name, weight in the composite and its metrics.</summary>
public sealed record FactorDefinition(string Name, double Weight, IReadOnlyList<MetricDefinition> Metrics);

public sealed record ScoringConfig(double ZClip, int MinMetricCount, int MinFactors);

/// <summary>Selection size: <see cref="Fraction"/> of |U| when set, else <see cref="Count"/>.</summary>
public sealed record SelectionConfig(int Count, double? Fraction, int? BufferRank);

public sealed record WeightingConfig(double CfsShare, double? SectorCap, double SecurityCap);

/// <summary>Index level parameters. <paramref name="MaxMissingShare"/>: the largest share of the constituents
/// that may lack a close on a day `index calculate` advances through before the day is refused as a broken
/// data delivery.</summary>
public sealed record LevelsConfig(double BaseValue, int MaxStaleDays, double MaxMissingShare = 0.2);

public sealed record StatisticsConfig(int PeriodsPerYear, double RiskFreeRate);

/// <summary>§11: a dated metrics row older than <paramref name="MaxAgeDays"/> calendar days at the screening
/// date is not used (the security then has no metrics and, with point-in-time caps, no market cap).</summary>
public sealed record MetricsConfig(int MaxAgeDays)
{
    public static MetricsConfig Default { get; } = new(400);
}
