using System.Globalization;
using System.IO.Compression;
using System.Text;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;
using IndexEngine.Data;
using NUnit.Framework;

namespace IndexEngine.Tests.Data;

/// <summary>
/// A full load puts every price row into the securities × dates arrays as it is read (a column of cells per date,
/// written in calendar order at the end), or, for sparse input, keeps the rows of later dates as a list: the cells,
/// the calendar and the duplicate reported must not depend on the row order or on which of the two a row took.
/// </summary>
[TestFixture]
public sealed class FullLoadPlacementTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    private static readonly DateOnly FirstDate = new(2001, 1, 1);

    private static string Id(int i) => $"S{i:D5}";

    private void WriteSecurities(int count)
    {
        var text = new StringBuilder("id,name,sector,country,security_type,market_cap\n");
        for (int i = 0; i < count; i++) text.Append(Id(i)).Append(",N,Energy,US,common,1000\n");
        _folder.Write("securities.csv", text.ToString());
        _folder.Write("metrics.csv", "id,m\n");
    }

    private static string Row(int t, int i, string close, string volume, string dividend) =>
        $"{FirstDate.AddDays(t):yyyy-MM-dd},{Id(i)},{close},{volume},{dividend}\n";

    /// <summary>A row (t, i) exists unless (t + i) % 7 == 3; its close is i + 1 + t/100, its volume empty when
    /// (t + i) % 11 == 0, its dividend 0.25 when (t + i) % 13 == 0.</summary>
    private static IEnumerable<string> DenseRows(int securities, int dates)
    {
        for (int t = 0; t < dates; t++)
            for (int i = 0; i < securities; i++)
                if ((t + i) % 7 != 3)
                    yield return Row(t, i, (i + 1 + t / 100.0).ToString("R", CultureInfo.InvariantCulture),
                        (t + i) % 11 == 0 ? "" : (1000 + t).ToString(CultureInfo.InvariantCulture), (t + i) % 13 == 0 ? "0.25" : "");
    }

    private Universe Load() => UniverseLoader.Load(_folder.Path, UnknownIdPolicy.Error);

    [TestCase(false)]
    [TestCase(true)]
    public void Rows_in_any_order_fill_the_same_cells(bool shuffled)
    {
        const int securities = 40, dates = 150; // three tiles of up to 64 dates
        WriteSecurities(securities);
        var rows = DenseRows(securities, dates).ToList();
        if (shuffled)
        {
            var random = new Random(20171110);
            rows = [.. rows.OrderBy(_ => random.Next())];
        }
        _folder.Write("prices.csv", "date,id,close,volume,dividend\n" + string.Concat(rows));

        var universe = Load();
        Assert.That(universe.Dates, Is.EqualTo(Enumerable.Range(0, dates).Select(t => FirstDate.AddDays(t)).ToArray()));
        for (int i = 0; i < securities; i++)
        {
            var closes = universe.Closes(i);
            var volumes = universe.Volumes(i);
            for (int t = 0; t < dates; t++)
            {
                bool present = (t + i) % 7 != 3;
                Assert.That(closes[t], Is.EqualTo(present ? i + 1 + t / 100.0 : double.NaN), $"close of {Id(i)} on day {t}");
                Assert.That(volumes[t], Is.EqualTo(present && (t + i) % 11 != 0 ? 1000 + t : double.NaN), $"volume of {Id(i)} on day {t}");
                Assert.That(universe.Dividend(i, t), Is.EqualTo(present && (t + i) % 13 == 0 ? 0.25 : 0), $"dividend of {Id(i)} on day {t}");
            }
        }
    }

    // 5,000 securities and one row a date: the columns (104 dates of 5,000 cells a block) outgrow four cells a row
    // beyond the first 4 M cells after 8 blocks, so the rows of dates 833 and later are kept as a list.
    private const int SparseSecurities = 5000, SparseDates = 1500;

    private static int SparseSecurity(int t) => t * 7919 % SparseSecurities;

    private static IEnumerable<string> SparseRows() =>
        Enumerable.Range(0, SparseDates).Select(t => Row(t, SparseSecurity(t), (1 + t).ToString(CultureInfo.InvariantCulture), "5", t % 3 == 0 ? "0.5" : ""));

    [Test]
    public void Sparse_rows_land_in_their_cells_and_every_other_cell_is_empty()
    {
        WriteSecurities(SparseSecurities);
        _folder.Write("prices.csv", "date,id,close,volume,dividend\n" + string.Concat(SparseRows()));

        var universe = Load();
        Assert.That(universe.Dates, Has.Count.EqualTo(SparseDates));
        int present = 0;
        for (int i = 0; i < SparseSecurities; i++)
            for (int t = 0; t < SparseDates; t++)
            {
                if (SparseSecurity(t) == i)
                {
                    present++;
                    Assert.That(universe.Close(i, t), Is.EqualTo(1 + t), $"close of {Id(i)} on day {t}");
                    Assert.That(universe.Volumes(i)[t], Is.EqualTo(5));
                    Assert.That(universe.Dividend(i, t), Is.EqualTo(t % 3 == 0 ? 0.5 : 0));
                }
                else if (!double.IsNaN(universe.Close(i, t)) || !double.IsNaN(universe.Volumes(i)[t]) || universe.Dividend(i, t) != 0)
                    Assert.Fail($"{Id(i)} has a value on day {t} but no row");
            }
        Assert.That(present, Is.EqualTo(SparseDates));
    }

    /// <summary>Sparse rows with a row of date <paramref name="t"/> repeated (same id) right after it: the lines of
    /// both (the header is line 1, date t's row line t + 2).</summary>
    private static List<string> SparseRowsRepeating(params int[] repeated)
    {
        var rows = SparseRows().ToList();
        foreach (var t in repeated.OrderDescending())
            rows.Insert(t + 1, Row(t, SparseSecurity(t), "99", "5", ""));
        return rows;
    }

    [TestCase(1200, 1203)] // a repeated date kept as a list
    [TestCase(10, 13)]     // a repeated date with a column, the rest of the file a list
    public void A_duplicate_names_its_first_line(int t, long line)
    {
        WriteSecurities(SparseSecurities);
        _folder.Write("prices.csv", "date,id,close,volume,dividend\n" + string.Concat(SparseRowsRepeating(t)));
        var e = InputAssert.Located(() => Load(), "prices.csv", line, "id");
        Assert.That(e.Message, Does.Contain($"duplicate price for ({FirstDate.AddDays(t):yyyy-MM-dd}, {Id(SparseSecurity(t))}) (first on line {t + 2})"));
    }

    [Test]
    public void Of_a_duplicate_in_the_columns_and_one_in_the_list_the_earlier_in_the_file_is_reported()
    {
        WriteSecurities(SparseSecurities);
        // Date 1000 (a list date) repeated at line 1003; date 20 (a column date) repeated again at the end.
        var rows = SparseRowsRepeating(1000);
        rows.Add(Row(20, SparseSecurity(20), "99", "5", ""));
        _folder.Write("prices.csv", "date,id,close,volume,dividend\n" + string.Concat(rows));
        var e = InputAssert.Located(() => Load(), "prices.csv", 1003, "id");
        Assert.That(e.Message, Does.Contain($"({FirstDate.AddDays(1000):yyyy-MM-dd}, {Id(SparseSecurity(1000))}) (first on line 1002)"));

        // The other way round: date 1000 repeated at the end, date 20 right after its row (line 23).
        rows = SparseRowsRepeating(20);
        rows.Add(Row(1000, SparseSecurity(1000), "99", "5", ""));
        _folder.Write("prices.csv", "date,id,close,volume,dividend\n" + string.Concat(rows));
        e = InputAssert.Located(() => Load(), "prices.csv", 23, "id");
        Assert.That(e.Message, Does.Contain($"({FirstDate.AddDays(20):yyyy-MM-dd}, {Id(SparseSecurity(20))}) (first on line 22)"));
    }

    [Test]
    public void A_bad_value_after_a_duplicate_is_reported_first_as_every_row_is_checked_before_duplicates()
    {
        SmallUniverse.WriteTo(_folder, prices: "date,id,close,volume\n2017-01-03,A,10,1\n2017-01-03,A,11,1\n2017-01-04,B,abc,1\n");
        InputAssert.Located(() => Load(), "prices.csv", 4, "close");
    }

    [Test]
    public void A_duplicate_in_a_gzip_file_names_its_first_line_found_by_reading_the_file_again()
    {
        SmallUniverse.WriteTo(_folder);
        File.Delete(_folder.File("prices.csv"));
        using (var gzip = new GZipStream(File.Create(_folder.File("prices.csv.gz")), CompressionLevel.Fastest))
            gzip.Write(Encoding.UTF8.GetBytes(SmallUniverse.Prices + "2017-01-04,B,20.3,5\n"));
        var e = InputAssert.Located(() => Load(), "prices.csv.gz", 9, "id");
        Assert.That(e.Message, Does.Contain("duplicate price for (2017-01-04, B) (first on line 6)"));
    }
}
