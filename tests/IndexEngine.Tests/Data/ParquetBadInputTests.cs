using IndexEngine.Cli;
using IndexEngine.Core.Configuration;
using IndexEngine.Data;
using NUnit.Framework;
using static IndexEngine.Tests.Data.ParquetTestFile;

namespace IndexEngine.Tests.Data;

/// <summary>Bad Parquet input is exit 2 naming the file and the column (and the row where there is one), as for CSV.</summary>
[TestFixture]
public sealed class ParquetBadInputTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    private void Load() => UniverseLoader.Load(_folder.Path, UnknownIdPolicy.Error);

    [Test]
    public void ATruncatedFileIsExit2NamingTheFile()
    {
        SmallUniverse(_folder);
        var path = _folder.File("prices.parquet");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var run = Support.Cli.Run("validate", "--universe", _folder.Path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(CliApp.BadInput), run.ToString());
            Assert.That(run.StdErr, Does.Contain("prices.parquet: not a readable Parquet prices file"));
            Assert.That(run.StdErr, Does.Not.Contain("   at "), "no stack trace for bad input");
        }
    }

    [Test]
    public void CorruptPagesAreExit2NamingTheFileAndColumn()
    {
        // A valid footer over damaged column data: the damage is found when the row group is read.
        SmallUniverse(_folder);
        var path = _folder.File("prices.parquet");
        var bytes = File.ReadAllBytes(path);
        for (int k = 4; k < 64 && k < bytes.Length; k++) bytes[k] = 0xFF;
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<IndexEngine.Core.Model.InputException>(Load)!;
        Assert.That(e.File, Does.EndWith("prices.parquet"), e.Message);
        Assert.That(e.Column, Is.EqualTo("date"), e.Message);
        Assert.That(e.Message, Does.Contain("corrupt Parquet data in row group 0"));
    }

    [Test]
    public void CloseAsStringIsAWrongColumnType()
    {
        SmallUniverse(_folder, prices: SmallPrices(close: new string?[] { "10.5", "20", "30", "10.6", "20.2", "10.7", "29" }));
        var e = InputAssert.Located(Load, "prices.parquet", null, "close");
        Assert.That(e.Message, Does.Contain("expected a DOUBLE, the column is BYTEARRAY (String)"));
    }

    [Test]
    public void DateAsStringIsAWrongColumnType()
    {
        SmallUniverse(_folder, prices: SmallPrices(date: new string?[] { "2017-01-03", "2017-01-03", "2017-01-03", "2017-01-04", "2017-01-04", "2017-01-05", "2017-01-05" }));
        var e = InputAssert.Located(Load, "prices.parquet", null, "date");
        Assert.That(e.Message, Does.Contain("expected a DATE"));
    }

    [Test]
    public void ANullIdIsExit2NamingFileRowAndColumn()
    {
        SmallUniverse(_folder, prices: SmallPrices(id: new string?[] { "A", "B", "C", "A", null, "A", "C" }));
        var run = Support.Cli.Run("validate", "--universe", _folder.Path);
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.BadInput), run.ToString());
        Assert.That(run.StdErr, Does.Contain("prices.parquet:5 column 'id'"));
        InputAssert.Located(Load, "prices.parquet", 5, "id");
    }

    [Test]
    public void ANullSecurityIdIsExit2()
    {
        var securities = SmallSecurities();
        securities[0] = new("id", new string?[] { "A", null, "C" });
        SmallUniverse(_folder, securities: securities);
        InputAssert.Located(Load, "securities.parquet", 2, "id");
    }

    [Test]
    public void ANullCloseIsExit2()
    {
        SmallUniverse(_folder, prices: SmallPrices(close: new double?[] { 10.5, 20, 30, 10.6, 20.2, null, 29 }));
        var e = InputAssert.Located(Load, "prices.parquet", 6, "close");
        Assert.That(e.Message, Does.Contain("close is required"));
    }

    [Test]
    public void ANegativeCloseBreaksTheSameRuleAsInCsv()
    {
        SmallUniverse(_folder, prices: SmallPrices(close: new[] { 10.5, 20, 30, -10.6, 20.2, 10.7, 29 }));
        var e = InputAssert.Located(Load, "prices.parquet", 4, "close");
        Assert.That(e.Message, Does.Contain("close must be positive, got '-10.6'"));
    }

    [Test]
    public void ADuplicatePriceRowIsReportedWithBothRows()
    {
        SmallUniverse(_folder, prices: SmallPrices(id: new string?[] { "A", "B", "C", "A", "A", "A", "C" }));
        var e = InputAssert.Located(Load, "prices.parquet", 5, "id");
        Assert.That(e.Message, Does.Contain("duplicate price for (2017-01-04, A) (first on row 4)"));
    }

    [Test]
    public void AMissingColumnIsExit2NamingIt()
    {
        var prices = SmallPrices().Where(c => c.Name != "volume").ToArray();
        SmallUniverse(_folder, prices: prices);
        var e = InputAssert.Located(Load, "prices.parquet", null, "volume");
        Assert.That(e.Message, Does.Contain("missing column 'volume'"));
    }

    [Test]
    public void BothFormsOfOneTableAreExit2NamingBoth()
    {
        SmallUniverse(_folder);
        _folder.Write("prices.csv.gz", Data.SmallUniverse.Prices);
        var run = Support.Cli.Run("validate", "--universe", _folder.Path);
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.BadInput), run.ToString());
        Assert.That(run.StdErr, Does.Contain("both prices.csv.gz and prices.parquet exist"));
    }

    [Test]
    public void MixedFormatsAreExit2()
    {
        SmallUniverse(_folder);
        File.Delete(_folder.File("metrics.parquet"));
        _folder.Write("metrics.csv", Data.SmallUniverse.Metrics);
        var e = Assert.Throws<IndexEngine.Core.Model.InputException>(Load)!;
        Assert.That(e.Message, Does.Contain("mixes formats (metrics as CSV; securities, prices as Parquet)"));
    }

    [Test]
    public void AMissingParquetTableIsExit2NamingIt()
    {
        SmallUniverse(_folder);
        File.Delete(_folder.File("metrics.parquet"));
        var e = Assert.Throws<IndexEngine.Core.Model.InputException>(Load)!;
        Assert.That(e.Message, Does.Contain("missing metrics file: expected metrics.parquet"));
    }

    [Test]
    public void AnUnknownIdFollowsTheSamePolicyAsCsv()
    {
        SmallUniverse(_folder, prices: SmallPrices(id: new string?[] { "A", "B", "C", "A", "B", "A", "Z" }));
        var e = InputAssert.Located(Load, "prices.parquet", 7, "id");
        Assert.That(e.Message, Does.Contain("id 'Z' is not in securities.parquet"));
        var universe = UniverseLoader.Load(_folder.Path, UnknownIdPolicy.Ignore);
        Assert.That(universe.Close(2, 2), Is.NaN, "the ignored row is not loaded");
    }

    [Test]
    public void IntegerVolumesAreAcceptedAndWidenedExactly()
    {
        var prices = SmallPrices();
        prices[3] = new("volume", new long[] { 1000, 2000, 3000, 1100, 9_007_199_254_740_992, 1200, 3100 });
        SmallUniverse(_folder, prices: prices);
        var universe = UniverseLoader.Load(_folder.Path, UnknownIdPolicy.Error);
        Assert.That(universe.Volumes(1)[1], Is.EqualTo(9_007_199_254_740_992d));
    }
}
