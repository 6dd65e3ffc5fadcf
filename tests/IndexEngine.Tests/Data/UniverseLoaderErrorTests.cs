using System.Text;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;
using IndexEngine.Data;
using NUnit.Framework;

namespace IndexEngine.Tests.Data;

/// <summary>Each bad-input rule of METHODOLOGY §1: the load stops with an error naming file, line and column.</summary>
[TestFixture]
public sealed class UniverseLoaderErrorTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    private void Load(UnknownIdPolicy policy = UnknownIdPolicy.Error) => UniverseLoader.Load(_folder.Path, policy);

    private const string PriceHeader = "date,id,close,volume\n";

    [TestCase("securities.csv")]
    [TestCase("metrics.csv")]
    [TestCase("prices.csv")]
    public void MissingFile(string name)
    {
        SmallUniverse.WriteTo(_folder);
        File.Delete(_folder.File(name));
        var e = InputAssert.Located(() => Load(), name, null, null);
        Assert.That(e.Message, Does.Contain("missing").And.Contain(".csv.gz"));
    }

    [Test]
    public void MissingFolder()
    {
        var e = Assert.Throws<InputException>(() => UniverseLoader.Load(_folder.File("nowhere"), UnknownIdPolicy.Error))!;
        Assert.That(e.Message, Does.Contain("nowhere").And.Contain("not found"));
    }

    [Test]
    public void PlainAndGzipBothPresent()
    {
        SmallUniverse.WriteTo(_folder);
        _folder.Write("prices.csv.gz", SmallUniverse.Prices);
        var e = InputAssert.Located(() => Load(), "prices.csv", null, null);
        Assert.That(e.Message, Does.Contain("both"));
    }

    [Test]
    public void MissingRequiredColumnNamesTheExpectedColumns()
    {
        SmallUniverse.WriteTo(_folder, prices: "date,id,volume\n2017-01-03,A,1000\n");
        var e = InputAssert.Located(() => Load(), "prices.csv", 1, "close");
        Assert.That(e.Message, Does.Contain("date,id,close,volume"));
    }

    [Test]
    public void MissingSecuritiesColumn()
    {
        SmallUniverse.WriteTo(_folder, securities: "id,name,sector,country,market_cap\nA,Alpha,Energy,US,1\n");
        var e = InputAssert.Located(() => Load(), "securities.csv", 1, "security_type");
        Assert.That(e.Message, Does.Contain("id,name,sector,country,security_type,market_cap"));
    }

    [Test]
    public void DuplicatedColumnName()
    {
        SmallUniverse.WriteTo(_folder, securities: "id,name,sector,country,security_type,market_cap,sector\nA,Alpha,Energy,US,common,1,Energy\n");
        var e = InputAssert.Located(() => Load(), "securities.csv", 1, "sector");
        Assert.That(e.Message, Does.Contain("duplicated column"));
    }

    [Test]
    public void EmptyColumnName()
    {
        SmallUniverse.WriteTo(_folder, metrics: "id,roe,\nA,0.1,\n");
        InputAssert.Located(() => Load(), "metrics.csv", 1, "#3");
    }

    [Test]
    public void DuplicateSecurityId()
    {
        SmallUniverse.WriteTo(_folder, securities: SmallUniverse.Securities + "B,Beta Again,Energy,US,common,5\n");
        var e = InputAssert.Located(() => Load(), "securities.csv", 5, "id");
        Assert.That(e.Message, Does.Contain("duplicate id 'B'").And.Contain("line 3"));
    }

    [Test]
    public void DuplicateMetricsId()
    {
        SmallUniverse.WriteTo(_folder, metrics: "id,roe\nA,0.1\nB,0.2\nA,0.3\n");
        var e = InputAssert.Located(() => Load(), "metrics.csv", 4, "id");
        Assert.That(e.Message, Does.Contain("duplicate id 'A'").And.Contain("line 2"));
    }

    [Test]
    public void DuplicateDateAndIdPrice()
    {
        SmallUniverse.WriteTo(_folder, prices: PriceHeader + "2017-01-03,A,10,1\n2017-01-04,A,11,1\n2017-01-03,B,10,1\n2017-01-03,A,12,1\n");
        var e = InputAssert.Located(() => Load(), "prices.csv", 5, "id");
        Assert.That(e.Message, Does.Contain("2017-01-03").And.Contain("A").And.Contain("line 2"));
    }

    [TestCase("0")]
    [TestCase("-1.5")]
    [TestCase("-0")]
    public void NonPositiveClose(string close)
    {
        SmallUniverse.WriteTo(_folder, prices: PriceHeader + "2017-01-03,A,10,1\n" + $"2017-01-04,A,{close},1\n");
        var e = InputAssert.Located(() => Load(), "prices.csv", 3, "close");
        Assert.That(e.Message, Does.Contain("positive"));
    }

    [Test]
    public void EmptyCloseIsAnError()
    {
        SmallUniverse.WriteTo(_folder, prices: PriceHeader + "2017-01-03,A,,1\n");
        var e = InputAssert.Located(() => Load(), "prices.csv", 2, "close");
        Assert.That(e.Message, Does.Contain("close is required"));
    }

    [TestCase("abc")]
    [TestCase("NaN")]
    [TestCase("Infinity")]
    [TestCase("-Infinity")]
    [TestCase("inf")]
    [TestCase("1e999")]
    [TestCase("1,5")]
    [TestCase(" 10")]
    [TestCase("10 ")]
    [TestCase("0x10")]
    [TestCase("10.5.1")]
    [TestCase("--1")]
    [TestCase(".")]
    [TestCase("1e")]
    public void UnparsableOrNonFiniteClose(string close)
    {
        SmallUniverse.WriteTo(_folder, prices: PriceHeader + "2017-01-03,A,10,1\n" + $"2017-01-04,A,\"{close}\",1\n");
        var e = InputAssert.Located(() => Load(), "prices.csv", 3, "close");
        Assert.That(e.Message, Does.Contain("expected a finite number"));
    }

    [TestCase("NaN")]
    [TestCase("1e999")]
    [TestCase("x")]
    public void UnparsableMetric(string value)
    {
        SmallUniverse.WriteTo(_folder, metrics: $"id,earnings_yield,roe\nA,0.05,0.1\nB,0.04,{value}\n");
        InputAssert.Located(() => Load(), "metrics.csv", 3, "roe");
    }

    [TestCase("Infinity")]
    [TestCase("1e400")]
    [TestCase("12B")]
    public void UnparsableMarketCap(string value)
    {
        SmallUniverse.WriteTo(_folder, securities: $"id,name,sector,country,security_type,market_cap\nA,Alpha,Energy,US,common,{value}\n");
        InputAssert.Located(() => Load(), "securities.csv", 2, "market_cap");
    }

    [TestCase("2017-02-30")]
    [TestCase("2017-13-01")]
    [TestCase("2017-00-10")]
    [TestCase("2018-02-29")]
    [TestCase("2017/01/03")]
    [TestCase("20170103")]
    [TestCase("2017-1-3")]
    [TestCase("03-01-2017")]
    [TestCase("2017-01-03T00:00")]
    [TestCase("")]
    public void UnparsableOrImpossibleDate(string date)
    {
        SmallUniverse.WriteTo(_folder, prices: PriceHeader + "2017-01-03,A,10,1\n" + $"{date},A,11,1\n");
        var e = InputAssert.Located(() => Load(), "prices.csv", 3, "date");
        Assert.That(e.Message, Does.Contain("yyyy-MM-dd").Or.Contain("date is required"));
    }

    [Test]
    public void LeapDayIsAccepted()
    {
        SmallUniverse.WriteTo(_folder, prices: PriceHeader + "2016-02-29,A,10,1\n");
        Assert.That(UniverseLoader.Load(_folder.Path, UnknownIdPolicy.Error).Dates, Is.EqualTo(new[] { new DateOnly(2016, 2, 29) }));
    }

    [Test]
    public void NegativeVolume()
    {
        SmallUniverse.WriteTo(_folder, prices: PriceHeader + "2017-01-03,A,10,-5\n");
        var e = InputAssert.Located(() => Load(), "prices.csv", 2, "volume");
        Assert.That(e.Message, Does.Contain("negative"));
    }

    [Test]
    public void NegativeDividend()
    {
        SmallUniverse.WriteTo(_folder, prices: "date,id,close,volume,dividend\n2017-01-03,A,10,5,\n2017-01-04,A,10,5,-0.1\n");
        var e = InputAssert.Located(() => Load(), "prices.csv", 3, "dividend");
        Assert.That(e.Message, Does.Contain("negative"));
    }

    [Test]
    public void UnknownIdInMetrics()
    {
        SmallUniverse.WriteTo(_folder, metrics: "id,roe\nA,0.1\nZZ,0.2\n");
        var e = InputAssert.Located(() => Load(), "metrics.csv", 3, "id");
        Assert.That(e.Message, Does.Contain("'ZZ'").And.Contain("securities.csv").And.Contain("unknown_ids"));
    }

    [Test]
    public void UnknownIdInPrices()
    {
        SmallUniverse.WriteTo(_folder, prices: PriceHeader + "2017-01-03,A,10,1\n2017-01-03,ZZ,10,1\n");
        var e = InputAssert.Located(() => Load(), "prices.csv", 3, "id");
        Assert.That(e.Message, Does.Contain("'ZZ'"));
    }

    [Test]
    public void EmptyIdInSecurities()
    {
        SmallUniverse.WriteTo(_folder, securities: "id,name,sector,country,security_type,market_cap\nA,Alpha,Energy,US,common,1\n,Nobody,Energy,US,common,1\n");
        InputAssert.Located(() => Load(), "securities.csv", 3, "id");
    }

    [Test]
    public void EmptyIdInPricesIsAnErrorEvenWhenUnknownIdsAreIgnored()
    {
        SmallUniverse.WriteTo(_folder, prices: PriceHeader + "2017-01-03,A,10,1\n2017-01-03,,10,1\n");
        InputAssert.Located(() => Load(UnknownIdPolicy.Ignore), "prices.csv", 3, "id");
    }

    [Test]
    public void RowWithFewerFieldsThanTheHeader()
    {
        SmallUniverse.WriteTo(_folder, prices: PriceHeader + "2017-01-03,A,10,1\n2017-01-04,A,10\n");
        var e = InputAssert.Located(() => Load(), "prices.csv", 3, "volume");
        Assert.That(e.Message, Does.Contain("3 fields").And.Contain("header has 4"));
    }

    [Test]
    public void RowWithMoreFieldsThanTheHeader()
    {
        SmallUniverse.WriteTo(_folder, metrics: "id,roe\nA,0.1\nB,0.2,0.3\n");
        var e = InputAssert.Located(() => Load(), "metrics.csv", 3, "#3");
        Assert.That(e.Message, Does.Contain("3 fields").And.Contain("header has 2"));
    }

    [TestCase("A,Al\"pha,Energy,US,common,1", "quote inside an unquoted field")]
    [TestCase("A,\"Al,pha\",Ene\"rgy,US,common,1", "quote inside an unquoted field", "sector")]
    [TestCase("A,\"Alpha\"x,Energy,US,common,1", "text after the closing quote")]
    [TestCase("A,\"Alpha,Energy,US,common,1", "never closed")]
    public void MalformedQuoting(string row, string reason, string column = "name")
    {
        SmallUniverse.WriteTo(_folder, securities: "id,name,sector,country,security_type,market_cap\nB,Beta,Energy,US,common,1\n" + row + "\n");
        var e = InputAssert.Located(() => Load(), "securities.csv", 3, column);
        Assert.That(e.Message, Does.Contain("malformed CSV").And.Contain(reason));
    }

    [Test]
    public void NonUtf8Byte()
    {
        var bytes = Encoding.UTF8.GetBytes("id,name,sector,country,security_type,market_cap\nA,Alpha,Energy,US,common,1\nB,Caf").Concat(new byte[] { 0xE9 })
            .Concat(Encoding.UTF8.GetBytes(" Co,Energy,US,common,2\n")).ToArray();
        SmallUniverse.WriteTo(_folder);
        _folder.WriteBytes("securities.csv", bytes);
        var e = InputAssert.Located(() => Load(), "securities.csv", 3, "name");
        Assert.That(e.Message, Does.Contain("UTF-8"));
    }

    [Test]
    public void NonUtf8ByteInTheHeader()
    {
        SmallUniverse.WriteTo(_folder);
        _folder.WriteBytes("metrics.csv", [.. "id,r"u8, 0xFF, .. "e\nA,1\n"u8]);
        var e = Assert.Throws<InputException>(() => Load())!;
        Assert.That(e.Message, Does.Contain("metrics.csv:1").And.Contain("UTF-8"));
    }

    [Test]
    public void LineLongerThanTheLimitIsRejectedWithoutReadingItIntoMemory()
    {
        SmallUniverse.WriteTo(_folder);
        var path = _folder.File("metrics.csv");
        using (var file = File.Create(path))
        {
            file.Write("id,roe\nA,0.1\nB,"u8);
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)'7');
            for (int k = 0; k < 50; k++) file.Write(chunk); // one 50 MB field
            file.Write("\n"u8);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = InputAssert.Located(() => Load(), "metrics.csv", 3, null);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(e.Message, Does.Contain("longer than 1 MiB"));
        Assert.That(allocated, Is.LessThan(16L << 20), "the reader must stop buffering at the record limit");
    }

    [Test]
    public void TruncatedGzip()
    {
        SmallUniverse.WriteTo(_folder);
        File.Delete(_folder.File("prices.csv"));
        var sb = new StringBuilder(PriceHeader);
        for (int k = 0; k < 20000; k++) sb.Append("2017-01-03,A,10,1\n".Replace("10", (10 + k).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var full = File.ReadAllBytes(_folder.Write("prices.csv.gz", sb.ToString()));
        File.WriteAllBytes(_folder.File("prices.csv.gz"), full[..(full.Length / 2)]);
        var e = InputAssert.Located(() => Load(), "prices.csv.gz", null, null);
        Assert.That(e.Message, Does.Contain("gzip").And.Contain("truncated"));
    }

    [Test]
    public void TruncatedGzipMissingOnlyItsTrailer()
    {
        SmallUniverse.WriteTo(_folder);
        File.Delete(_folder.File("prices.csv"));
        var full = File.ReadAllBytes(_folder.Write("prices.csv.gz", SmallUniverse.Prices));
        File.WriteAllBytes(_folder.File("prices.csv.gz"), full[..^4]);
        var e = InputAssert.Located(() => Load(), "prices.csv.gz", null, null);
        Assert.That(e.Message, Does.Contain("gzip"));
    }

    [Test]
    public void CorruptGzip()
    {
        SmallUniverse.WriteTo(_folder);
        File.Delete(_folder.File("prices.csv"));
        var bytes = File.ReadAllBytes(_folder.Write("prices.csv.gz", SmallUniverse.Prices));
        for (int k = 12; k < bytes.Length - 8; k += 3) bytes[k] ^= 0x5A;
        File.WriteAllBytes(_folder.File("prices.csv.gz"), bytes);
        var e = InputAssert.Located(() => Load(), "prices.csv.gz", null, null);
        Assert.That(e.Message, Does.Contain("gzip"));
    }

    [Test]
    public void PlainTextNamedGz()
    {
        SmallUniverse.WriteTo(_folder);
        File.Delete(_folder.File("prices.csv"));
        File.WriteAllText(_folder.File("prices.csv.gz"), SmallUniverse.Prices);
        var e = InputAssert.Located(() => Load(), "prices.csv.gz", null, null);
        Assert.That(e.Message, Does.Contain("gzip"));
    }

    [Test]
    public void ErrorsWhileALargeGzipIsDecompressedAheadStopCleanly()
    {
        var sb = new StringBuilder(PriceHeader);
        for (int k = 0; k < 600_000; k++) sb.Append("2017-01-03,A,10.25,1000\n"); // ~14 MB, more than the read-ahead holds
        var prices = sb.ToString();
        _folder.Write("prices.csv.gz", prices);
        _folder.Write("metrics.csv", SmallUniverse.Metrics);
        _folder.Write("securities.csv", "id,name,sector,country,security_type,market_cap\nA,Alpha,Energy,US,common,oops\n");
        InputAssert.Located(() => Load(), "securities.csv", 2, "market_cap");

        _folder.Write("prices.csv.gz", prices.Replace("date,id,close,volume", "date,id,close,close"));
        InputAssert.Located(() => Load(), "prices.csv.gz", 1, "close");
    }

    [TestCase("securities.csv")]
    [TestCase("metrics.csv")]
    [TestCase("prices.csv")]
    public void EmptyFile(string name)
    {
        SmallUniverse.WriteTo(_folder);
        _folder.Write(name, "");
        var e = InputAssert.Located(() => Load(), name, 1, null);
        Assert.That(e.Message, Does.Contain("empty"));
    }

    [Test]
    public void SecuritiesWithOnlyAHeader()
    {
        SmallUniverse.WriteTo(_folder, securities: "id,name,sector,country,security_type,market_cap\n");
        var e = InputAssert.Located(() => Load(), "securities.csv", 2, null);
        Assert.That(e.Message, Does.Contain("no securities"));
    }

    [Test]
    public void PricesWithOnlyAHeader()
    {
        SmallUniverse.WriteTo(_folder, prices: PriceHeader);
        var e = InputAssert.Located(() => Load(), "prices.csv", 2, null);
        Assert.That(e.Message, Does.Contain("no prices"));
    }

    [Test]
    public void PricesWhoseRowsAreAllIgnoredUnknownIds()
    {
        SmallUniverse.WriteTo(_folder, prices: PriceHeader + "2017-01-03,ZZ,10,1\n");
        var e = Assert.Throws<InputException>(() => Load(UnknownIdPolicy.Ignore))!;
        Assert.That(e.Message, Does.Contain("prices.csv").And.Contain("no price row belongs"));
    }
}
