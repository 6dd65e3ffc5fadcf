using System.Globalization;
using IndexEngine.Core.Methodology.Blend;

namespace IndexEngine.Reporting;

/// <summary>The run parameters report.html shows for a blend.</summary>
public static class BlendReports
{
    public static IReadOnlyList<(string Key, string Value)> Parameters(BlendResult result, string benchmarkName, string specPath)
    {
        var blend = result.Definition;
        static string Pct(double v) => Format.Percent(v, 1);
        return
        [
            ("Spec", specPath),
            ("Sleeves", string.Join(", ", blend.Sleeves.Select(s => $"{s.Name} {Pct(s.Target)} {(s.Funded ? "funded" : "unfunded")}"))),
            ("Cash", Pct(blend.CashTarget)),
            ("Financing", blend.Financing.Rate is { } rate ? $"{Format.Percent(rate, 2)} a year, ACT/360" : "financing series"),
            ("Rebalancing", blend.Schedule.ToString().ToLowerInvariant() +
                            (blend.DriftBand is { } band ? $", drift band {Pct(band)}" : ", no drift band")),
            ("Fee", $"{Format.Percent(blend.Fee, 2)} a year, ACT/365"),
            ("Base value", blend.BaseValue.ToString("R", CultureInfo.InvariantCulture)),
            ("Benchmark", benchmarkName),
        ];
    }
}
