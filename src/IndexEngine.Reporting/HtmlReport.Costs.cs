using System.Globalization;
using System.Text;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;
using IndexEngine.Reporting.Svg;

namespace IndexEngine.Reporting;

/// <summary>The transaction-cost and capacity sections of the backtest report.</summary>
public static partial class HtmlReport
{
    private const string NetColor = "#8e24aa";

    private static string CostSections(CostsReport costs, PerformanceSummary gross, LevelSeries tr)
    {
        var net = costs.Net;
        var capacity = costs.Capacity;
        return Section("Transaction costs", CostTable(costs, gross) + NetGrowthChart(tr, Window(net.TotalReturn, gross.Start, gross.End)),
                   $"{net.OneWayBps.ToString("0.##", CultureInfo.InvariantCulture)} bp (costs.one_way_bps) of the value traded at each effective close, " +
                   "Σ|w(new) − w(drifted)| (the initial build trades 100%); the net level is the gross one times Π(1 − cost) of the rebalances before it. " +
                   "Net statistics use the benchmark and the dates of the gross ones. Per rebalance: costs.csv; net levels: levels_net.csv.") +
               Section("Capacity", CapacityTable(capacity) + CapacityChart(capacity),
                   $"Each trade |Δw| at assets of {Format.Money(capacity.Aum)} (capacity.aum) in days of the security's average daily traded value " +
                   $"(mean close × volume over the {capacity.AdvDays} trading days to the screening date); capacity AUM: the assets at which no trade " +
                   $"exceeds {Pct(capacity.MaxAdvFraction, 0)} (capacity.max_adv_fraction) of a day's value, f · ADV / |Δw|. Per trade: capacity.csv.");
    }

    private static string CostTable(CostsReport costs, PerformanceSummary gross)
    {
        var net = costs.Net.Statistics;
        double totalCost = costs.Net.Rebalances.Sum(r => r.Cost);
        double averageTraded = costs.Net.Rebalances.Skip(1).Select(r => r.Traded).DefaultIfEmpty(double.NaN).Average();
        var rows = new (string Label, string Gross, string Net)[]
        {
            ("Annualised return", Pct(gross.Index.AnnualisedReturn, 2), Pct(net.Index.AnnualisedReturn, 2)),
            ("Total return", Pct(gross.Index.TotalReturn, 1), Pct(net.Index.TotalReturn, 1)),
            ("Volatility", Pct(gross.Index.Volatility, 2), Pct(net.Index.Volatility, 2)),
            ("Sharpe ratio", Num(gross.Index.Sharpe), Num(net.Index.Sharpe)),
            ("Max drawdown", Pct(gross.Index.MaxDrawdown, 2), Pct(net.Index.MaxDrawdown, 2)),
            ("Information ratio", Num(gross.InformationRatio), Num(net.InformationRatio)),
            ("Alpha (annualised)", Pct(gross.Alpha, 2), Pct(net.Alpha, 2)),
        };
        var sb = new StringBuilder("<table class=\"stats costs\">\n<thead><tr><th></th><th>Gross</th><th>Net of costs</th></tr></thead>\n<tbody>\n");
        foreach (var (label, g, n) in rows)
            sb.Append("<tr><th scope=\"row\">").Append(E(label)).Append("</th><td>").Append(E(g)).Append("</td><td>").Append(E(n)).Append("</td></tr>\n");
        sb.Append("<tr><th scope=\"row\">Annual cost drag</th><td colspan=\"2\">").Append(E(Pct(costs.AnnualCostDrag, 3))).Append(" a year</td></tr>\n")
            .Append("<tr><th scope=\"row\">Costs paid (sum over rebalances)</th><td colspan=\"2\">").Append(E(Pct(totalCost, 3)))
            .Append(" of the index value</td></tr>\n")
            .Append("<tr><th scope=\"row\">Average traded per rebalance</th><td colspan=\"2\">")
            .Append(E(double.IsFinite(averageTraded) ? $"{Pct(averageTraded, 1)} of the index value (after the initial build)" : "no rebalance after the initial build"))
            .Append("</td></tr>\n");
        return sb.Append("</tbody>\n</table>\n").ToString();
    }

    private static string NetGrowthChart(LevelSeries gross, LevelSeries net)
    {
        if (gross.Count < 2 || net.Count != gross.Count) return Empty("Not enough dates to chart.");
        var chart = new SvgChart("net-growth", ChartWidth, 320,
            [new("Index (total return, gross)", IndexTrColor), new("Index (total return, net of costs)", NetColor, LegendMark.DashedLine)]);
        var all = gross.Values.Concat(net.Values).ToArray();
        chart.TimeAxis(gross.Dates[0], gross.Dates[^1], "Date");
        chart.LogY(all.Min(), all.Max(), v => v.ToString(v >= 10 ? "#,0" : "0.##", CultureInfo.InvariantCulture), "Index level (log scale)");
        chart.Line(Points(gross.Dates, gross.Values), IndexTrColor, 1.8);
        chart.Line(Points(net.Dates, net.Values), NetColor, 1.6, dashed: true);
        var gap = Points(gross.Dates, gross.Values.Select((g, t) => 1 - net.Values[t] / g).ToArray());
        var drag = new SvgChart("cost-drag", ChartWidth, 220, [new("Cumulative cost: 1 − net / gross", NetColor, LegendMark.Box)]);
        drag.TimeAxis(gross.Dates[0], gross.Dates[^1], "Date");
        drag.LinearY(0, Math.Max(1e-4, gap.Max(p => p.Y)), PctTick, "Cost to date");
        drag.Area(gap, 0, NetColor, 0.3);
        drag.Line(gap, NetColor, 1.2);
        return chart.ToSvg("Growth of the total-return index gross and net of transaction costs") +
               drag.ToSvg("Cumulative transaction cost: the share of the gross level the costs have taken");
    }

    private static string CapacityTable(IndexEngine.Core.Methodology.Research.CapacityAnalysis capacity)
    {
        if (capacity.Rebalances.Count == 0) return Empty("No rebalances.");
        var sb = new StringBuilder("<p class=\"headline\">Capacity AUM (smallest over the rebalances after the initial build): <strong>")
            .Append(E(Format.Money(capacity.CapacityAum))).Append("</strong></p>\n")
            .Append("<table class=\"capacity\">\n<thead><tr><th>Screening</th><th>Effective</th><th>Trades</th><th>Without volume</th>")
            .Append("<th>Largest trade, days of ADV</th><th>Security</th><th>Capacity AUM</th></tr></thead>\n<tbody>\n");
        foreach (var r in capacity.Rebalances)
            sb.Append("<tr><td>").Append(Date(r.Screening)).Append(r.InitialBuild ? " (initial build)" : "").Append("</td><td>").Append(Date(r.Effective))
                .Append("</td><td>").Append(r.Trades.ToString(CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(r.WithoutVolume.ToString(CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(E(double.IsFinite(r.LargestDaysOfAdv) ? r.LargestDaysOfAdv.ToString("F3", CultureInfo.InvariantCulture) : "n/a")).Append("</td><td>")
                .Append(E(r.LargestId ?? "–")).Append("</td><td>").Append(E(Format.Money(r.CapacityAum))).Append("</td></tr>\n");
        return sb.Append("</tbody>\n</table>\n").ToString();
    }

    private static string CapacityChart(IndexEngine.Core.Methodology.Research.CapacityAnalysis capacity)
    {
        var rows = capacity.Rebalances.Where(r => double.IsFinite(r.CapacityAum) && r.CapacityAum > 0).ToArray();
        if (rows.Length == 0) return Empty("No trade with volume data: no capacity to chart.");
        var chart = new SvgChart("capacity", ChartWidth, 300,
            [new("Capacity AUM at each rebalance", "#4e79a7", LegendMark.Box), new("Initial build", "#bab0ac", LegendMark.Box)]);
        double band = chart.BandAxis(rows.Select(r => MonthYear(r.Effective)).ToArray(), "Effective date");
        chart.LinearY(0, rows.Max(r => r.CapacityAum / 1e9), (v, step) => v.ToString(step < 1 ? "0.#" : "#,0", CultureInfo.InvariantCulture), "Capacity AUM, USD billion");
        for (int k = 0; k < rows.Length; k++)
            chart.Bar(chart.X(k), band * 0.7, 0, rows[k].CapacityAum / 1e9, rows[k].InitialBuild ? "#bab0ac" : "#4e79a7",
                $"{Date(rows[k].Effective)}: {Format.Money(rows[k].CapacityAum)}");
        return chart.ToSvg("Capacity AUM at each rebalance");
    }
}
