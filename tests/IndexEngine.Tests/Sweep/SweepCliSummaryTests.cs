using System.Text.RegularExpressions;
using IndexEngine.Core.Model;
using IndexEngine.Data.Sweep;
using IndexEngine.Reporting;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Sweep;

/// <summary>sweep.csv from hand-written variant files, and the sweep report's scatter and table.</summary>
[TestFixture]
public sealed class SweepCliSummaryTests
{
    private static void WriteVariant(string sweep, string name, string annualised, string trackingError, string turnover, params int[] selected)
    {
        var dir = Path.Combine(sweep, "variants", name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "stats.json"), $$"""
            {
              "start": "2016-03-11", "end": "2017-11-10", "returns": 400, "index_dates_without_benchmark": 0, "periods_per_year": 252, "risk_free_rate": 0,
              "index": {"name": "index", "total_return": 0.2, "annualised_return": {{annualised}}, "volatility": 0.15, "sharpe": 0.5,
                        "max_drawdown": 0.1, "max_drawdown_peak": "2016-06-01", "max_drawdown_trough": "2016-07-01", "sortino": 0.7, "calmar": null},
              "benchmark": {"name": "b", "total_return": 0.1, "annualised_return": 0.05, "volatility": 0.14, "sharpe": 0.4,
                        "max_drawdown": 0.12, "max_drawdown_peak": "2016-06-01", "max_drawdown_trough": "2016-07-01", "sortino": 0.6, "calmar": 0.4},
              "tracking_error": {{trackingError}}, "information_ratio": 0.25, "beta": 1.01, "alpha": 0.001, "correlation": 0.98,
              "up_capture": 1.02, "down_capture": 0.99, "average_turnover": {{turnover}}, "rebalances": {{selected.Length}}
            }
            """);
        File.WriteAllText(Path.Combine(dir, "rebalances.csv"), "screening,effective,universe,selected,turnover,adds,drops\n" +
            string.Concat(selected.Select((s, k) => $"2016-0{k + 2}-28,2016-0{k + 3}-11,800,{s},,0,0\n")));
    }

    private static SweepDescription Description(params GridVariant[] variants) =>
        new(new DateOnly(2016, 1, 1), new DateOnly(2017, 11, 10), "u", null, null, "00", [new InputFileInfo("prices", "u/prices.csv", "ab")], variants);

    [Test]
    public void SweepCsv_Has_The_Overrides_By_Key_And_The_Statistics_Of_Each_Variants_Files()
    {
        var sweep = TestPaths.NewTempDirectory();
        var a = new GridVariant("selection.count=100", [new("weighting.security_cap", "0.04"), new("selection.count", "100")]);
        var b = new GridVariant("tilt", [new("weighting.security_cap", "0.04"), new("scoring.factor_weights.momentum", "0.4"), new("weighting.security_cap", "0.03")]);
        var absent = new GridVariant("other-shard", [new("weighting.security_cap", "0.04")]);
        WriteVariant(sweep, a.Name, "0.0625", "0.02", "0.3", 100, 100, 103);
        WriteVariant(sweep, b.Name, "-0.01", "null", "null", 200, 190);
        var description = Description(a, b, absent);

        var rows = SweepSummary.Read(sweep, description);
        Assert.That(rows.Select(r => r.Variant.Name), Is.EqualTo(new[] { a.Name, b.Name }), "only the variants whose folder is there, in grid order");
        var csv = Path.Combine(sweep, "sweep.csv");
        SweepSummary.WriteCsv(csv, description.Keys, rows);
        var lines = File.ReadAllLines(csv);
        Assert.That(lines[0], Is.EqualTo("variant,weighting.security_cap,selection.count,scoring.factor_weights.momentum," +
            "annualised_return,total_return,volatility,sharpe,sortino,max_drawdown,calmar,benchmark_annualised_return,tracking_error,information_ratio," +
            "beta,alpha,correlation,up_capture,down_capture,average_turnover,average_holdings,rebalances"));
        // (100 + 100 + 103) / 3 = 101; a null statistic is an empty field; a key given twice shows its last value.
        Assert.That(lines[1], Is.EqualTo("selection.count=100,0.04,100,,0.0625,0.2,0.15,0.5,0.7,0.1,,0.05,0.02,0.25,1.01,0.001,0.98,1.02,0.99,0.3,101,3"));
        Assert.That(lines[2], Is.EqualTo("tilt,0.03,,0.4,-0.01,0.2,0.15,0.5,0.7,0.1,,0.05,,0.25,1.01,0.001,0.98,1.02,0.99,,195,2"));
        Assert.That(lines, Has.Length.EqualTo(3));
    }

    [Test]
    public void Description_Round_Trips_Through_Sweep_Json()
    {
        var dir = TestPaths.NewTempDirectory();
        var description = Description(new GridVariant("x=1,y=a", [new("x", "1"), new("y", "a=b")]));
        File.WriteAllText(Path.Combine(dir, SweepDescription.FileName), description.ToJson());
        var back = SweepDescription.Read(dir);
        Assert.That(back.ToJson(), Is.EqualTo(description.ToJson()));
        Assert.That(back.Variants[0].Overrides[1], Is.EqualTo(new GridOverride("y", "a=b")), "split at the first '='");
        Assert.That(back.GridSha256, Is.EqualTo(description.GridSha256));
        var other = Description(new GridVariant("x=1,y=a", [new("x", "1"), new("y", "a=c")]));
        Assert.That(other.GridSha256, Is.Not.EqualTo(description.GridSha256), "a different override is a different grid");
    }

    [Test]
    public void Report_Has_A_Dot_Per_Variant_With_Figures_And_A_Sortable_Escaped_Table()
    {
        SweepReportRow Row(string name, double ret, double te) => new(name, ["1", null], ret, 0.15, 0.5, 0.1, 0.05, te, 0.25, 0.3, 101);
        var html = SweepReport.Render("Index variant sweep", "3 variants", ["a.b", "c.d"],
            [Row("x<1>", 0.08, 0.02), Row("y", 0.06, 0.03), Row("no-te", 0.05, double.NaN)]);
        Assert.That(Regex.Matches(html, "<circle ").Count, Is.EqualTo(2), "a variant without a tracking error has no dot");
        Assert.That(html, Does.Contain("<title>x&lt;1&gt;: return 8.00%, tracking error 2.00%, IR 0.25</title>"));
        Assert.That(Regex.Matches(html, "<tr><td data-v=").Count, Is.EqualTo(3));
        Assert.That(html, Does.Contain("<a href=\"variants/x%3C1%3E/report.html\">x&lt;1&gt;</a>"));
        Assert.That(html, Does.Contain("<th data-sort=\"text\">a.b</th><th data-sort=\"text\">c.d</th><th data-sort=\"num\">Return</th>"));
        Assert.That(html, Does.Contain("<td data-v=\"0.02\">2.00%</td>"));
        Assert.That(html, Does.Contain("<td data-v=\"\">n/a</td>"), "NaN sorts last and reads n/a");
        Assert.That(html, Does.Not.Contain("src=").And.Not.Contain("http"), "self-contained");
    }
}
