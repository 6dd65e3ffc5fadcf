using System.Globalization;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;
using IndexEngine.Data;
using NUnit.Framework;
using ParquetSharp;

namespace IndexEngine.Tests.Data;

/// <summary>
/// A windowed Parquet load places a row group at a time from its columns while the next row group is decoded on
/// another thread: every rule of §1 still applies to every row, the first bad row in file order is reported with
/// the row-by-row read's message, file, row and column, and the result does not depend on the rows' order.
/// </summary>
[TestFixture]
public sealed class ParquetRowGroupLoadTests : TempFolderFixture
{
    /// <summary>A price row; null date, id or close is a null in the file.</summary>
    private sealed record Row(string? Date, string? Id, double? Close, double? Volume = 1000, double? Dividend = null);

    private static readonly PriceWindow Whole = new(null, null, 10_000, 0, 0, 0);

    private static Date D(string iso) => ParquetTestFile.D(iso);

    /// <summary>The small universe (securities A, B, C) with these prices, one row group per array.</summary>
    private string Universe(params Row[][] rowGroups)
    {
        ParquetTestFile.SmallUniverse(Folder);
        using var file = new ParquetFileWriter(Folder.File("prices.parquet"),
        [
            new Column<Date?>("date"), new Column<string>("id"), new Column<double?>("close"), new Column<double?>("volume"),
            new Column<double?>("dividend"),
        ]);
        foreach (var rows in rowGroups)
        {
            using var group = file.AppendRowGroup();
            ParquetTestFile.WriteColumn(group, rows.Select(r => r.Date is null ? (Date?)null : D(r.Date)).ToArray());
            ParquetTestFile.WriteColumn(group, rows.Select(r => r.Id).ToArray());
            ParquetTestFile.WriteColumn(group, rows.Select(r => r.Close).ToArray());
            ParquetTestFile.WriteColumn(group, rows.Select(r => r.Volume).ToArray());
            ParquetTestFile.WriteColumn(group, rows.Select(r => r.Dividend).ToArray());
        }
        file.Close();
        return Folder.Path;
    }

    /// <summary>Three days of A, B and C over three row groups (rows 1-3, 4-6, 7-9).</summary>
    private static Row[][] ThreeDays() =>
    [
        [new("2017-01-03", "A", 10), new("2017-01-03", "B", 20), new("2017-01-03", "C", 30)],
        [new("2017-01-04", "A", 11), new("2017-01-04", "B", 21), new("2017-01-04", "C", 31)],
        [new("2017-01-05", "A", 12), new("2017-01-05", "B", 22), new("2017-01-05", "C", 32)],
    ];

    private static Universe LoadWindowed(string folder, UnknownIdPolicy policy = UnknownIdPolicy.Error) =>
        UniverseLoader.Load(folder, policy, Whole);

    /// <summary>Asserts that the windowed load fails at the row and column given, with the same message as a full
    /// (row by row) load of the same file.</summary>
    private static InputException FailsLikeTheRowWiseRead(string folder, long row, string column)
    {
        var windowed = InputAssert.Located(() => LoadWindowed(folder), "prices.parquet", row, column);
        var full = InputAssert.Located(() => UniverseLoader.Load(folder, UnknownIdPolicy.Error), "prices.parquet", row, column);
        Assert.That(windowed.Message, Is.EqualTo(full.Message));
        return windowed;
    }

    [Test]
    public void ADuplicateAcrossRowGroupsIsReportedAtBothRows()
    {
        var groups = ThreeDays();
        groups[2][1] = new("2017-01-04", "B", 99); // row 8 repeats row 5, two row groups later
        var e = FailsLikeTheRowWiseRead(Universe(groups), 8, "id");
        Assert.That(e.Message, Does.Contain("duplicate price for (2017-01-04, B) (first on row 5)"));
    }

    [Test]
    public void ADuplicateWithinARowGroupIsReportedAtBothRows()
    {
        var groups = ThreeDays();
        groups[1][2] = new("2017-01-04", "A", 99);
        var e = FailsLikeTheRowWiseRead(Universe(groups), 6, "id");
        Assert.That(e.Message, Does.Contain("duplicate price for (2017-01-04, A) (first on row 4)"));
    }

    [Test]
    public void ANullIdInTheMiddleOfARowGroupIsReportedAtItsRow()
    {
        var groups = ThreeDays();
        groups[1][1] = new("2017-01-04", null, 21);
        var e = FailsLikeTheRowWiseRead(Universe(groups), 5, "id");
        Assert.That(e.Message, Does.Contain("id is required but the field is empty"));
    }

    [Test]
    public void ANullDateInTheMiddleOfARowGroupIsReportedAtItsRow()
    {
        var groups = ThreeDays();
        groups[2][1] = new(null, "B", 22);
        var e = FailsLikeTheRowWiseRead(Universe(groups), 8, "date");
        Assert.That(e.Message, Does.Contain("a date is required but the value is null"));
    }

    [TestCase(-1.0, null, null, "close", "close must be positive, got '-1'")]
    [TestCase(0.0, null, null, "close", "close must be positive, got '0'")]
    [TestCase(double.NaN, null, null, "close", "expected a finite number, got NaN")]
    [TestCase(double.PositiveInfinity, null, null, "close", "expected a finite number, got Infinity")]
    [TestCase(21.0, -5.0, null, "volume", "volume must not be negative, got '-5'")]
    [TestCase(21.0, double.NegativeInfinity, null, "volume", "expected a finite number, got -Infinity")]
    [TestCase(21.0, double.NaN, null, "volume", "expected a finite number, got NaN")]
    [TestCase(21.0, 100.0, -0.5, "dividend", "dividend must not be negative, got '-0.5'")]
    [TestCase(21.0, 100.0, double.PositiveInfinity, "dividend", "expected a finite number, got Infinity")]
    public void ABadValueInTheMiddleOfARowGroupIsReportedAtItsRow(double close, double? volume, double? dividend, string column, string message)
    {
        var groups = ThreeDays();
        groups[1][1] = new("2017-01-04", "B", close, volume, dividend);
        var e = FailsLikeTheRowWiseRead(Universe(groups), 5, column);
        Assert.That(e.Message, Does.Contain(message));
    }

    [Test]
    public void ANullCloseInTheMiddleOfARowGroupIsReportedAtItsRow()
    {
        var groups = ThreeDays();
        groups[1][1] = new("2017-01-04", "B", null);
        var e = FailsLikeTheRowWiseRead(Universe(groups), 5, "close");
        Assert.That(e.Message, Does.Contain("close is required but the value is null"));
    }

    [Test]
    public void TheFirstBadRowInFileOrderIsReportedWhateverLaterRowGroupsHold()
    {
        var groups = ThreeDays();
        groups[0][2] = new("2017-01-03", "C", -30);      // row 3
        groups[1][0] = new("2017-01-04", null, 11);      // row 4
        groups[2][2] = new("2017-01-05", "A", 32);       // row 9: a duplicate
        FailsLikeTheRowWiseRead(Universe(groups), 3, "close");
    }

    [Test]
    public void AnUnknownIdIsReportedOrUnderIgnoreSkippedWithTheRowsAfterItPlaced()
    {
        var groups = ThreeDays();
        groups[1][1] = new("2017-01-04", "Z", 99);
        var folder = Universe(groups);
        var e = FailsLikeTheRowWiseRead(folder, 5, "id");
        Assert.That(e.Message, Does.Contain("id 'Z' is not in securities.parquet"));

        var universe = LoadWindowed(folder, UnknownIdPolicy.Ignore);
        Assert.That(universe.Closes(0).ToArray(), Is.EqualTo(new[] { 10.0, 11, 12 }));
        Assert.That(universe.Closes(1).ToArray(), Is.EqualTo(new[] { 20.0, double.NaN, 22 }));
        Assert.That(universe.Closes(2).ToArray(), Is.EqualTo(new[] { 30.0, 31, 32 }));
    }

    [Test]
    public void NullVolumesAndDividendsReadAsMissingVolumeAndNoDividend()
    {
        var groups = ThreeDays();
        groups[1][1] = new("2017-01-04", "B", 21, null, null);
        groups[1][2] = new("2017-01-04", "C", 31, 0, 0.25);
        var universe = LoadWindowed(Universe(groups));
        Assert.That(universe.Volumes(1)[1], Is.NaN);
        Assert.That(universe.Dividends(1)[1], Is.EqualTo(0));
        Assert.That(universe.Volumes(2)[1], Is.EqualTo(0));
        Assert.That(universe.Dividends(2)[1], Is.EqualTo(0.25));
        UniverseAssert.BitIdentical(universe, UniverseLoader.Load(Folder.Path, UnknownIdPolicy.Error));
    }

    [Test]
    public void RowsInAnyOrderAndAnyRowGroupsGiveTheSameUniverse()
    {
        var rows = new List<Row>();
        string[] ids = ["A", "B", "C"];
        for (int d = 0; d < 40; d++)
        {
            string date = new DateOnly(2017, 1, 2).AddDays(d + d / 5 * 2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            for (int i = 0; i < ids.Length; i++)
            {
                if ((d + i) % 7 == 3) continue; // a missing price now and then
                rows.Add(new(date, ids[i], 10 + d + i / 10.0, (d * i) % 5 == 0 ? null : 100 * d + i, d % 6 == i ? 0.1 * i : null));
            }
        }
        var sorted = LoadWindowed(Universe([.. rows.Chunk(9)]));
        var window = new PriceWindow(null, null, 20, 0, 0, 0);
        var sortedWindow = UniverseLoader.Load(Folder.Path, UnknownIdPolicy.Error, window);

        var random = new Random(7);
        var shuffled = rows.OrderBy(_ => random.Next()).ToArray();
        Assert.That(shuffled.Select(r => (r.Date, r.Id)), Is.Not.EqualTo(rows.Select(r => (r.Date, r.Id))), "the order differs");
        UniverseAssert.BitIdentical(LoadWindowed(Universe([.. shuffled.Chunk(5)])), sorted);
        UniverseAssert.BitIdentical(UniverseLoader.Load(Folder.Path, UnknownIdPolicy.Error, window), sortedWindow);
        Assert.That(sortedWindow.DateCount, Is.EqualTo(21));
    }
}
