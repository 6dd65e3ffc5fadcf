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
    MetricsConfig Metrics)
{
    /// <summary>The starting-universe stage (§3): which rule, and the size band it takes.</summary>
    public UniverseRuleConfig Universe { get; init; } = UniverseRuleConfig.Default;

    /// <summary>The schedule stage (§9): the screening months and the effective-date rule.</summary>
    public ScheduleConfig Schedule { get; init; } = ScheduleConfig.Default;

    /// <summary>Transaction costs of a backtest (<c>costs.*</c>): the net-of-cost levels.</summary>
    public CostsConfig Costs { get; init; } = CostsConfig.Default;

    /// <summary>Capacity analysis of a backtest (<c>capacity.*</c>).</summary>
    public CapacityConfig Capacity { get; init; } = CapacityConfig.Default;
}

/// <summary><c>costs.one_way_bps</c>: the cost of trading, in basis points of the value traded (bought or sold),
/// charged at each rebalance's effective close. 0 (the default): the net levels are the gross ones.</summary>
public sealed record CostsConfig(double OneWayBps)
{
    public static CostsConfig Default { get; } = new(0);

    /// <summary>The cost as a fraction of the value traded.</summary>
    public double Rate => OneWayBps / 10_000;
}

/// <summary><c>capacity.aum</c>: the assets tracking the index for the days-of-volume figures;
/// <c>capacity.max_adv_fraction</c>: the largest share of a day's volume a trade may take for the capacity AUM.</summary>
public sealed record CapacityConfig(double Aum, double MaxAdvFraction)
{
    public static CapacityConfig Default { get; } = new(1e9, 0.2);
}

/// <summary><c>universe.rule</c>: how U is taken from the eligible securities.</summary>
public enum UniverseRule { LargestByCap }

/// <summary>
/// The starting-universe stage: U = the eligible securities ranked <paramref name="RankFrom"/> to
/// <paramref name="RankTo"/> (1-based, both inclusive) by point-in-time market cap; a null
/// <paramref name="RankTo"/> means <c>universe.size</c>, so the defaults are today's largest <c>universe.size</c>.
/// </summary>
public sealed record UniverseRuleConfig(UniverseRule Rule, int RankFrom, int? RankTo)
{
    public static UniverseRuleConfig Default { get; } = new(UniverseRule.LargestByCap, 1, null);
}

/// <summary><c>schedule.effective_rule</c>: when a reconstitution screened on S is put in place.</summary>
public enum EffectiveRule { SecondFridayNextMonth, ThirdFridayNextMonth, NextTradingDay }

/// <summary>The schedule stage: screening on the last trading day of each of <paramref name="ScreeningMonths"/>
/// (ascending, distinct, 1..12), effective by <paramref name="EffectiveRule"/>.</summary>
public sealed record ScheduleConfig(IReadOnlyList<int> ScreeningMonths, EffectiveRule EffectiveRule)
{
    /// <summary>METHODOLOGY §9: February, May, August and November; the second Friday of the next month.</summary>
    public static ScheduleConfig Default { get; } = new([2, 5, 8, 11], EffectiveRule.SecondFridayNextMonth);
}

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

public sealed record WeightingConfig(double CfsShare, double? SectorCap, double SecurityCap)
{
    /// <summary><c>weighting.scheme</c>: which weighting stage turns the selection into weights.</summary>
    public WeightingScheme Scheme { get; init; } = WeightingScheme.Multifactor;
}

/// <summary><c>weighting.scheme</c>. <see cref="Multifactor"/>: §7 (CFS / inverse-volatility blend, sector
/// neutrality, security cap). <see cref="Equal"/>: 1/N. <see cref="ModifiedEqual"/>: equal within each
/// sector, sectors at their §7.2 targets, then the security cap. <see cref="Cap"/>: point-in-time market cap,
/// then the §7.3 security cap.</summary>
public enum WeightingScheme { Multifactor, Equal, ModifiedEqual, Cap }

/// <summary>Index level parameters. <paramref name="MaxMissingShare"/>: the largest share of the constituents
/// that may lack a close on a day `index calculate` advances through before the day is refused as a broken
/// data delivery.</summary>
public sealed record LevelsConfig(double BaseValue, int MaxStaleDays, double MaxMissingShare = 0.2)
{
    /// <summary><c>levels.model</c>: how the index moves between rebalances.</summary>
    public LevelModel Model { get; init; } = LevelModel.FixedUnits;
}

/// <summary><c>levels.model</c>. <see cref="FixedUnits"/>: §9, units fixed between rebalances.</summary>
public enum LevelModel { FixedUnits }

public sealed record StatisticsConfig(int PeriodsPerYear, double RiskFreeRate);

/// <summary>§11: a dated metrics row older than <paramref name="MaxAgeDays"/> calendar days at the screening
/// date is not used (the security then has no metrics and, with point-in-time caps, no market cap).</summary>
public sealed record MetricsConfig(int MaxAgeDays)
{
    public static MetricsConfig Default { get; } = new(400);
}
