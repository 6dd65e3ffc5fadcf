using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;
using IndexEngine.Data;
using NUnit.Framework;

namespace IndexEngine.Tests.Data;

/// <summary>METHODOLOGY §11 input rules: a dated metrics.csv with an optional market_cap column.</summary>
[TestFixture]
public sealed class DatedMetricsLoaderTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    private Universe Load(string metrics)
    {
        SmallUniverse.WriteTo(_folder, metrics: metrics);
        return UniverseLoader.Load(_folder.Path, UnknownIdPolicy.Error);
    }

    [Test]
    public void Rows_in_any_order_are_indexed_by_security_and_date()
    {
        var u = Load(
            "market_cap,id,date,earnings_yield\n" +
            "1100,B,2016-12-01,0.3\n" +
            "1000,A,2016-12-31,0.2\n" +
            "900,A,2016-06-30,0.1\n" +
            ",A,2017-01-04,\n");
        var table = u.Metrics;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(table.IsDated, Is.True);
            Assert.That(table.HasMarketCap, Is.True);
            Assert.That(u.MetricNames, Is.EqualTo(new[] { "earnings_yield" }), "date and market_cap are not metrics");
            Assert.That(table.DistinctDates, Is.EqualTo(new[] { new DateOnly(2016, 6, 30), new DateOnly(2016, 12, 1), new DateOnly(2016, 12, 31), new DateOnly(2017, 1, 4) }));
            int row = table.LatestRow(0, new DateOnly(2017, 1, 3));
            Assert.That(table.RowDate(row), Is.EqualTo(new DateOnly(2016, 12, 31)));
            Assert.That(table.Value(row, 0), Is.EqualTo(0.2));
            Assert.That(table.MarketCap(row), Is.EqualTo(1000));
            Assert.That(table.LatestRow(0, new DateOnly(2016, 6, 29)), Is.EqualTo(-1));
            int latest = table.LatestRow(0, new DateOnly(2017, 1, 4));
            Assert.That(table.Value(latest, 0), Is.NaN);
            Assert.That(table.MarketCap(latest), Is.NaN);
            Assert.That(table.RowsOf(2), Is.Empty, "C has no row");
            Assert.Throws<InvalidOperationException>(() => u.Metric(0, 0), "dated metrics are read through a screening date's view");
        }
    }

    [Test]
    public void A_duplicate_date_and_id_is_bad_input_naming_both_lines()
    {
        var e = InputAssert.Located(() => Load(
            "date,id,roe\n" +
            "2016-12-31,A,0.1\n" +
            "2016-12-30,A,0.1\n" +
            "2016-12-31,A,0.2\n"), "metrics.csv", 4, "id");
        Assert.That(e.Message, Does.Contain("duplicate (date, id) (2016-12-31, A)").And.Contain("first on line 2"));
    }

    [Test]
    public void An_unparsable_or_empty_date_is_bad_input()
    {
        InputAssert.Located(() => Load("date,id,roe\n2016-12-31,A,0.1\n2016-02-30,B,0.1\n"), "metrics.csv", 3, "date");
        InputAssert.Located(() => Load("date,id,roe\n,A,0.1\n"), "metrics.csv", 2, "date");
    }

    [Test]
    public void An_undated_file_with_repeated_ids_says_a_date_column_is_needed()
    {
        var e = InputAssert.Located(() => Load("id,roe\nA,0.1\nA,0.2\n"), "metrics.csv", 3, "id");
        Assert.That(e.Message, Does.Contain("needs a date column"));
    }

    [Test]
    public void An_undated_market_cap_column_replaces_the_security_master_cap_undrifted()
    {
        var u = Load("id,market_cap,roe\nA,5000,0.1\nB,,0.2\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(u.Metrics.IsDated, Is.False);
            Assert.That(u.MetricNames, Is.EqualTo(new[] { "roe" }));
            Assert.That(u.Metrics.MarketCap(0), Is.EqualTo(5000));
            Assert.That(u.Metrics.MarketCap(1), Is.NaN);
            Assert.That(u.Metrics.MarketCap(2), Is.NaN, "C has no row");
        }
    }
}
