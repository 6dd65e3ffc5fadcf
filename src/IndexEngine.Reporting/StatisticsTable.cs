using System.Globalization;
using System.Text;
using IndexEngine.Core.Methodology;

namespace IndexEngine.Reporting;

/// <summary>A <see cref="PerformanceSummary"/> as a plain-text table for a terminal: percentages with two
/// decimals, ratios with two, "n/a" for an undefined statistic.</summary>
public static class StatisticsTable
{
    public static string Render(PerformanceSummary s, string indexName, string benchmarkName)
    {
        var rows = new List<(string Label, string Index, string Benchmark)>
        {
            ("Total return", Percent(s.Index.TotalReturn), Percent(s.Benchmark.TotalReturn)),
            ("Annualised return", Percent(s.Index.AnnualisedReturn), Percent(s.Benchmark.AnnualisedReturn)),
            ("Volatility", Percent(s.Index.Volatility), Percent(s.Benchmark.Volatility)),
            ("Sharpe ratio", Ratio(s.Index.Sharpe), Ratio(s.Benchmark.Sharpe)),
            ("Max drawdown", Percent(s.Index.MaxDrawdown), Percent(s.Benchmark.MaxDrawdown)),
            ("  peak", Date(s.Index.MaxDrawdownPeak), Date(s.Benchmark.MaxDrawdownPeak)),
            ("  trough", Date(s.Index.MaxDrawdownTrough), Date(s.Benchmark.MaxDrawdownTrough)),
            ("Tracking error", Percent(s.TrackingError), ""),
            ("Information ratio", Ratio(s.InformationRatio), ""),
            ("Sortino ratio", Ratio(s.Index.Sortino), Ratio(s.Benchmark.Sortino)),
            ("Calmar ratio", Ratio(s.Index.Calmar), Ratio(s.Benchmark.Calmar)),
            ("Beta", Ratio(s.Beta), ""),
            ("Alpha, annual", Percent(s.Alpha), ""),
            ("Correlation", Ratio(s.Correlation), ""),
            ("Up capture", Ratio(s.UpCapture), ""),
            ("Down capture", Ratio(s.DownCapture), ""),
            ("Average turnover", s.AverageTurnover is { } t ? Percent(t) + $" ({s.Rebalances} rebal.)" : "n/a", ""),
        };
        int labelWidth = rows.Max(r => r.Label.Length) + 2;
        int indexWidth = Math.Max(indexName.Length, rows.Max(r => r.Index.Length)) + 2;
        int benchWidth = Math.Max(benchmarkName.Length, rows.Max(r => r.Benchmark.Length)) + 2;

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"Performance {Date(s.Start)} to {Date(s.End)}: {s.Returns} daily returns, {s.PeriodsPerYear} a year, risk-free rate {Percent(s.RiskFreeRate)}\n");
        if (s.IndexDatesWithoutBenchmark > 0)
            sb.Append(CultureInfo.InvariantCulture,
                $"The benchmark has no level on {s.IndexDatesWithoutBenchmark} of the series' dates in this window: both columns use only the {s.Returns + 1} common dates.\n");
        sb.Append('\n');
        sb.Append(new string(' ', labelWidth)).Append(indexName.PadLeft(indexWidth)).Append(benchmarkName.PadLeft(benchWidth)).Append('\n');
        foreach (var (label, index, benchmark) in rows)
            sb.Append(label.PadRight(labelWidth)).Append(index.PadLeft(indexWidth)).Append(benchmark.PadLeft(benchWidth)).TrimEndSpaces().Append('\n');
        return sb.ToString();
    }

    internal static string Percent(double v) =>
        double.IsFinite(v) ? (v * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "n/a";

    internal static string Ratio(double v) => double.IsFinite(v) ? v.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    internal static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static StringBuilder TrimEndSpaces(this StringBuilder sb)
    {
        while (sb.Length > 0 && sb[^1] == ' ') sb.Length--;
        return sb;
    }
}
