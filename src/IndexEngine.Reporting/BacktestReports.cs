using IndexEngine.Core.Methodology;

namespace IndexEngine.Reporting;

/// <summary>Builds the HTML report's input from a backtest.</summary>
public static class BacktestReports
{
    public static BacktestReport From(BacktestResult result, string benchmarkName, string universe, string? configPath, IReadOnlyList<string> overrides,
        FactorReport? factors = null)
    {
        var config = result.Steps[0].Result.Config;
        var parameters = new List<(string, string)>
        {
            ("Universe", universe),
            ("Config", configPath ?? "built-in default"),
            ("Factors", string.Join(", ", config.Factors.Select(f => $"{f.Name} {Format.Share(f.Weight / config.Factors.Sum(x => x.Weight))}"))),
            ("Selection", config.Selection.Fraction is { } f ? $"{Format.Percent(f, 0)} of the starting universe" : $"{config.Selection.Count} securities"),
            ("Weighting", $"{Format.Percent(config.Weighting.CfsShare, 0)} CFS / {Format.Percent(1 - config.Weighting.CfsShare, 0)} inverse volatility, sector neutral, security cap {Format.Percent(config.Weighting.SecurityCap, 1)}"),
            ("Benchmark", benchmarkName),
            ("Rebalances", $"{result.Steps.Count}, {Format.Date(result.Steps[0].Dates.Effective)} to {Format.Date(result.Steps[^1].Dates.Effective)}"),
        };
        if (overrides.Count > 0) parameters.Add(("Overrides", string.Join(" ", overrides.Select(o => "--set " + o))));
        foreach (var note in result.Notes) parameters.Add(("Note", note));

        var snapshots = result.Steps.Select(s => new RebalanceSnapshot(
            s.Dates.Screening,
            s.Dates.Effective,
            s.Result.Counts.Selected,
            s.Result.Turnover,
            s.Result.Sectors.Select(x => (x.Sector, x.IndexWeight)).ToArray(),
            s.Result.Deciles.Select(d => d.Weight).ToArray(),
            s.Result.UniverseDeciles.Select(d => d.Weight).ToArray())).ToArray();

        return new BacktestReport("Multifactor index backtest", parameters, result.Index.PriceReturn, result.Index.TotalReturn,
            result.Benchmark, benchmarkName, result.Statistics, snapshots, factors);
    }

    /// <summary>The factor diagnostics section from the per-date results: quintiles compounded over the periods.</summary>
    public static FactorReport Factors(
        IReadOnlyList<IndexEngine.Core.Methodology.Research.FactorIc> ics,
        IReadOnlyList<IndexEngine.Core.Methodology.Research.FactorQuantileReturn> quantiles,
        IReadOnlyList<(DateOnly Screening, string Factor, double Autocorrelation)> autocorrelations,
        (IReadOnlyList<string> Factors, double[,] Correlation) correlations)
    {
        var cumulative = quantiles.GroupBy(q => q.Factor).Select(g =>
        {
            int n = g.Max(q => q.Quantile);
            var growth = Enumerable.Repeat(1.0, n).ToArray();
            double spread = 1;
            foreach (var period in g.GroupBy(q => q.Screening))
            {
                foreach (var q in period) growth[q.Quantile - 1] *= 1 + q.Return;
                spread *= 1 + period.Single(q => q.Quantile == n).Return - period.Single(q => q.Quantile == 1).Return;
            }
            return (g.Key, growth.Select(x => x - 1).ToArray(), spread - 1);
        }).ToArray();
        var autocorrelation = autocorrelations.GroupBy(a => a.Factor)
            .Select(g => (g.Key, g.Select(a => a.Autocorrelation).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average())).ToArray();
        return new FactorReport(IndexEngine.Core.Methodology.Research.FactorDiagnostics.Summarise(ics), cumulative, autocorrelation,
            correlations.Factors, correlations.Correlation);
    }

    /// <summary>The attribution and exposure sections from a backtest's attribution and factor exposures.</summary>
    public static AttributionReport Attribution(
        IndexEngine.Core.Methodology.Research.BacktestAttribution attribution,
        IReadOnlyList<IndexEngine.Core.Methodology.Research.FactorExposure> exposures, bool benchmarkIsFile) =>
        new(attribution.Sectors.Linked, attribution.SizeDeciles.Linked, attribution.Sectors.Periods.Count,
            IndexEngine.Core.Methodology.Research.Exposures.Average(exposures), exposures, benchmarkIsFile);
}
