using IndexEngine.Core.Model;

namespace IndexEngine.Data.Synthetic;

/// <summary>What to generate: the seed fixes every number, so equal options give equal universes.</summary>
public sealed record GeneratorOptions
{
    public const int MinSecurities = 50;
    public const int MinTradingDays = 300;

    /// <summary>At most securities × trading days price cells: what <see cref="UniverseLoader"/> can read back.</summary>
    public const long MaxPriceCells = UniverseLoader.MaxPriceCells;

    public static readonly DateOnly DefaultFrom = new(2014, 1, 2);
    public static readonly DateOnly DefaultTo = new(2017, 11, 10);

    public ulong Seed { get; init; }
    public int Securities { get; init; } = 1000;
    public DateOnly From { get; init; } = DefaultFrom;
    public DateOnly To { get; init; } = DefaultTo;

    /// <summary>Write metrics.csv as point-in-time snapshots (METHODOLOGY §11): a <c>date</c> column with one
    /// snapshot a quarter (the 15th of January, April, July and October) and each row's market cap.</summary>
    public bool DatedMetrics { get; init; }
}

/// <summary>A generated universe: the same immutable model the loader builds, with the options that made it.</summary>
public sealed record GeneratedUniverse(GeneratorOptions Options, Universe Universe);
