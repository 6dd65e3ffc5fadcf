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
}
