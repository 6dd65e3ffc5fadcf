using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;

namespace IndexEngine.Reporting;

/// <summary>
/// Everything the HTML backtest report shows. The renderer only formats: statistics, weights and
/// turnovers come computed from the methodology code.
/// </summary>
/// <param name="Title">Report title, e.g. "Multifactor index backtest".</param>
/// <param name="Parameters">Run parameters shown under the title, in order (config file, universe, window, ...).</param>
/// <param name="IndexPriceReturn">Price-return index level.</param>
/// <param name="IndexTotalReturn">Total-return index level (compared with the benchmark).</param>
/// <param name="Benchmark">Benchmark level (rebased to the index's first level on the growth chart).</param>
/// <param name="BenchmarkName">Benchmark label, e.g. "SPY".</param>
/// <param name="Statistics">Total-return index against the benchmark (METHODOLOGY §10).</param>
/// <param name="Rebalances">The rebalances in date order.</param>
/// <param name="Factors">The factor diagnostics (none: no section).</param>
/// <param name="Attribution">The attribution and exposures (none: no sections).</param>
public sealed record BacktestReport(
    string Title,
    IReadOnlyList<(string Key, string Value)> Parameters,
    LevelSeries IndexPriceReturn,
    LevelSeries IndexTotalReturn,
    LevelSeries Benchmark,
    string BenchmarkName,
    PerformanceSummary Statistics,
    IReadOnlyList<RebalanceSnapshot> Rebalances,
    FactorReport? Factors = null,
    AttributionReport? Attribution = null)
{
    /// <summary>Transaction costs and capacity (none: no section).</summary>
    public CostsReport? Costs { get; init; }
}

/// <summary>What the costs and capacity sections show (computed by <c>Costs</c> and <c>Capacity</c>).</summary>
/// <param name="Net">The index net of costs and its statistics.</param>
/// <param name="Capacity">Each rebalance's trades against the securities' volume.</param>
/// <param name="AnnualCostDrag">Gross minus net annualised total return.</param>
public sealed record CostsReport(
    IndexEngine.Core.Methodology.Research.NetOfCosts Net,
    IndexEngine.Core.Methodology.Research.CapacityAnalysis Capacity,
    double AnnualCostDrag);

/// <summary>What the factor diagnostics section shows (all computed by <c>FactorDiagnostics</c>).</summary>
/// <param name="Ics">Each factor's ICs summarised per horizon.</param>
/// <param name="QuantileCumulative">Per factor, each quintile's cumulative return over the backtest (lowest first) and the
/// compounded top-minus-bottom spread.</param>
/// <param name="Autocorrelation">Per factor, the mean rank autocorrelation between consecutive screening dates.</param>
/// <param name="CorrelationFactors">The factors of <paramref name="Correlation"/>, in order.</param>
/// <param name="Correlation">The mean rank correlation between each pair of factors.</param>
public sealed record FactorReport(
    IReadOnlyList<IndexEngine.Core.Methodology.Research.FactorIcSummary> Ics,
    IReadOnlyList<(string Factor, double[] Quantiles, double Spread)> QuantileCumulative,
    IReadOnlyList<(string Factor, double Autocorrelation)> Autocorrelation,
    IReadOnlyList<string> CorrelationFactors,
    double[,] Correlation);

/// <summary>What the attribution and exposure sections show (all computed by <c>AttributionAnalysis</c> and <c>Exposures</c>).</summary>
/// <param name="Sectors">Brinson–Fachler by sector, Carino-linked over the backtest.</param>
/// <param name="SizeDeciles">The same by size decile of the starting universe (decile 1 largest).</param>
/// <param name="Periods">The number of holding periods linked.</param>
/// <param name="Factors">Each factor's exposures averaged over the rebalances.</param>
/// <param name="FactorHistory">Each rebalance's factor exposures.</param>
/// <param name="BenchmarkIsFile">The run's benchmark is a level file (--benchmark): the attribution is still against the
/// cap-weighted starting universe, which has holdings.</param>
public sealed record AttributionReport(
    IndexEngine.Core.Methodology.Research.AttributionPeriod Sectors,
    IndexEngine.Core.Methodology.Research.AttributionPeriod SizeDeciles,
    int Periods,
    IReadOnlyList<IndexEngine.Core.Methodology.Research.FactorExposureSummary> Factors,
    IReadOnlyList<IndexEngine.Core.Methodology.Research.FactorExposure> FactorHistory,
    bool BenchmarkIsFile);

/// <summary>One rebalance as the report shows it.</summary>
/// <param name="Screening">Screening date (data as of).</param>
/// <param name="Effective">Effective date (weights in place at its close).</param>
/// <param name="Constituents">Number of constituents.</param>
/// <param name="Turnover">One-way turnover against the drifted previous weights; null for the initial build.</param>
/// <param name="SectorWeights">Index weight by sector.</param>
/// <param name="DecileWeights">Index weight in each market-cap decile of the constituents, largest first (§8).</param>
/// <param name="UniverseDecileWeights">Cap weight in each market-cap decile of the starting universe, largest first.</param>
public sealed record RebalanceSnapshot(
    DateOnly Screening,
    DateOnly Effective,
    int Constituents,
    double? Turnover,
    IReadOnlyList<(string Sector, double Weight)> SectorWeights,
    IReadOnlyList<double> DecileWeights,
    IReadOnlyList<double> UniverseDecileWeights);
