using System.Globalization;
using System.Text;
using IndexEngine.Core.Methodology.Research;
using IndexEngine.Reporting.Svg;
using static IndexEngine.Reporting.HtmlReport;

namespace IndexEngine.Reporting;

/// <summary>The "Attribution" and "Exposures" sections of report.html: formatting only, the figures come computed.</summary>
internal static class AttributionSections
{
    private const string AllocationColor = "#4e79a7";
    private const string SelectionColor = "#f28e2b";
    private const string InteractionColor = "#76b7b2";
    private const string ActiveWeightColor = "#1f4e79";
    private const string ContributionColor = "#c55a11";
    private const double ChartWidth = 1100;

    private static readonly string[] FactorPalette = ["#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1", "#9c755f", "#17becf", "#bcbd22"];

    public static string Render(AttributionReport report)
    {
        var s = report.Sectors;
        string against = report.BenchmarkIsFile
            ? "against the cap-weighted starting universe, not the benchmark file, which has no holdings"
            : "against the cap-weighted starting universe (the benchmark)";
        string summary = $"Brinson–Fachler {against}, each of the {report.Periods} holding periods from one effective date's close to the next, " +
                         $"linked with Carino's factors so the effects add up to the active return over {Date(s.Start)} to {Date(s.End)}: index {Pct(s.IndexReturn, 2)}, " +
                         $"universe {Pct(s.BenchmarkReturn, 2)}, active {Signed(s.ActiveReturn, 2)}. Weights are averages over the periods. " +
                         "Per period: attribution.csv; linked: attribution_summary.csv.";
        var html = new StringBuilder();
        html.Append(Section("Attribution", EffectTable(s, "Sector") + EffectChart("attribution-sectors", s, "Sector"), summary));
        html.Append(Section("Exposures", FactorTable(report.Factors) + FactorChart(report.FactorHistory) + EffectTable(report.SizeDeciles, "Size decile") + SizeChart(report.SizeDeciles),
            "Factor exposure: the weighted mean of each factor score (the weighted mean of its metrics' z-scores over the starting universe) " +
            "over the index's target weights minus the same over the cap-weighted starting universe, at each rebalance (exposures.csv), averaged here; " +
            "holdings without the score are left out and the weights renormalised. Size deciles: the starting universe cut into ten groups by market cap " +
            "at screening (1 = largest); the index's and the universe's average weight in each and its Brinson–Fachler effects, linked as above " +
            "(size_attribution.csv, size_attribution_summary.csv)."));
        return html.ToString();
    }

    private static string EffectTable(AttributionPeriod linked, string group)
    {
        var sb = new StringBuilder("<table class=\"attribution\">\n<thead><tr><th>").Append(E(group))
            .Append("</th><th>Index weight</th><th>Universe weight</th><th>Active weight</th><th>Index return</th><th>Universe return</th>")
            .Append("<th>Allocation</th><th>Selection</th><th>Interaction</th><th>Total</th></tr></thead>\n<tbody>\n");
        foreach (var g in linked.Groups)
            sb.Append("<tr><th scope=\"row\">").Append(E(g.Group)).Append("</th>")
                .Append(Cell(Pct(g.IndexWeight, 1))).Append(Cell(Pct(g.BenchmarkWeight, 1))).Append(Cell(Signed(g.ActiveWeight, 1)))
                .Append(Cell(Pct(g.IndexReturn, 1))).Append(Cell(Pct(g.BenchmarkReturn, 1)))
                .Append(Cell(Signed(g.Allocation, 2))).Append(Cell(Signed(g.Selection, 2))).Append(Cell(Signed(g.Interaction, 2)))
                .Append(Cell(Signed(g.Total, 2))).Append("</tr>\n");
        sb.Append("<tr><th scope=\"row\">Total</th>").Append(Cell(Pct(linked.Groups.Sum(g => g.IndexWeight), 1)))
            .Append(Cell(Pct(linked.Groups.Sum(g => g.BenchmarkWeight), 1))).Append(Cell("")).Append(Cell(Pct(linked.IndexReturn, 1)))
            .Append(Cell(Pct(linked.BenchmarkReturn, 1))).Append(Cell(Signed(linked.Groups.Sum(g => g.Allocation), 2)))
            .Append(Cell(Signed(linked.Groups.Sum(g => g.Selection), 2))).Append(Cell(Signed(linked.Groups.Sum(g => g.Interaction), 2)))
            .Append(Cell(Signed(linked.ActiveReturn, 2))).Append("</tr>\n");
        return sb.Append("</tbody>\n</table>").ToString();
    }

    private static string EffectChart(string id, AttributionPeriod linked, string group)
    {
        if (linked.Groups.Count == 0) return Empty("No groups.");
        var chart = new SvgChart(id, ChartWidth, 340,
        [
            new("Allocation", AllocationColor, LegendMark.Box), new("Selection", SelectionColor, LegendMark.Box),
            new("Interaction", InteractionColor, LegendMark.Box),
        ]);
        double band = chart.BandAxis(linked.Groups.Select(g => g.Group).ToArray(), group);
        var values = linked.Groups.SelectMany(g => new[] { g.Allocation, g.Selection, g.Interaction }).Where(double.IsFinite).ToArray();
        chart.LinearY(Math.Min(0, values.DefaultIfEmpty(0).Min()), Math.Max(0, values.DefaultIfEmpty(0).Max()), PctTick, "Linked effect");
        double bar = band * 0.26;
        for (int k = 0; k < linked.Groups.Count; k++)
        {
            var g = linked.Groups[k];
            (string Name, double Value, string Color)[] effects = [("allocation", g.Allocation, AllocationColor), ("selection", g.Selection, SelectionColor), ("interaction", g.Interaction, InteractionColor)];
            for (int e = 0; e < effects.Length; e++)
                if (double.IsFinite(effects[e].Value))
                    chart.Bar(chart.X(k) + (e - 1) * (bar + 1), bar, 0, effects[e].Value, effects[e].Color, $"{g.Group} · {effects[e].Name}: {Signed(effects[e].Value, 2)}");
        }
        return chart.ToSvg($"Linked allocation, selection and interaction by {group.ToLowerInvariant()}");
    }

    private static string FactorTable(IReadOnlyList<FactorExposureSummary> factors)
    {
        if (factors.Count == 0) return Empty("No factor scores.");
        var sb = new StringBuilder("<table class=\"exposures\">\n<thead><tr><th>Factor</th><th>Rebalances</th><th>Index</th><th>Universe</th><th>Active</th></tr></thead>\n<tbody>\n");
        foreach (var f in factors)
            sb.Append("<tr><th scope=\"row\">").Append(E(f.Factor)).Append("</th>").Append(Cell(f.Rebalances.ToString(CultureInfo.InvariantCulture)))
                .Append(Cell(Fixed(f.Index))).Append(Cell(Fixed(f.Benchmark))).Append(Cell(Fixed(f.Active, signed: true))).Append("</tr>\n");
        return sb.Append("</tbody>\n</table>").ToString();
    }

    private static string FactorChart(IReadOnlyList<FactorExposure> history)
    {
        var factors = history.Select(e => e.Factor).Distinct(StringComparer.Ordinal).ToArray();
        var dates = history.Select(e => e.Screening).Distinct().Order().ToArray();
        if (dates.Length < 2 || factors.Length == 0) return "";
        var chart = new SvgChart("exposures", ChartWidth, 300,
            factors.Select((f, k) => new LegendItem(f, FactorPalette[k % FactorPalette.Length])).ToArray());
        chart.TimeAxis(dates[0], dates[^1], "Screening date");
        var active = history.Select(e => e.Active).Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        chart.LinearY(Math.Min(0, active.Min()), Math.Max(0, active.Max()), (v, step) => v.ToString(step < 0.1 ? "0.00" : "0.0", CultureInfo.InvariantCulture), "Active exposure (score)");
        for (int k = 0; k < factors.Length; k++)
        {
            var points = history.Where(e => e.Factor == factors[k] && double.IsFinite(e.Active)).ToArray();
            chart.Line(Points(points.Select(e => e.Screening).ToArray(), points.Select(e => e.Active).ToArray()), FactorPalette[k % FactorPalette.Length]);
        }
        return chart.ToSvg("Active factor exposure of the index at each rebalance");
    }

    private static string SizeChart(AttributionPeriod linked)
    {
        if (linked.Groups.Count == 0) return Empty("No size deciles.");
        var chart = new SvgChart("attribution-size", ChartWidth, 320,
            [new("Average active weight", ActiveWeightColor, LegendMark.Box), new("Linked contribution to the active return", ContributionColor, LegendMark.Box)]);
        double band = chart.BandAxis(linked.Groups.Select(g => g.Group == "1" ? "1 (largest)" : g.Group).ToArray(), "Size decile of the starting universe");
        var values = linked.Groups.SelectMany(g => new[] { g.ActiveWeight, g.Total }).Where(double.IsFinite).ToArray();
        chart.LinearY(Math.Min(0, values.DefaultIfEmpty(0).Min()), Math.Max(0, values.DefaultIfEmpty(0).Max()), PctTick, "Weight / return");
        double bar = band * 0.36;
        for (int k = 0; k < linked.Groups.Count; k++)
        {
            var g = linked.Groups[k];
            chart.Bar(chart.X(k) - bar / 2 - 1, bar, 0, g.ActiveWeight, ActiveWeightColor, $"Decile {g.Group}: active weight {Signed(g.ActiveWeight, 1)}");
            chart.Bar(chart.X(k) + bar / 2 + 1, bar, 0, g.Total, ContributionColor, $"Decile {g.Group}: contribution {Signed(g.Total, 2)}");
        }
        return chart.ToSvg("Average active weight and linked contribution by size decile");
    }

    private static string Cell(string text) => "<td>" + E(text) + "</td>";

    private static string Signed(double v, int decimals) => double.IsFinite(v) && v > 0 ? "+" + Pct(v, decimals) : Pct(v, decimals);

    private static string Fixed(double v, bool signed = false) =>
        !double.IsFinite(v) ? "n/a" : (signed && v > 0 ? "+" : "") + v.ToString("F3", CultureInfo.InvariantCulture);
}
