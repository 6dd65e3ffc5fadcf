using System.Globalization;
using System.Net;
using System.Text;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;
using IndexEngine.Reporting.Svg;

namespace IndexEngine.Reporting;

/// <summary>
/// Renders a backtest as one self-contained HTML page (report.html): inline CSS and inline SVG charts,
/// no scripts, fonts or anything fetched from the network, every string HTML-escaped. Pure: the same
/// report gives the same bytes. Time-series charts cover the statistics window.
/// </summary>
public static partial class HtmlReport
{
    private const string IndexTrColor = "#1f4e79";
    private const string IndexPrColor = "#5b9bd5";
    private const string BenchmarkColor = "#c55a11";
    private const string PositiveColor = "#2e7d32";
    private const string NegativeColor = "#c62828";
    private const int RollingWindow = 252;
    private const double ChartWidth = 1100;

    private static readonly string[] SectorPalette =
    [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
        "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#17becf", "#8c564b",
        "#1f77b4", "#bcbd22", "#7f7f7f", "#aec7e8",
    ];

    public static string Render(BacktestReport report)
    {
        var s = report.Statistics;
        var tr = Window(report.IndexTotalReturn, s.Start, s.End);
        var pr = Window(report.IndexPriceReturn, s.Start, s.End);
        var benchmark = Window(report.Benchmark, s.Start, s.End);
        var rebalances = report.Rebalances.OrderBy(r => r.Effective).ToArray();

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(report.Title)).Append("</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n");

        html.Append("<header>\n<h1>").Append(E(report.Title)).Append("</h1>\n<p class=\"subtitle\">")
            .Append(E($"Total-return index against {report.BenchmarkName}, {Date(s.Start)} to {Date(s.End)} ({s.Returns} daily returns) · {rebalances.Length} rebalance{(rebalances.Length == 1 ? "" : "s")}"))
            .Append("</p>\n</header>\n");
        html.Append(KeyFigures(s, report.BenchmarkName));
        html.Append(Section("Run parameters", ParameterList(report.Parameters)));
        html.Append(Section("Growth of the index and the benchmark", GrowthChart(tr, pr, benchmark, report.BenchmarkName),
            $"Log scale. The benchmark is rebased to the index level on {Date(s.Start)}."));
        html.Append(Section("Performance statistics", StatisticsTable(report, pr),
            $"Daily returns, {s.PeriodsPerYear} a year, risk-free rate {Pct(s.RiskFreeRate, 2)}. Sample (n-1) standard deviations. " +
            $"Every column uses the same {s.Returns + 1} dates from {Date(s.Start)} to {Date(s.End)}" +
            (s.IndexDatesWithoutBenchmark > 0 ? $"; the benchmark has no level on {s.IndexDatesWithoutBenchmark} of the index's dates, which are skipped. " : ". ") +
            "Tracking error, information ratio and beta are of the total-return index against the benchmark."));
        html.Append(Section("Drawdowns", DrawdownChart(tr, benchmark, report.BenchmarkName),
            "Fall from the running high: 1 - L(t) / max L(u), u ≤ t."));
        if (report.Factors is { } factors)
        {
            html.Append(Section("Factor information coefficients", FactorIcTable(factors.Ics),
                "Spearman rank correlation, at each screening date, of each factor rank (and the CFS) of the starting universe with the members' forward total return " +
                "to the next screening date and over 21, 63 and 252 trading days; mean, standard deviation, IR = mean / sd and t = IR × √periods over the backtest. Per date: factor_ic.csv."));
            html.Append(Section("Factor quintile portfolios", QuintileTable(factors),
                "The starting universe cut into five equal-count groups by each factor rank (Q1 lowest), equal-weighted and held to the next screening date; " +
                "cumulative return over the backtest, and the top-minus-bottom spread compounded period by period. Per date: factor_quantiles.csv."));
            html.Append(Section("Factor turnover and overlap", FactorOverlapTable(factors),
                "Rank autocorrelation: Spearman correlation of a factor's ranks at consecutive screening dates (1 = unchanged). " +
                "Correlations: mean over the screening dates of the Spearman correlation between two factors' ranks."));
        }
        if (report.Attribution is { } attribution) html.Append(AttributionSections.Render(attribution));
        html.Append(Section("Worst drawdowns", WorstDrawdownTable(tr),
            "The five deepest falls of the total-return index from a running high, with the date it was back at that high; length in trading days from peak to recovery (or to the last date)."));
        html.Append(Section("Calendar-year returns", YearTable(tr, benchmark, report.BenchmarkName),
            "Each year from the previous year's last close (the first year from the first date); active = index − benchmark."));
        html.Append(Section("Monthly returns", MonthHeatMap(tr, benchmark, report.BenchmarkName),
            "Total-return index, benchmark and active (index − benchmark) return of each month from the previous month's last close, and of the year; " +
            "green above zero, red below, shaded by size (index and benchmark on one scale, active on its own)."));
        html.Append(Section("Rolling one-year active return", RollingChart(tr, benchmark, report.BenchmarkName),
            $"Total-return index return over the last {RollingWindow} trading days minus the benchmark's."));
        var rolling = PerformanceStatistics.Rolling(tr, benchmark, RollingWindow, new StatisticsConfig(s.PeriodsPerYear, s.RiskFreeRate));
        html.Append(Section("Rolling one-year return and risk", RollingRiskCharts(rolling, report.BenchmarkName),
            $"Over the last {RollingWindow} trading days at each date: return, annualised volatility, tracking error, beta and Sharpe ratio (total-return index; the formulas of §10 on the window)."));
        html.Append(Section("Sector weights at each rebalance", SectorChart(rebalances), "Target weights at the effective date."));
        html.Append(Section("Weight by market-cap decile", DecileChart(rebalances),
            "Constituents (index) and starting-universe members (cap-weighted) sorted by market cap and cut into ten groups, largest first."));
        html.Append(Section("Turnover per rebalance", TurnoverChart(rebalances, s),
            "One-way turnover 0.5 · Σ|w(new) − w(drifted)| against the weights the previous holdings had drifted to; the initial build is not turnover."));
        if (report.Costs is { } costs) html.Append(CostSections(costs, report.Statistics, tr));
        html.Append(Section("Rebalances", RebalanceTable(rebalances)));
        html.Append("<footer>Generated by IndexEngine. Levels and statistics follow docs/methodology.md §9 and §10 of the IndexEngine repository.</footer>\n");
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string KeyFigures(PerformanceSummary s, string benchmarkName)
    {
        var cards = new (string Label, string Value, string Detail, bool? Good)[]
        {
            ("Annualised return", Pct(s.Index.AnnualisedReturn, 2), $"{benchmarkName}: {Pct(s.Benchmark.AnnualisedReturn, 2)}", null),
            ("Excess return", SignedPct(s.Index.AnnualisedReturn - s.Benchmark.AnnualisedReturn, 2), "annualised, index minus benchmark",
                double.IsFinite(s.Index.AnnualisedReturn - s.Benchmark.AnnualisedReturn) ? s.Index.AnnualisedReturn >= s.Benchmark.AnnualisedReturn : null),
            ("Volatility", Pct(s.Index.Volatility, 2), $"{benchmarkName}: {Pct(s.Benchmark.Volatility, 2)}", null),
            ("Sharpe ratio", Num(s.Index.Sharpe), $"{benchmarkName}: {Num(s.Benchmark.Sharpe)}", null),
            ("Max drawdown", Pct(s.Index.MaxDrawdown, 1), $"{benchmarkName}: {Pct(s.Benchmark.MaxDrawdown, 1)}", null),
            ("Information ratio", Num(s.InformationRatio), $"tracking error {Pct(s.TrackingError, 2)}", null),
        };
        var sb = new StringBuilder("<section class=\"kpis\">\n");
        foreach (var (label, value, detail, good) in cards)
        {
            var cls = good switch { true => " positive", false => " negative", null => "" };
            sb.Append("<div class=\"kpi\"><div class=\"kpi-label\">").Append(E(label)).Append("</div><div class=\"kpi-value")
                .Append(cls).Append("\">").Append(E(value)).Append("</div><div class=\"kpi-detail\">").Append(E(detail)).Append("</div></div>\n");
        }
        return sb.Append("</section>\n").ToString();
    }

    private static string ParameterList(IReadOnlyList<(string Key, string Value)> parameters)
    {
        if (parameters.Count == 0) return "<p class=\"empty\">No parameters given.</p>";
        var sb = new StringBuilder("<dl class=\"params\">\n");
        foreach (var (key, value) in parameters)
            sb.Append("<div><dt>").Append(E(key)).Append("</dt><dd>").Append(E(value)).Append("</dd></div>\n");
        return sb.Append("</dl>").ToString();
    }

    private static string GrowthChart(LevelSeries tr, LevelSeries pr, LevelSeries benchmark, string benchmarkName)
    {
        var (dates, index, bench) = PerformanceStatistics.Align(tr, benchmark);
        if (dates.Length < 2) return Empty("Not enough common dates to chart.");
        double rebase = index[0] / bench[0];
        var chart = new SvgChart("growth", ChartWidth, 420,
        [
            new("Index (total return)", IndexTrColor),
            new("Index (price return)", IndexPrColor, LegendMark.DashedLine),
            new($"{benchmarkName} (rebased)", BenchmarkColor),
        ]);
        var prPoints = Points(pr.Dates, pr.Values);
        var all = index.Concat(bench.Select(b => b * rebase)).Concat(pr.Values).ToArray();
        chart.TimeAxis(dates[0], dates[^1], "Date");
        chart.LogY(all.Min(), all.Max(), v => v.ToString(v >= 10 ? "#,0" : "0.##", CultureInfo.InvariantCulture), "Index level (log scale)");
        chart.Line(Points(dates, bench.Select(b => b * rebase).ToArray()), BenchmarkColor, 1.4);
        chart.Line(prPoints, IndexPrColor, 1.4, dashed: true);
        chart.Line(Points(dates, index), IndexTrColor, 1.8);
        return chart.ToSvg($"Growth of the index (total and price return) and {benchmarkName}");
    }

    private static string DrawdownChart(LevelSeries tr, LevelSeries benchmark, string benchmarkName)
    {
        var (dates, index, bench) = PerformanceStatistics.Align(tr, benchmark);
        if (dates.Length < 2) return Empty("Not enough common dates to chart.");
        var ddIndex = PerformanceStatistics.Drawdowns(index).Select(d => -d).ToArray();
        var ddBench = PerformanceStatistics.Drawdowns(bench).Select(d => -d).ToArray();
        var chart = new SvgChart("drawdowns", ChartWidth, 320,
            [new("Index (total return)", IndexTrColor, LegendMark.Box), new(benchmarkName, BenchmarkColor)]);
        chart.TimeAxis(dates[0], dates[^1], "Date");
        chart.LinearY(Math.Min(-0.01, Math.Min(ddIndex.Min(), ddBench.Min())), 0, PctTick, "Drawdown");
        chart.Area(Points(dates, ddIndex), 0, IndexTrColor, 0.22);
        chart.Line(Points(dates, ddIndex), IndexTrColor, 1.2);
        chart.Line(Points(dates, ddBench), BenchmarkColor, 1.2);
        return chart.ToSvg($"Drawdowns of the index and {benchmarkName}");
    }

    private static string RollingChart(LevelSeries tr, LevelSeries benchmark, string benchmarkName)
    {
        var (dates, values) = PerformanceStatistics.RollingActiveReturn(tr, benchmark, RollingWindow);
        if (dates.Length < 2) return Empty($"Fewer than {RollingWindow + 2} common dates: no rolling one-year window to chart.");
        var chart = new SvgChart("rolling", ChartWidth, 320,
            [new($"Index ahead of {benchmarkName}", PositiveColor, LegendMark.Box), new($"Index behind {benchmarkName}", NegativeColor, LegendMark.Box)]);
        chart.TimeAxis(dates[0], dates[^1], "Date (end of the one-year window)");
        double lo = Math.Min(0, values.Min()), hi = Math.Max(0, values.Max());
        chart.LinearY(lo, hi, PctTick, "Active return, trailing year");
        chart.ClipAtY(0);
        var points = Points(dates, values);
        chart.Area(points, 0, PositiveColor, 0.35, SvgChart.ClipAbove);
        chart.Area(points, 0, NegativeColor, 0.35, SvgChart.ClipBelow);
        chart.Line(points, "#37474f", 1.1);
        return chart.ToSvg($"Rolling one-year active return of the index against {benchmarkName}");
    }

    private static string RollingRiskCharts(RollingStatistics rolling, string benchmarkName)
    {
        if (rolling.Dates.Length < 2) return Empty($"Fewer than {RollingWindow + 2} common dates: no rolling one-year window to chart.");
        string Chart(string id, string title, string axis, Func<double, double, string> ticks, params (string Label, string Color, double[] Values)[] lines)
        {
            var chart = new SvgChart(id, ChartWidth, 260, lines.Select(l => new LegendItem(l.Label, l.Color)).ToArray());
            chart.TimeAxis(rolling.Dates[0], rolling.Dates[^1], "Date (end of the one-year window)");
            var finite = lines.SelectMany(l => l.Values).Where(double.IsFinite).ToArray();
            chart.LinearY(Math.Min(0, finite.DefaultIfEmpty(0).Min()), Math.Max(0, finite.DefaultIfEmpty(1).Max()), ticks, axis);
            foreach (var (_, color, values) in lines)
                chart.Line(Points(rolling.Dates, values.Select(v => double.IsFinite(v) ? v : 0).ToArray()), color);
            return chart.ToSvg(title);
        }
        static string RatioTick(double v, double step) => v.ToString(step < 0.1 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
        return Chart("rolling-return", "Rolling one-year return", "Return, trailing year", PctTick,
                   ("Index", IndexTrColor, rolling.IndexReturn), (benchmarkName, BenchmarkColor, rolling.BenchmarkReturn)) +
               Chart("rolling-risk", "Rolling one-year volatility and tracking error", "Annualised", PctTick,
                   ("Index volatility", IndexTrColor, rolling.IndexVolatility), ($"{benchmarkName} volatility", BenchmarkColor, rolling.BenchmarkVolatility),
                   ("Tracking error", NegativeColor, rolling.TrackingError)) +
               Chart("rolling-ratios", "Rolling one-year beta and Sharpe ratio", "Ratio", RatioTick,
                   ("Beta", IndexPrColor, rolling.Beta), ("Sharpe ratio", PositiveColor, rolling.Sharpe));
    }

    private static string SectorChart(IReadOnlyList<RebalanceSnapshot> rebalances)
    {
        if (rebalances.Count == 0) return Empty("No rebalances.");
        // Largest sectors at the bottom, in one fixed order and colour for all bars.
        var sectors = rebalances.SelectMany(r => r.SectorWeights)
            .GroupBy(x => x.Sector, StringComparer.Ordinal)
            .Select(g => (Sector: g.Key, Average: g.Sum(x => x.Weight) / rebalances.Count))
            .OrderByDescending(x => x.Average).ThenBy(x => x.Sector, StringComparer.Ordinal)
            .Select(x => x.Sector).ToArray();
        var colors = sectors.Select((_, k) => SectorPalette[k % SectorPalette.Length]).ToArray();
        var chart = new SvgChart("sectors", ChartWidth, 420,
            sectors.Select((name, k) => new LegendItem(name, colors[k], LegendMark.Box)).ToArray());
        double band = chart.BandAxis(rebalances.Select(r => MonthYear(r.Effective)).ToArray(), "Effective date");
        double top = rebalances.Max(r => r.SectorWeights.Sum(x => x.Weight));
        chart.LinearY(0, Math.Max(1, top), PctTick, "Index weight");
        for (int k = 0; k < rebalances.Count; k++)
        {
            var weights = rebalances[k].SectorWeights.GroupBy(x => x.Sector, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(x => x.Weight), StringComparer.Ordinal);
            double cumulative = 0;
            for (int j = 0; j < sectors.Length; j++)
            {
                if (!weights.TryGetValue(sectors[j], out double w) || w <= 0) continue;
                chart.Bar(chart.X(k), band * 0.78, cumulative, cumulative + w, colors[j],
                    $"{Date(rebalances[k].Effective)} · {sectors[j]}: {Pct(w, 1)}");
                cumulative += w;
            }
        }
        return chart.ToSvg("Sector weights of the index at each rebalance");
    }

    private static string DecileChart(IReadOnlyList<RebalanceSnapshot> rebalances)
    {
        if (rebalances.Count == 0) return Empty("No rebalances.");
        var latest = rebalances[^1];
        int groups = Math.Max(latest.DecileWeights.Count, latest.UniverseDecileWeights.Count);
        if (groups == 0) return Empty("The latest rebalance has no decile weights.");
        var chart = new SvgChart("deciles", ChartWidth, 340,
        [
            new($"Index, rebalance of {Date(latest.Effective)}", IndexTrColor, LegendMark.Box),
            new("Starting universe, cap-weighted", BenchmarkColor, LegendMark.Box),
        ]);
        var labels = Enumerable.Range(1, groups).Select(g => g == 1 ? "1 (largest)" : g == groups ? $"{g} (smallest)" : g.ToString(CultureInfo.InvariantCulture)).ToArray();
        double band = chart.BandAxis(labels, "Market-cap decile");
        double max = latest.DecileWeights.Concat(latest.UniverseDecileWeights).DefaultIfEmpty(0).Max();
        chart.LinearY(0, Math.Max(0.01, max), PctTick, "Weight");
        double bar = band * 0.36;
        for (int g = 0; g < groups; g++)
        {
            if (g < latest.DecileWeights.Count)
                chart.Bar(chart.X(g) - bar / 2 - 1, bar, 0, latest.DecileWeights[g], IndexTrColor, $"Decile {g + 1}, index: {Pct(latest.DecileWeights[g], 1)}");
            if (g < latest.UniverseDecileWeights.Count)
                chart.Bar(chart.X(g) + bar / 2 + 1, bar, 0, latest.UniverseDecileWeights[g], BenchmarkColor, $"Decile {g + 1}, universe: {Pct(latest.UniverseDecileWeights[g], 1)}");
        }
        return chart.ToSvg("Index and universe weight by market-cap decile at the latest rebalance");
    }

    private static string TurnoverChart(IReadOnlyList<RebalanceSnapshot> rebalances, PerformanceSummary s)
    {
        var withTurnover = rebalances.Where(r => r.Turnover is not null).ToArray();
        if (withTurnover.Length == 0) return Empty("No rebalance after the initial build: no turnover yet.");
        double average = s.AverageTurnover ?? withTurnover.Average(r => r.Turnover!.Value);
        var chart = new SvgChart("turnover", ChartWidth, 320,
            [new("One-way turnover", "#4e79a7", LegendMark.Box), new("Average", "#37474f", LegendMark.DashedLine)]);
        double band = chart.BandAxis(withTurnover.Select(r => MonthYear(r.Effective)).ToArray(), "Effective date");
        chart.LinearY(0, Math.Max(0.01, withTurnover.Max(r => r.Turnover!.Value)), PctTick, "One-way turnover");
        for (int k = 0; k < withTurnover.Length; k++)
            chart.Bar(chart.X(k), band * 0.7, 0, withTurnover[k].Turnover!.Value, "#4e79a7",
                $"{Date(withTurnover[k].Effective)}: {Pct(withTurnover[k].Turnover!.Value, 1)}");
        chart.HorizontalRule(average, "#37474f", $"Average {Pct(average, 1)}");
        return chart.ToSvg("One-way turnover at each rebalance");
    }

    private static string StatisticsTable(BacktestReport report, LevelSeries pr)
    {
        var s = report.Statistics;
        SeriesStatistics? prStats = pr.Count >= 3
            // On the comparison's own dates (those the benchmark has too), like every other column.
            ? PerformanceStatistics.Compute(pr, report.Benchmark, new StatisticsConfig(s.PeriodsPerYear, s.RiskFreeRate), s.Start, s.End).Index
            : null;
        string P(SeriesStatistics? x, Func<SeriesStatistics, double> f, int decimals = 2) => x is null ? "–" : Pct(f(x), decimals);
        string N(SeriesStatistics? x, Func<SeriesStatistics, double> f) => x is null ? "–" : Num(f(x));
        var rows = new (string Label, string Tr, string Pr, string Bench)[]
        {
            ("Total return", P(s.Index, x => x.TotalReturn, 1), P(prStats, x => x.TotalReturn, 1), P(s.Benchmark, x => x.TotalReturn, 1)),
            ("Annualised return", P(s.Index, x => x.AnnualisedReturn), P(prStats, x => x.AnnualisedReturn), P(s.Benchmark, x => x.AnnualisedReturn)),
            ("Volatility", P(s.Index, x => x.Volatility), P(prStats, x => x.Volatility), P(s.Benchmark, x => x.Volatility)),
            ("Sharpe ratio", N(s.Index, x => x.Sharpe), N(prStats, x => x.Sharpe), N(s.Benchmark, x => x.Sharpe)),
            ("Max drawdown", P(s.Index, x => x.MaxDrawdown), P(prStats, x => x.MaxDrawdown), P(s.Benchmark, x => x.MaxDrawdown)),
            ("Max drawdown period", Period(s.Index), prStats is null ? "–" : Period(prStats), Period(s.Benchmark)),
            ("Tracking error", Pct(s.TrackingError, 2), "–", "–"),
            ("Information ratio", Num(s.InformationRatio), "–", "–"),
            ("Sortino ratio", N(s.Index, x => x.Sortino), N(prStats, x => x.Sortino), N(s.Benchmark, x => x.Sortino)),
            ("Calmar ratio", N(s.Index, x => x.Calmar), N(prStats, x => x.Calmar), N(s.Benchmark, x => x.Calmar)),
            ("Beta", Num(s.Beta), "–", "–"),
            ("Alpha (annualised)", Pct(s.Alpha, 2), "–", "–"),
            ("Correlation", Num(s.Correlation), "–", "–"),
            ("Up / down capture", $"{Num(s.UpCapture)} / {Num(s.DownCapture)}", "–", "–"),
            ("Average one-way turnover", s.AverageTurnover is { } t ? $"{Pct(t, 1)} ({s.Rebalances} rebalances)" : "–", "–", "–"),
        };
        var sb = new StringBuilder("<table class=\"stats\">\n<thead><tr><th></th><th>Index (total return)</th><th>Index (price return)</th><th>")
            .Append(E(report.BenchmarkName)).Append("</th></tr></thead>\n<tbody>\n");
        foreach (var (label, a, b, c) in rows)
            sb.Append("<tr><th scope=\"row\">").Append(E(label)).Append("</th><td>").Append(E(a)).Append("</td><td>")
                .Append(E(b)).Append("</td><td>").Append(E(c)).Append("</td></tr>\n");
        return sb.Append("</tbody>\n</table>").ToString();
    }

    private static string FactorIcTable(IReadOnlyList<IndexEngine.Core.Methodology.Research.FactorIcSummary> ics)
    {
        var sb = new StringBuilder("<table class=\"ics\">\n<thead><tr><th>Factor</th><th>Horizon</th><th>Dates</th><th>Mean IC</th><th>SD</th><th>IC IR</th><th>t</th></tr></thead>\n<tbody>\n");
        foreach (var ic in ics)
            sb.Append("<tr><td>").Append(E(ic.Factor)).Append("</td><td>").Append(E(ic.Horizon)).Append("</td><td>")
                .Append(ic.Periods.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(Fixed3(ic.Mean)).Append("</td><td>")
                .Append(Fixed3(ic.StdDev)).Append("</td><td>").Append(Num(ic.InformationRatio)).Append("</td><td>").Append(Num(ic.TStat)).Append("</td></tr>\n");
        return sb.Append("</tbody>\n</table>").ToString();
    }

    private static string QuintileTable(FactorReport factors)
    {
        if (factors.QuantileCumulative.Count == 0) return Empty("Fewer than two screening dates: no holding period.");
        int n = factors.QuantileCumulative.Max(q => q.Quantiles.Length);
        var sb = new StringBuilder("<table class=\"quintiles\">\n<thead><tr><th>Factor</th>");
        for (int q = 1; q <= n; q++) sb.Append("<th>Q").Append(q.ToString(CultureInfo.InvariantCulture)).Append("</th>");
        sb.Append("<th>Top − bottom</th></tr></thead>\n<tbody>\n");
        foreach (var (factor, quantiles, spread) in factors.QuantileCumulative)
        {
            sb.Append("<tr><td>").Append(E(factor)).Append("</td>");
            foreach (var r in quantiles) sb.Append("<td>").Append(E(Pct(r, 1))).Append("</td>");
            sb.Append("<td>").Append(E(SignedPct(spread, 1))).Append("</td></tr>\n");
        }
        return sb.Append("</tbody>\n</table>").ToString();
    }

    private static string FactorOverlapTable(FactorReport factors)
    {
        var sb = new StringBuilder("<table class=\"overlap\">\n<thead><tr><th>Factor</th><th>Rank autocorrelation</th>");
        foreach (var f in factors.CorrelationFactors) sb.Append("<th>").Append(E(f)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        var auto = factors.Autocorrelation.ToDictionary(a => a.Factor, a => a.Autocorrelation, StringComparer.Ordinal);
        for (int a = 0; a < factors.CorrelationFactors.Count; a++)
        {
            var name = factors.CorrelationFactors[a];
            sb.Append("<tr><td>").Append(E(name)).Append("</td><td>").Append(Num(auto.GetValueOrDefault(name, double.NaN))).Append("</td>");
            for (int b = 0; b < factors.CorrelationFactors.Count; b++) sb.Append("<td>").Append(Num(factors.Correlation[a, b])).Append("</td>");
            sb.Append("</tr>\n");
        }
        if (auto.TryGetValue(IndexEngine.Core.Methodology.Research.FactorDiagnostics.CompositeName, out var cfs))
            sb.Append("<tr><td>cfs</td><td>").Append(Num(cfs)).Append("</td>").Append(string.Concat(Enumerable.Repeat("<td></td>", factors.CorrelationFactors.Count))).Append("</tr>\n");
        return sb.Append("</tbody>\n</table>").ToString();
    }

    private static string Fixed3(double v) => double.IsFinite(v) ? v.ToString("F3", CultureInfo.InvariantCulture) : "n/a";

    private static string WorstDrawdownTable(LevelSeries tr)
    {
        var worst = ReturnTables.WorstDrawdowns(tr, 5);
        if (worst.Count == 0) return Empty("The index never fell below a running high.");
        var sb = new StringBuilder("<table class=\"drawdowns\">\n<thead><tr><th>Depth</th><th>Peak</th><th>Trough</th><th>Recovered</th><th>Length</th></tr></thead>\n<tbody>\n");
        foreach (var d in worst)
            sb.Append("<tr><td>").Append(E(Pct(d.Depth, 1))).Append("</td><td>").Append(Date(d.Peak)).Append("</td><td>").Append(Date(d.Trough))
                .Append("</td><td>").Append(d.Recovery is { } r ? Date(r) : "not yet").Append("</td><td>")
                .Append(d.Length.ToString(CultureInfo.InvariantCulture)).Append(" days</td></tr>\n");
        return sb.Append("</tbody>\n</table>").ToString();
    }

    private static string YearTable(LevelSeries tr, LevelSeries benchmark, string benchmarkName)
    {
        var years = tr.Count >= 2 && benchmark.Count >= 2 ? ReturnTables.Years(tr, benchmark) : [];
        if (years.Count == 0) return Empty("Too few common dates of the index and the benchmark.");
        var sb = new StringBuilder("<table class=\"years\">\n<thead><tr><th>Year</th><th>Index</th><th>").Append(E(benchmarkName))
            .Append("</th><th>Active</th></tr></thead>\n<tbody>\n");
        foreach (var y in years)
            sb.Append("<tr><td>").Append(y.Year.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(Pct(y.Index, 1)))
                .Append("</td><td>").Append(E(Pct(y.Benchmark, 1))).Append("</td><td>").Append(E(SignedPct(y.Active, 1))).Append("</td></tr>\n");
        return sb.Append("</tbody>\n</table>").ToString();
    }

    private static string MonthHeatMap(LevelSeries tr, LevelSeries benchmark, string benchmarkName)
    {
        var months = tr.Count >= 2 && benchmark.Count >= 2 ? ReturnTables.Months(tr, benchmark) : [];
        if (months.Count == 0) return Empty("Too few common dates of the index and the benchmark.");
        var years = ReturnTables.Years(tr, benchmark).ToDictionary(y => y.Year);
        double scale = Math.Max(1e-12, months.Max(m => Math.Max(Math.Abs(m.Index), Math.Abs(m.Benchmark))));
        double activeScale = Math.Max(1e-12, months.Max(m => Math.Abs(m.Active)));
        var sb = new StringBuilder("<table class=\"months\">\n<thead><tr><th>Year</th><th></th>");
        foreach (var name in CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames.Take(12)) sb.Append("<th>").Append(name).Append("</th>");
        sb.Append("<th>Year</th></tr></thead>\n<tbody>\n");
        (string Label, Func<PeriodReturn, double> Value, double Scale, bool Signed)[] lines =
            [("Index", m => m.Index, scale, false), (benchmarkName, m => m.Benchmark, scale, false), ("Active", m => m.Active, activeScale, true)];
        foreach (var year in months.GroupBy(m => m.Year))
            for (int line = 0; line < lines.Length; line++)
            {
                var (label, value, lineScale, signed) = lines[line];
                sb.Append(line == 0 ? "<tr class=\"year-start\">" : "<tr>")
                    .Append(line == 0 ? $"<td rowspan=\"{lines.Length}\">{year.Key.ToString(CultureInfo.InvariantCulture)}</td>" : "")
                    .Append("<th scope=\"row\">").Append(E(label)).Append("</th>");
                for (int month = 1; month <= 12; month++)
                {
                    var m = year.FirstOrDefault(x => x.Month == month);
                    if (m is null) { sb.Append("<td></td>"); continue; }
                    sb.Append(HeatCell(value(m), lineScale, signed, Tip($"{year.Key}-{month:00}", m)));
                }
                sb.Append(years.TryGetValue(year.Key, out var y) ? HeatCell(value(y), lineScale * 3, signed, Tip($"{year.Key}", y)) : "<td></td>").Append("</tr>\n");
            }
        return sb.Append("</tbody>\n</table>").ToString();
    }

    private static string Tip(string period, PeriodReturn r) =>
        string.Create(CultureInfo.InvariantCulture, $"{period}: index {Pct(r.Index, 2)}, benchmark {Pct(r.Benchmark, 2)}, active {SignedPct(r.Active, 2)}");

    private static string HeatCell(double value, double scale, bool signed, string title)
    {
        double shade = Math.Min(1, Math.Abs(value) / scale) * 0.6;
        string colour = value >= 0 ? "46,125,50" : "198,40,40";
        return "<td style=\"background: rgba(" + colour + "," + shade.ToString("0.###", CultureInfo.InvariantCulture) + ")\" title=\"" + E(title) + "\">" +
               E(signed ? SignedPct(value, 1) : Pct(value, 1)) + "</td>";
    }

    private static string RebalanceTable(IReadOnlyList<RebalanceSnapshot> rebalances)
    {
        if (rebalances.Count == 0) return Empty("No rebalances.");
        var sb = new StringBuilder("<table class=\"rebalances\">\n<thead><tr><th>Screening</th><th>Effective</th><th>Constituents</th>" +
                                   "<th>One-way turnover</th><th>Largest sector</th></tr></thead>\n<tbody>\n");
        foreach (var r in rebalances)
        {
            var largest = r.SectorWeights.OrderByDescending(x => x.Weight).ThenBy(x => x.Sector, StringComparer.Ordinal).FirstOrDefault();
            // The backtest writes each rebalance's files beside the report: link its holdings.
            sb.Append("<tr><td><a href=\"rebalances/").Append(Date(r.Screening)).Append("/constituents.csv\">").Append(Date(r.Screening))
                .Append("</a></td><td>").Append(Date(r.Effective)).Append("</td><td>")
                .Append(r.Constituents.ToString(CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(r.Turnover is { } t ? E(Pct(t, 1)) : "initial build").Append("</td><td>")
                .Append(largest.Sector is null ? "–" : E($"{largest.Sector} ({Pct(largest.Weight, 1)})")).Append("</td></tr>\n");
        }
        return sb.Append("</tbody>\n</table>").ToString();
    }

    /// <summary>A card with a heading; its id is the heading in lower case with every run of other characters a hyphen
    /// (e.g. "worst-drawdowns"), so a link or a test can find each section.</summary>
    internal static string Section(string title, string content, string? note = null)
    {
        var sb = new StringBuilder("<section class=\"card\" id=\"").Append(SectionId(title)).Append("\">\n<h2>").Append(E(title)).Append("</h2>\n");
        if (note is not null) sb.Append("<p class=\"note\">").Append(E(note)).Append("</p>\n");
        return sb.Append(content).Append("\n</section>\n").ToString();
    }

    internal static string SectionId(string title) =>
        System.Text.RegularExpressions.Regex.Replace(title.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');

    private static LevelSeries Window(LevelSeries series, DateOnly start, DateOnly end)
    {
        var dates = new List<DateOnly>();
        var values = new List<double>();
        for (int t = 0; t < series.Count; t++)
            if (series.Dates[t] >= start && series.Dates[t] <= end) { dates.Add(series.Dates[t]); values.Add(series.Values[t]); }
        return new LevelSeries(dates, values);
    }

    internal static IReadOnlyList<(double X, double Y)> Points(IReadOnlyList<DateOnly> dates, IReadOnlyList<double> values)
    {
        var points = new (double, double)[dates.Count];
        for (int t = 0; t < dates.Count; t++) points[t] = (dates[t].DayNumber, values[t]);
        return points;
    }

    internal static string Empty(string message) => "<p class=\"empty\">" + E(message) + "</p>";

    internal static string PctTick(double v, double step)
    {
        int decimals = Math.Max(0, (int)Math.Ceiling(-Math.Log10(step * 100) - 1e-9));
        return (v * 100).ToString("F" + decimals, CultureInfo.InvariantCulture) + "%";
    }

    internal static string Pct(double v, int decimals) =>
        double.IsFinite(v) ? (v * 100).ToString("F" + decimals, CultureInfo.InvariantCulture) + "%" : "n/a";

    private static string SignedPct(double v, int decimals) => double.IsFinite(v) && v > 0 ? "+" + Pct(v, decimals) : Pct(v, decimals);

    internal static string Num(double v) => double.IsFinite(v) ? v.ToString("F2", CultureInfo.InvariantCulture) : "n/a";

    internal static string Period(SeriesStatistics x) =>
        x.MaxDrawdown > 0 ? $"{Date(x.MaxDrawdownPeak)} to {Date(x.MaxDrawdownTrough)}" : "–";

    internal static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string MonthYear(DateOnly d) => d.ToString("MMM yyyy", CultureInfo.InvariantCulture);

    internal static string E(string text) => WebUtility.HtmlEncode(text);

    internal const string Css = """

        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #f3f5f8; color: #1f2933; font: 14px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1180px; margin: 0 auto; padding: 28px 24px 40px; }
        header { border-bottom: 3px solid #1f4e79; margin-bottom: 18px; padding-bottom: 10px; }
        h1 { font-size: 26px; margin: 0 0 4px; color: #102a43; letter-spacing: -0.01em; }
        .subtitle { margin: 0; color: #52606d; }
        h2 { font-size: 16px; margin: 0 0 6px; color: #102a43; }
        .card { background: #fff; border: 1px solid #dde3ea; border-radius: 8px; padding: 16px 20px 18px; margin: 0 0 18px; box-shadow: 0 1px 2px rgba(16, 42, 67, 0.05); }
        .note { margin: 0 0 10px; color: #616e7c; font-size: 12.5px; }
        .empty { color: #7b8794; font-style: italic; margin: 8px 0; }
        .kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin: 0 0 18px; }
        .kpi { background: #fff; border: 1px solid #dde3ea; border-top: 3px solid #1f4e79; border-radius: 8px; padding: 10px 14px; }
        .kpi-label { font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: #616e7c; }
        .kpi-value { font-size: 24px; font-weight: 650; color: #102a43; font-variant-numeric: tabular-nums; }
        .kpi-value.positive { color: #2e7d32; }
        .kpi-value.negative { color: #c62828; }
        .kpi-detail { font-size: 12px; color: #7b8794; }
        .params { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 4px 24px; margin: 6px 0 0; }
        .params div { display: flex; gap: 10px; border-bottom: 1px dotted #d9e2ec; padding: 3px 0; }
        .params dt { color: #616e7c; min-width: 130px; }
        .params dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
        table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
        th, td { padding: 6px 10px; border-bottom: 1px solid #e4e7eb; text-align: right; }
        thead th { background: #f0f4f8; color: #243b53; font-weight: 600; border-bottom: 2px solid #bcccdc; }
        th[scope="row"], .rebalances td:nth-child(-n+2), .rebalances th:nth-child(-n+2), .rebalances td:last-child, .rebalances th:last-child { text-align: left; }
        th[scope="row"] { font-weight: 500; color: #334e68; }
        tbody tr:nth-child(even) { background: #f9fbfc; }
        .stats td:nth-child(2) { font-weight: 600; color: #1f4e79; }
        .months tr.year-start td, .months tr.year-start th { border-top: 2px solid #bcccdc; }
        .months th[scope="row"] { font-size: 12px; }
        .years td, .years th { width: 25%; }
        .ics td:first-child, .quintiles td:first-child, .overlap td:first-child, .capacity td:nth-child(-n+2), .capacity th:nth-child(-n+2), .headline { text-align: left; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg .plot-bg { fill: #ffffff; }
        svg .grid { stroke: #e4e7eb; stroke-width: 1; }
        svg .grid-v { stroke: #f0f2f5; stroke-width: 1; }
        svg .zero { stroke: #7b8794; stroke-width: 1; }
        svg .axis { stroke: #52606d; stroke-width: 1; }
        svg .tick { stroke: #52606d; stroke-width: 1; }
        svg text { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        svg .tick-label { font-size: 12px; fill: #52606d; }
        svg .axis-title { font-size: 12.5px; fill: #243b53; font-weight: 600; }
        svg .legend { font-size: 12.5px; fill: #243b53; }
        svg .annotation { font-size: 12px; font-weight: 600; paint-order: stroke; stroke: #ffffff; stroke-width: 4px; stroke-linejoin: round; }
        svg rect:hover { opacity: 0.8; }
        footer { color: #7b8794; font-size: 12px; text-align: center; margin-top: 8px; }

        """;
}
