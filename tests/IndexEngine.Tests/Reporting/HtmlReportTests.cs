using System.Text.RegularExpressions;
using IndexEngine.Core.Model;
using IndexEngine.Reporting;
using NUnit.Framework;

namespace IndexEngine.Tests.Reporting;

public class HtmlReportTests
{
    [Test]
    public void ReportIsOneSelfContainedPage()
    {
        var html = HtmlReport.Render(SampleBacktestReport.Create());

        Assert.That(html, Does.StartWith("<!DOCTYPE html>"));
        Assert.That(Regex.Matches(html, "<svg ").Count, Is.EqualTo(9), "growth, drawdowns, rolling active return, rolling return, rolling risk, rolling ratios, sectors, deciles, turnover");
        foreach (var external in new[] { "http:", "https:", "<script", "<link", "@import", "src=", "url(http" })
            Assert.That(html, Does.Not.Contain(external), $"the page must not load anything ({external})");
        Assert.That(html, Does.Contain("Information ratio").And.Contain("Tracking error").And.Contain("Beta")
            .And.Contain("Average one-way turnover").And.Contain("Max drawdown"));
        // The tear sheet: risk ratios, drawdown episodes, calendar tables and links to each rebalance's holdings.
        Assert.That(html, Does.Contain("Sortino ratio").And.Contain("Calmar ratio").And.Contain("Up / down capture").And.Contain("Alpha (annualised)")
            .And.Contain("<h2>Worst drawdowns</h2>").And.Contain("<h2>Calendar-year returns</h2>").And.Contain("<h2>Monthly returns</h2>"));
        Assert.That(Regex.Matches(html, "<a href=\"rebalances/[0-9-]{10}/constituents.csv\">").Count, Is.EqualTo(SampleBacktestReport.Create().Rebalances.Count));
    }

    [Test]
    public void RenderingIsDeterministic()
    {
        var first = HtmlReport.Render(SampleBacktestReport.Create());
        var second = HtmlReport.Render(SampleBacktestReport.Create());
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void EveryStringIsEscaped()
    {
        var sample = SampleBacktestReport.Create("<script>alert('x')</script> & \"co\"");
        var report = sample with
        {
            BenchmarkName = "<b>SPY</b>",
            Parameters = [("<key>", "a & b <c>")],
            Rebalances = sample.Rebalances.Select(r => r with { SectorWeights = [("<Tech & \"Co\">", 1.0)] }).ToArray(),
        };
        var html = HtmlReport.Render(report);
        Assert.That(html, Does.Not.Contain("<script>").And.Not.Contain("<b>SPY").And.Not.Contain("<key>").And.Not.Contain("<Tech"));
        Assert.That(html, Does.Contain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;"));
        Assert.That(html, Does.Contain("&lt;Tech &amp; &quot;Co&quot;&gt;"));
    }

    [Test]
    public void ShortHistoriesAndNoRebalancesRenderWithMessages()
    {
        var sample = SampleBacktestReport.Create();
        var dates = sample.IndexTotalReturn.Dates.Take(10).ToArray();
        LevelSeries Take(LevelSeries s) => new(dates, s.Values.Take(10).ToArray());
        var report = sample with
        {
            IndexTotalReturn = Take(sample.IndexTotalReturn),
            IndexPriceReturn = Take(sample.IndexPriceReturn),
            Benchmark = Take(sample.Benchmark),
            Statistics = sample.Statistics with { Start = dates[0], End = dates[^1] },
            Rebalances = [],
        };
        var html = HtmlReport.Render(report);
        Assert.That(html, Does.Contain("no rolling one-year window").And.Contain("No rebalances."));
        Assert.That(Regex.Matches(html, "<svg ").Count, Is.EqualTo(2));
    }

    [Test]
    public void CostsAndCapacitySectionsShowTheirFigures()
    {
        var sample = SampleBacktestReport.Create();
        var costs = sample.Rebalances.Select((r, k) => new IndexEngine.Core.Methodology.Research.RebalanceCost(r.Screening, r.Effective, k == 0 ? 1 : 0.6, k == 0 ? 0.001 : 0.0006)).ToArray();
        var netTr = IndexEngine.Core.Methodology.Research.Costs.Apply(sample.IndexTotalReturn, costs);
        var netStats = IndexEngine.Core.Methodology.PerformanceStatistics.Compute(netTr, sample.Benchmark, new IndexEngine.Core.Configuration.StatisticsConfig(252, 0));
        var net = new IndexEngine.Core.Methodology.Research.NetOfCosts(10, costs, IndexEngine.Core.Methodology.Research.Costs.Apply(sample.IndexPriceReturn, costs), netTr, netStats);
        var (first, second) = (sample.Rebalances[0], sample.Rebalances[1]);
        var capacity = new IndexEngine.Core.Methodology.Research.CapacityAnalysis(1e9, 0.2, 63, [],
        [
            new(first.Screening, first.Effective, true, 200, 0, "S1", 1.5, 2.5e8),
            new(second.Screening, second.Effective, false, 120, 3, "<X&Y>", 2.25, 8.32e7),
            new(second.Screening.AddMonths(3), second.Effective.AddMonths(3), false, 1, 1, null, double.NaN, double.NaN),
        ], 8.32e7);
        var report = sample with { Costs = new CostsReport(net, capacity, net.AnnualCostDrag(sample.Statistics)) };
        var html = HtmlReport.Render(report);

        Assert.That(html, Does.Contain("<section class=\"card\" id=\"transaction-costs\">").And.Contain("<section class=\"card\" id=\"capacity\">"));
        Assert.That(Regex.Matches(html, "<svg ").Count, Is.EqualTo(12), "the nine of the report, net growth, cost drag and capacity");
        Assert.That(html, Does.Contain("10 bp (costs.one_way_bps)"));
        Assert.That(html, Does.Contain("<strong>$83.2M</strong>"), "headline capacity");
        Assert.That(html, Does.Contain("<td>2.250</td><td>&lt;X&amp;Y&gt;</td><td>$83.2M</td>"), "largest trade in days of ADV, its security escaped, capacity");
        Assert.That(html, Does.Contain("<td>n/a</td><td>–</td><td>n/a</td>"), "a rebalance whose only trade has no volume");
        Assert.That(html, Does.Contain(" (initial build)"));
        double drag = sample.Statistics.Index.AnnualisedReturn - netStats.Index.AnnualisedReturn;
        Assert.That(drag, Is.Positive);
        Assert.That(html, Does.Contain(Format.Percent(drag, 3) + " a year"));
        Assert.That(html, Does.Contain(Format.Percent(0.001 + 0.0006 * (costs.Length - 1), 3) + " of the index value"), "costs paid");
        Assert.That(html, Does.Contain("60.0% of the index value (after the initial build)"));
    }
}
