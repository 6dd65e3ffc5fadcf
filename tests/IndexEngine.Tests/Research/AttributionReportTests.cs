using IndexEngine.Core.Methodology.Research;
using IndexEngine.Reporting;
using IndexEngine.Tests.Reporting;
using NUnit.Framework;

namespace IndexEngine.Tests.Research;

/// <summary>The "Attribution" and "Exposures" sections of report.html.</summary>
public class AttributionReportTests
{
    private static readonly DateOnly D0 = new(2016, 3, 11), D1 = new(2016, 6, 10), D2 = new(2016, 9, 16);

    private static AttributionReport Sample(bool benchmarkIsFile)
    {
        var p1 = BrinsonFachler.Period(D0, D1, [new("Tech <&> Co", 0.6, 0.06), new("Energy", 0.4, -0.004)],
            [new("Tech <&> Co", 0.5, 0.04), new("Energy", 0.5, 0.01)], ["Energy", "Tech <&> Co"]);
        var p2 = BrinsonFachler.Period(D1, D2, [new("Tech <&> Co", 0.5, 0.01), new("Energy", 0.5, 0.02)],
            [new("Tech <&> Co", 0.5, 0.015), new("Energy", 0.5, 0.01)], ["Energy", "Tech <&> Co"]);
        var sectors = BrinsonFachler.Link([p1, p2]);
        var s1 = BrinsonFachler.Period(D0, D1, [new("1", 0.3, 0.03), new("2", 0.7, 0.026)], [new("1", 0.8, 0.04), new("2", 0.2, 0.01)], ["1", "2"]);
        var s2 = BrinsonFachler.Period(D1, D2, [new("1", 0.3, 0.005), new("2", 0.7, 0.025)], [new("1", 0.8, 0.02), new("2", 0.2, 0.005)], ["1", "2"]);
        FactorExposure[] exposures =
        [
            new(D0, "value", 0.4, -0.1, 1, 0.98), new(D0, "momentum", 0.2, 0.1, 1, 1),
            new(D1, "value", 0.3, -0.1, 1, 0.98), new(D1, "momentum", 0.1, 0.1, 1, 1),
        ];
        return BacktestReports.Attribution(new BacktestAttribution(sectors, BrinsonFachler.Link([s1, s2])), exposures, benchmarkIsFile);
    }

    [Test]
    public void The_sections_show_the_linked_effects_the_exposures_and_the_size_deciles()
    {
        var html = HtmlReport.Render(SampleBacktestReport.Create() with { Attribution = Sample(benchmarkIsFile: false) });
        var linked = Sample(false).Sectors;
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<h2>Attribution</h2>").And.Contain("<h2>Exposures</h2>"));
            Assert.That(html, Does.Contain("Tech &lt;&amp;&gt; Co").And.Not.Contain("Tech <&> Co"), "escaped");
            Assert.That(html, Does.Contain("id=\"attribution-sectors\"").And.Contain("id=\"attribution-size\"").And.Contain("id=\"exposures\""));
            Assert.That(html, Does.Contain("active " + (linked.ActiveReturn > 0 ? "+" : "") + (linked.ActiveReturn * 100).ToString("F2", System.Globalization.CultureInfo.InvariantCulture) + "%"));
            // value: mean index 0.35, universe -0.1, active +0.45.
            Assert.That(html, Does.Contain("<th scope=\"row\">value</th><td>2</td><td>0.350</td><td>-0.100</td><td>+0.450</td>"));
            Assert.That(html, Does.Contain("<th scope=\"row\">1</th><td>30.0%</td><td>80.0%</td><td>-50.0%</td>"), "decile 1's weights and active weight");
            Assert.That(html, Does.Contain("(the benchmark)").And.Not.Contain("benchmark file"));
        });
    }

    [Test]
    public void With_a_benchmark_file_the_report_says_the_attribution_is_still_against_the_universe() =>
        Assert.That(HtmlReport.Render(SampleBacktestReport.Create() with { Attribution = Sample(benchmarkIsFile: true) }),
            Does.Contain("against the cap-weighted starting universe, not the benchmark file, which has no holdings"));

    [Test]
    public void Without_an_attribution_there_are_no_such_sections() =>
        Assert.That(HtmlReport.Render(SampleBacktestReport.Create()), Does.Not.Contain("<h2>Attribution</h2>").And.Not.Contain("<h2>Exposures</h2>"));
}
