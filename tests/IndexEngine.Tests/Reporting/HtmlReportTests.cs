using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using IndexEngine.Core.Model;
using IndexEngine.Reporting;
using NUnit.Framework;

namespace IndexEngine.Tests.Reporting;

public class HtmlReportTests
{
    private const string Chromium = "/usr/bin/chromium";

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
            .And.Contain("<h2>Worst drawdowns</h2>").And.Contain("<h2>Calendar-year returns</h2>").And.Contain("<h2>Monthly returns of the index</h2>"));
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
    public void HeadlessChromiumRendersTheReport()
    {
        if (!File.Exists(Chromium))
            Assert.Ignore($"{Chromium} is absent: install Debian's chromium (apt-get install -y chromium) to run the browser check.");
        var folder = Directory.CreateTempSubdirectory("indexengine-report-").FullName;
        try
        {
            var page = Path.Combine(folder, "report.html");
            File.WriteAllText(page, HtmlReport.Render(SampleBacktestReport.Create()));
            var png = Path.Combine(folder, "report.png");

            var (_, shotLog) = RunChromium(folder, $"--screenshot={png}", "--window-size=1400,3000", "--enable-logging=stderr", "--v=0", new Uri(page).AbsoluteUri);
            Assert.That(File.Exists(png), Is.True, "no screenshot was written:\n" + shotLog);
            Assert.That(shotLog, Does.Not.Contain("Uncaught").And.Not.Contain("CONSOLE("), "the page logged errors");
            Assert.That(DistinctPixelBytes(png), Is.GreaterThan(40), "the screenshot is blank");

            var (dom, _) = RunChromium(folder, "--dump-dom", new Uri(page).AbsoluteUri);
            Assert.That(Regex.Matches(dom, "<svg ").Count, Is.EqualTo(9));
            Assert.That(dom, Does.Contain("Performance statistics").And.Contain("Worst drawdowns").And.Contain("Calendar-year returns").And.Contain("Monthly returns of the index"));

            var keep = Environment.GetEnvironmentVariable("INDEXENGINE_REPORT_PNG");
            if (!string.IsNullOrEmpty(keep))
            {
                // For a person to look at: the screenshot and the page beside it.
                File.Copy(png, keep, overwrite: true);
                File.Copy(page, Path.ChangeExtension(keep, ".html"), overwrite: true);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (string Stdout, string Stderr) RunChromium(string folder, params string[] args)
    {
        var start = new ProcessStartInfo(Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     $"--user-data-dir={Path.Combine(folder, "profile")}",
                 }.Concat(args))
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish within 120 s");
        }
        return (stdout.Result, stderr.Result);
    }

    /// <summary>Distinct byte values in the PNG's decompressed image data: a blank page has a handful.</summary>
    private static int DistinctPixelBytes(string png)
    {
        var bytes = File.ReadAllBytes(png);
        using var idat = new MemoryStream();
        for (int pos = 8; pos + 8 <= bytes.Length;)
        {
            int length = (bytes[pos] << 24) | (bytes[pos + 1] << 16) | (bytes[pos + 2] << 8) | bytes[pos + 3];
            var type = System.Text.Encoding.ASCII.GetString(bytes, pos + 4, 4);
            if (type == "IDAT") idat.Write(bytes, pos + 8, length);
            pos += 12 + length;
        }
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(inflated);
        return inflated.ToArray().Distinct().Count();
    }
}
