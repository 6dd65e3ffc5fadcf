using System.Globalization;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Methodology.Blend;
using IndexEngine.Core.Model;

namespace IndexEngine.Reporting;

/// <summary>
/// Builds report.html's input from a blend, in the backtest's report: the blend level is the index (it has
/// no separate price and total return), each rebalance is a snapshot whose "sectors" are the sleeves'
/// target exposures and whose turnover is the rebalance's one-way turnover.
/// </summary>
public static class BlendReports
{
    public static BacktestReport From(BlendResult result, LevelSeries benchmark, string benchmarkName, PerformanceSummary statistics, string specPath)
    {
        var blend = result.Definition;
        string Pct(double v) => Format.Percent(v, 1);
        var parameters = new List<(string, string)>
        {
            ("Spec", specPath),
            ("Sleeves", string.Join(", ", blend.Sleeves.Select(s => $"{s.Name} {Pct(s.Target)} {(s.Funded ? "funded" : "unfunded")}"))),
            ("Cash", Pct(blend.CashTarget)),
            ("Financing", blend.Financing.Rate is { } rate ? $"{Pct(rate)} a year, ACT/360" : "financing series"),
            ("Rebalancing", $"{blend.Schedule.ToString().ToLowerInvariant()}" +
                            (blend.DriftBand is { } band ? $", drift band {Format.Percent(band, 1)}" : ", no drift band")),
            ("Fee", $"{Format.Percent(blend.Fee, 2)} a year"),
            ("Benchmark", benchmarkName),
            ("Rebalances", string.Create(CultureInfo.InvariantCulture,
                $"{result.Rebalances.Count(r => r.Reason == RebalanceReason.Schedule)} scheduled, {result.Rebalances.Count(r => r.Reason == RebalanceReason.Drift)} drift")),
        };
        var snapshots = result.Rebalances.Select(r => new RebalanceSnapshot(
            r.Date, r.Date, blend.Sleeves.Count, r.Turnover,
            blend.Sleeves.Select((s, i) => (s.Name, r.After[i])).ToArray(), [], [])).ToArray();
        return new BacktestReport($"Blend: {blend.Name}", parameters, result.Levels, result.Levels, benchmark,
            benchmarkName, statistics, snapshots);
    }
}
