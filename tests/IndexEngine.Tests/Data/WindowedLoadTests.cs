using System.Globalization;
using IndexEngine.Cli;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;
using IndexEngine.Data;
using IndexEngine.Data.Configuration;
using NUnit.Framework;
using ParquetSharp;

namespace IndexEngine.Tests.Data;

/// <summary>
/// Loading only a window of the prices: the window's arrays are bit for bit those of a full load, the calendar
/// stays whole, and the checks that cover rows outside the window are the ones docs/data-inputs.md names.
/// </summary>
[TestFixture]
public sealed class WindowedLoadTests : TempFolderFixture
{

    private string Sub(string name) => Path.Combine(Folder.Path, name);

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Asserts that <paramref name="windowed"/> is <paramref name="full"/> cut to calendar[first..last], bit for bit.</summary>
    private static void IsSliceOf(Universe windowed, Universe full, int first, int last)
    {
        Assert.That(windowed.Calendar, Is.EqualTo(full.Dates), "the whole calendar");
        Assert.That(windowed.Dates, Is.EqualTo(full.Dates.Skip(first).Take(last - first + 1)), "the window's dates");
        Assert.That(windowed.CalendarOffset, Is.EqualTo(first));
        Assert.That(windowed.HasDividends, Is.EqualTo(full.HasDividends));
        Assert.That(windowed.Securities.Select(s => s.Id), Is.EqualTo(full.Securities.Select(s => s.Id)));
        int n = last - first + 1;
        for (int i = 0; i < full.SecurityCount; i++)
        {
            Bits(windowed.Closes(i), full.Closes(i).Slice(first, n), $"closes of {full.Securities[i].Id}");
            Bits(windowed.Volumes(i), full.Volumes(i).Slice(first, n), $"volumes of {full.Securities[i].Id}");
            Bits(windowed.Dividends(i), full.Dividends(i).Slice(first, n), $"dividends of {full.Securities[i].Id}");
        }
        Assert.That(windowed.Metrics.RowCount, Is.EqualTo(full.Metrics.RowCount));
        if (Path.GetExtension(windowed.Sources[^1].Path) == Path.GetExtension(full.Sources[^1].Path))
            Assert.That(windowed.Sources.Select(s => s.Sha256), Is.EqualTo(full.Sources.Select(s => s.Sha256)), "the files' hashes");
    }

    private static void Bits(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, string what)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), what);
        for (int t = 0; t < expected.Length; t++)
            if (BitConverter.DoubleToInt64Bits(actual[t]) != BitConverter.DoubleToInt64Bits(expected[t]))
                Assert.Fail($"{what}: index {t} is {actual[t]:R}, expected {expected[t]:R}");
    }

    private string ShippedAsParquet()
    {
        var run = Support.Cli.Run("convert", "--universe", Support.TestPaths.DefaultUniverse, "--out", Sub("parquet"), "--quiet");
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), run.ToString());
        return Sub("parquet");
    }

    [Test]
    public void TheShippedUniverseLoadsTheSameWindowFromEitherFormat()
    {
        var csv = Support.TestPaths.DefaultUniverse;
        var parquet = ShippedAsParquet();
        var full = UniverseLoader.Load(csv, UnknownIdPolicy.Error);
        var config = ConfigLoader.Load(null, []);
        PriceWindow[] windows =
        [
            PriceWindow.ForRebalance(config, null),
            PriceWindow.ForRebalance(config, D("2016-05-31")),
            PriceWindow.ForRebalance(config, D("2014-03-15")), // clamped at the first date
            PriceWindow.ForBacktest(config, D("2015-01-01"), D("2016-06-30")),
            new PriceWindow(D("2015-07-04"), null, 0, 0, 0, 0), // one day (a Saturday: the trading day before)
        ];
        foreach (var window in windows)
        {
            var (first, last) = window.Resolve(full.Dates);
            Assert.That(last - first + 1, Is.LessThan(full.DateCount), $"{window} must cut the calendar for the test to mean anything");
            IsSliceOf(UniverseLoader.Load(csv, UnknownIdPolicy.Error, window), full, first, last);
            IsSliceOf(UniverseLoader.Load(parquet, UnknownIdPolicy.Error, window), full, first, last);
        }
    }

    /// <summary>Prices on the first weekday of each month of 2015-2016 (24 dates) for A and B; B has a dividend in June 2016.</summary>
    private static string MonthlyPrices()
    {
        var rows = new List<string>();
        for (int m = 0; m < 24; m++)
        {
            var d = new DateOnly(2015, 1, 1).AddMonths(m);
            while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) d = d.AddDays(1);
            var date = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            rows.Add($"{date},A,{10 + m * 0.5},{1000 + m}");
            if (m % 5 != 3) rows.Add($"{date},B,{20 - m * 0.25},{(m == 7 ? "" : (2000 + m).ToString(CultureInfo.InvariantCulture))}");
        }
        return "date,id,close,volume\n" + string.Join("\n", rows) + "\n";
    }

    [Test]
    public void ACalendarSparserThanTheBoundIsReadAgainWithTheExactWindow()
    {
        // Six trading days before S are six months here, far beyond the calendar-day bound of one pass
        // (6 × 7/5 + 15 = 23 days), so the CSV source must read a second time.
        var folder = SmallUniverse.WriteTo(Folder, prices: MonthlyPrices());
        var full = UniverseLoader.Load(folder, UnknownIdPolicy.Error);
        Assert.That(full.DateCount, Is.EqualTo(24));
        foreach (var window in new[]
                 {
                     new PriceWindow(D("2016-03-20"), null, 6, 0, 1, 0),
                     new PriceWindow(null, null, 6, 0, 1, 0),
                     new PriceWindow(D("2015-04-01"), D("2015-06-01"), 1, 0, 0, 4),
                 })
        {
            Assert.That(window.CalendarDaysBeforeBound, Is.LessThan(60));
            var (first, last) = window.Resolve(full.Dates);
            IsSliceOf(UniverseLoader.Load(folder, UnknownIdPolicy.Error, window), full, first, last);
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public void RowsInAnyOrderGiveTheSameWindowWhenItEndsAtTheNewestDate(bool shuffled)
    {
        // 3 securities x 2,000 weekdays in short rows (17 bytes), so that the row buffer, sized at the file's length
        // / 28 rows, fills: the bound follows the newest date seen and the rows it leaves behind are dropped.
        var rows = new List<string>();
        var d = new DateOnly(2010, 1, 4);
        for (int t = 0; t < 2000; t++, d = d.AddDays(d.DayOfWeek == DayOfWeek.Friday ? 3 : 1))
            foreach (var id in new[] { "A", "B", "C" })
                rows.Add($"{d:yyyy-MM-dd},{id},{1 + (t + id[0]) % 9},{t % 7}");
        var random = new Random(5);
        var ordered = shuffled ? rows.OrderBy(_ => random.Next()).ToList() : rows;
        var folder = SmallUniverse.WriteTo(Folder, prices: "date,id,close,volume\n" + string.Join("\n", ordered) + "\n");
        var full = UniverseLoader.Load(folder, UnknownIdPolicy.Error);
        var window = new PriceWindow(null, null, 40, 0, 2, 0);
        var (first, last) = window.Resolve(full.Dates);
        Assert.That((first, last), Is.EqualTo((1957, 1999)));
        IsSliceOf(UniverseLoader.Load(folder, UnknownIdPolicy.Error, window), full, first, last);
    }

    [Test]
    public void UnderIgnoreADateOnlyAnUnknownIdTradesIsNotInTheCalendarOfEitherFormat()
    {
        // Saturday 2017-01-07 has only a row of X, which is not in securities: no trading day, in or out of the window.
        const string prices = "date,id,close,volume\n" +
            "2017-01-03,A,10.5,1000\n2017-01-03,B,20,2000\n2017-01-04,A,10.6,1100\n2017-01-05,A,10.7,1200\n" +
            "2017-01-06,A,10.8,1300\n2017-01-07,X,1,1\n2017-01-09,A,10.9,1400\n2017-01-09,B,21,2100\n";
        var csv = SmallUniverse.WriteTo(Folder, prices: prices);
        var full = UniverseLoader.Load(csv, UnknownIdPolicy.Ignore);
        Assert.That(full.Dates, Does.Not.Contain(D("2017-01-07")));
        var window = new PriceWindow(D("2017-01-09"), null, 1, 0, 0, 0);
        IsSliceOf(UniverseLoader.Load(csv, UnknownIdPolicy.Ignore, window), full, 3, 4);

        using var parquetFolder = new TempFolder();
        var parquet = ParquetTestFile.SmallUniverse(parquetFolder, prices:
        [
            new("date", new[] { "2017-01-03", "2017-01-03", "2017-01-04", "2017-01-05", "2017-01-06", "2017-01-07", "2017-01-09", "2017-01-09" }.Select(ParquetTestFile.D).ToArray()),
            new("id", new string?[] { "A", "B", "A", "A", "A", "X", "A", "B" }),
            new("close", new[] { 10.5, 20, 10.6, 10.7, 10.8, 1, 10.9, 21 }),
            new("volume", new double?[] { 1000, 2000, 1100, 1200, 1300, 1, 1400, 2100 }),
        ]);
        var fromParquet = UniverseLoader.Load(parquet, UnknownIdPolicy.Ignore, window);
        Assert.That(fromParquet.Calendar, Is.EqualTo(full.Dates));
        Assert.That(fromParquet.Dates, Is.EqualTo(new[] { D("2017-01-06"), D("2017-01-09") }));
        Assert.That(fromParquet.Close(1, 1), Is.EqualTo(21));
    }

    /// <summary>The small universe's prices with <paramref name="row"/> as line 2, on a day far before the others.</summary>
    private string WithEarlyRow(string row) =>
        SmallUniverse.WriteTo(Folder, prices: SmallUniverse.Prices.Replace("volume\n", "volume\n" + row + "\n", StringComparison.Ordinal));

    [Test]
    public void OutsideTheWindowACsvRowsDateAndIdAreCheckedButNotItsValues()
    {
        // The window is 2017-01-05; a row of 2016-06-01 is outside it and outside the one-pass bound around it.
        var window = new PriceWindow(D("2017-01-05"), null, 0, 0, 0, 0);
        Assert.That(window.CalendarDaysBeforeBound, Is.LessThan(200));
        var folder = WithEarlyRow("2016-06-01,A,0,1000");
        InputAssert.Located(() => UniverseLoader.Load(folder, UnknownIdPolicy.Error), "prices.csv", 2, "close");
        var windowed = UniverseLoader.Load(folder, UnknownIdPolicy.Error, window);
        Assert.That(windowed.Close(0, 0), Is.EqualTo(10.7));
        Assert.That(windowed.Calendar[0], Is.EqualTo(D("2016-06-01")));

        // A date that is no date, an unknown id, or a record with a field missing is found on every line.
        WithEarlyRow("2016-02-30,A,1,1000");
        InputAssert.Located(() => UniverseLoader.Load(folder, UnknownIdPolicy.Error, window), "prices.csv", 2, "date");
        WithEarlyRow("2016-06-01,Z,1,1000");
        InputAssert.Located(() => UniverseLoader.Load(folder, UnknownIdPolicy.Error, window), "prices.csv", 2, "id");
        WithEarlyRow("2016-06-01,A,1");
        InputAssert.Located(() => UniverseLoader.Load(folder, UnknownIdPolicy.Error, window), "prices.csv", 2, "volume");
    }

    [Test]
    public void InsideTheWindowEveryRuleApplies()
    {
        var window = new PriceWindow(D("2017-01-05"), null, 1, 0, 0, 0);
        var folder = SmallUniverse.WriteTo(Folder, prices: SmallUniverse.Prices.Replace("2017-01-04,A,10.6,1100", "2017-01-04,A,10.6,-1", StringComparison.Ordinal));
        InputAssert.Located(() => UniverseLoader.Load(folder, UnknownIdPolicy.Error, window), "prices.csv", 5, "volume");
        SmallUniverse.WriteTo(Folder, prices: SmallUniverse.Prices + "2017-01-04,B,20.3,5\n");
        var e = InputAssert.Located(() => UniverseLoader.Load(folder, UnknownIdPolicy.Error, window), "prices.csv", 9, "id");
        Assert.That(e.Message, Does.Contain("duplicate price for (2017-01-04, B) (first on line 6)"));
    }

    /// <summary>Prices of A and B on the first three weekdays of January, February and March 2017, one row group a
    /// month (rows 1-6, 7-12, 13-18), with <paramref name="close"/> replacing the closes.</summary>
    private string MonthlyRowGroups(double[]? close = null, string[]? ids = null)
    {
        string[] days = ["2017-01-03", "2017-01-04", "2017-01-05", "2017-02-01", "2017-02-02", "2017-02-03", "2017-03-01", "2017-03-02", "2017-03-03"];
        var date = days.SelectMany(d => new[] { d, d }).Select(ParquetTestFile.D).ToArray();
        ids ??= Enumerable.Repeat(new[] { "A", "B" }, 9).SelectMany(x => x).ToArray();
        close ??= Enumerable.Range(0, 18).Select(r => 10.0 + r).ToArray();
        ParquetTestFile.SmallUniverse(Folder);
        using var file = new ParquetFileWriter(Folder.File("prices.parquet"),
            [new Column<Date>("date"), new Column<string>("id"), new Column<double>("close"), new Column<double?>("volume")]);
        for (int g = 0; g < 3; g++)
        {
            using var group = file.AppendRowGroup();
            ParquetTestFile.WriteColumn(group, date[(g * 6)..(g * 6 + 6)]);
            ParquetTestFile.WriteColumn(group, ids[(g * 6)..(g * 6 + 6)]);
            ParquetTestFile.WriteColumn(group, close[(g * 6)..(g * 6 + 6)]);
            ParquetTestFile.WriteColumn(group, Enumerable.Repeat<double?>(1000, 6).ToArray());
        }
        file.Close();
        return Folder.Path;
    }

    [Test]
    public void ParquetRowGroupsOutsideTheWindowAreNotReadAndRowsAreStillNumberedAcrossThem()
    {
        var march = new PriceWindow(D("2017-03-03"), null, 2, 0, 0, 0);
        var closes = Enumerable.Range(0, 18).Select(r => 10.0 + r).ToArray();
        closes[1] = -5; // January, row 2: in a row group the window skips
        var folder = MonthlyRowGroups(closes);
        InputAssert.Located(() => UniverseLoader.Load(folder, UnknownIdPolicy.Error), "prices.parquet", 2, "close");
        var windowed = UniverseLoader.Load(folder, UnknownIdPolicy.Error, march);
        Assert.That(windowed.Dates, Is.EqualTo(new[] { D("2017-03-01"), D("2017-03-02"), D("2017-03-03") }));
        Assert.That(windowed.Calendar, Has.Count.EqualTo(9));
        Assert.That(windowed.Close(1, 2), Is.EqualTo(27));

        closes[1] = 11;
        closes[15] = 0; // March 2, B: row 16, after two skipped row groups
        MonthlyRowGroups(closes);
        InputAssert.Located(() => UniverseLoader.Load(folder, UnknownIdPolicy.Error, march), "prices.parquet", 16, "close");
    }

    [Test]
    public void ParquetDuplicatesInTheWindowNameBothRowsAndUnknownIdsOutsideItAreNotSeen()
    {
        var ids = Enumerable.Repeat(new[] { "A", "B" }, 9).SelectMany(x => x).ToArray();
        ids[15] = "A"; // 2017-03-02 A twice: rows 15 and 16
        ids[2] = "Z";  // 2017-01-04: not a security, in a skipped row group
        var folder = MonthlyRowGroups(ids: ids);
        var march = new PriceWindow(D("2017-03-03"), null, 2, 0, 0, 0);
        var e = InputAssert.Located(() => UniverseLoader.Load(folder, UnknownIdPolicy.Error, march), "prices.parquet", 16, "id");
        Assert.That(e.Message, Does.Contain("duplicate price for (2017-03-02, A) (first on row 15)"));

        ids[15] = "B";
        MonthlyRowGroups(ids: ids);
        InputAssert.Located(() => UniverseLoader.Load(folder, UnknownIdPolicy.Error), "prices.parquet", 3, "id");
        Assert.That(UniverseLoader.Load(folder, UnknownIdPolicy.Error, march).DateCount, Is.EqualTo(3));
    }

    [Test]
    public void TheCalendarOfAWindowedLoadIsTheCalendarTheScheduleReads()
    {
        var config = ConfigLoader.Load(null, []);
        var windowed = UniverseLoader.Load(Support.TestPaths.DefaultUniverse, UnknownIdPolicy.Error, PriceWindow.ForRebalance(config, null));
        Assert.That(windowed.Calendar, Is.EqualTo(TradingCalendarLoader.Load(Support.TestPaths.DefaultUniverse)));
    }
}
