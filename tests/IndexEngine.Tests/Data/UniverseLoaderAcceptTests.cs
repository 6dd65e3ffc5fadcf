using System.Security.Cryptography;
using System.Text;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;
using IndexEngine.Data;
using NUnit.Framework;

namespace IndexEngine.Tests.Data;

/// <summary>Input the loader must accept, and what it builds from it.</summary>
[TestFixture]
public sealed class UniverseLoaderAcceptTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    private Universe Load(UnknownIdPolicy policy = UnknownIdPolicy.Error) => UniverseLoader.Load(_folder.Path, policy);

    [Test]
    public void BuildsDenseArraysFromTheSmallUniverse()
    {
        SmallUniverse.WriteTo(_folder);
        var u = Load();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(u.Securities.Select(s => s.Id), Is.EqualTo(new[] { "A", "B", "C" }));
            Assert.That(u.Securities[2], Is.EqualTo(new Security("C", "Gamma Co", "Energy", "US", "reit", 3e9)));
            Assert.That(u.Dates, Is.EqualTo(new[] { new DateOnly(2017, 1, 3), new DateOnly(2017, 1, 4), new DateOnly(2017, 1, 5) }));
            Assert.That(u.Closes(0).ToArray(), Is.EqualTo(new[] { 10.5, 10.6, 10.7 }));
            Assert.That(u.Closes(1).ToArray(), Is.EqualTo(new[] { 20, 20.2, double.NaN }));
            Assert.That(u.Volumes(1).ToArray(), Is.EqualTo(new[] { 2000, double.NaN, double.NaN }), "an empty volume is missing");
            Assert.That(u.Closes(2).ToArray(), Is.EqualTo(new[] { 30, double.NaN, 29 }));
            Assert.That(u.HasDividends, Is.False);
            Assert.That(u.MetricNames, Is.EqualTo(new[] { "earnings_yield", "roe" }));
            Assert.That(u.Metric(1, 1), Is.NaN);
            Assert.That(u.Metric(2, 0), Is.EqualTo(-0.01));
            Assert.That(u.Sources.Select(s => s.Role), Is.EqualTo(new[] { "securities", "metrics", "prices" }));
        }
    }

    [Test]
    public void RecordsTheSha256OfEachFileAsStored()
    {
        SmallUniverse.WriteTo(_folder);
        File.Delete(_folder.File("prices.csv"));
        _folder.Write("prices.csv.gz", SmallUniverse.Prices);
        var u = Load();
        foreach (var source in u.Sources)
            Assert.That(source.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(source.Path)))), source.Role);
        Assert.That(u.Sources[2].Path, Does.EndWith("prices.csv.gz"));
    }

    [Test]
    public void ReadsGzipForEveryFile()
    {
        _folder.Write("securities.csv.gz", SmallUniverse.Securities);
        _folder.Write("metrics.csv.gz", SmallUniverse.Metrics);
        _folder.Write("prices.csv.gz", SmallUniverse.Prices);
        var u = Load();
        Assert.That(u.Closes(2).ToArray(), Is.EqualTo(new[] { 30, double.NaN, 29 }));
    }

    [Test]
    public void AcceptsByteOrderMarkAndCrlf()
    {
        var crlf = (string s) => s.Replace("\n", "\r\n");
        _folder.WriteBytes("securities.csv", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(crlf(SmallUniverse.Securities))]);
        _folder.WriteBytes("metrics.csv", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(crlf(SmallUniverse.Metrics))]);
        _folder.WriteBytes("prices.csv", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(crlf(SmallUniverse.Prices))]);
        AssertSameUniverse(Load(), Reference());
    }

    [Test]
    public void AcceptsQuotedFieldsWithCommasQuotesAndLineBreaks()
    {
        SmallUniverse.WriteTo(_folder, securities:
            "id,name,sector,country,security_type,market_cap\n" +
            "\"A\",\"Alpha, \"\"the first\"\"\nInc\",Information Technology,US,common,\"1000000000\"\n" +
            "B,Beta Corp,Financials,US,common,2000000000\n" +
            "C,Gamma Co,Energy,US,reit,3000000000\n");
        var u = Load();
        Assert.That(u.Securities[0].Name, Is.EqualTo("Alpha, \"the first\"\nInc"));
        Assert.That(u.Securities[0].MarketCap, Is.EqualTo(1e9));
    }

    [Test]
    public void LineNumbersCountLineBreaksInQuotesAndEmptyLines()
    {
        SmallUniverse.WriteTo(_folder, securities:
            "id,name,sector,country,security_type,market_cap\n" +
            "A,\"two\nlines\",Energy,US,common,1\n" +
            "\n" +
            "B,Beta,Energy,US,common,x\n");
        InputAssert.Located(() => Load(), "securities.csv", 5, "market_cap");
    }

    [Test]
    public void IgnoresUnknownColumnsInAnyOrder()
    {
        SmallUniverse.WriteTo(_folder,
            securities:
                "market_cap,security_type,note,country,sector,name,id\n" +
                "1000000000,common,x,US,Information Technology,Alpha Inc,A\n" +
                "2000000000,common,y,US,Financials,Beta Corp,B\n" +
                "3000000000,reit,z,US,Energy,Gamma Co,C\n",
            prices:
                "volume,open,close,id,date\n" +
                "1000,1,10.5,A,2017-01-03\n2000,1,20,B,2017-01-03\n3000,1,30,C,2017-01-03\n1100,1,10.6,A,2017-01-04\n" +
                ",1,20.2,B,2017-01-04\n1200,1,10.7,A,2017-01-05\n3100,1,29,C,2017-01-05\n");
        AssertSameUniverse(Load(), Reference());
    }

    [Test]
    public void RowOrderDoesNotMatter()
    {
        var reference = Reference();
        SmallUniverse.WriteTo(_folder);
        var random = new Random(7);
        foreach (var name in new[] { "securities.csv", "metrics.csv", "prices.csv" })
        {
            var lines = File.ReadAllLines(_folder.File(name));
            var body = lines.Skip(1).ToArray();
            random.Shuffle(body);
            File.WriteAllLines(_folder.File(name), [lines[0], .. body]);
        }
        Assert.That(File.ReadAllText(_folder.File("prices.csv")), Is.Not.EqualTo(SmallUniverse.Prices));
        AssertSameUniverse(Load(), reference);
    }

    [Test]
    public void NegativeZeroReadsAsZero()
    {
        SmallUniverse.WriteTo(_folder, metrics: "id,roe\nA,-0\nB,-0.0\nC,0\n",
            prices: "date,id,close,volume,dividend\n2017-01-03,A,10,-0,-0\n");
        var u = Load();
        foreach (var value in new[] { u.Metric(0, 0), u.Metric(1, 0), u.Volumes(0)[0], u.Dividend(0, 0) })
            Assert.That(BitConverter.DoubleToInt64Bits(value), Is.Zero, "-0 must be stored as +0");
    }

    [TestCase("1e3", 1000.0)]
    [TestCase("+12.5", 12.5)]
    [TestCase(".5", 0.5)]
    [TestCase("7.", 7.0)]
    [TestCase("123456789012345678901234", 123456789012345678901234.0)]
    [TestCase("0.1", 0.1)]
    [TestCase("2.675", 2.675)]
    [TestCase("9007199254740993", 9007199254740993.0)]
    public void ParsesNumbersExactlyAsDoubleParse(string text, double expected)
    {
        SmallUniverse.WriteTo(_folder, metrics: $"id,roe\nA,{text}\n");
        Assert.That(BitConverter.DoubleToInt64Bits(Load().Metric(0, 0)), Is.EqualTo(BitConverter.DoubleToInt64Bits(expected)));
    }

    [Test]
    public void MarketCapMayBeMissingZeroOrNegative()
    {
        SmallUniverse.WriteTo(_folder, securities:
            "id,name,sector,country,security_type,market_cap\nA,Alpha,Energy,US,common,\nB,Beta,Energy,US,common,0\nC,Gamma,Energy,US,common,-5\n");
        var caps = Load().Securities.Select(s => s.MarketCap).ToArray();
        Assert.That(caps, Is.EqualTo(new[] { double.NaN, 0, -5 }));
    }

    [Test]
    public void OptionalIndustryColumn()
    {
        SmallUniverse.WriteTo(_folder, securities:
            "id,name,sector,country,security_type,market_cap,industry\nA,Alpha,Energy,US,common,1,Oil & Gas Drilling\nB,Beta,Energy,US,common,1,\nC,Gamma,Energy,US,common,1,Oil & Gas Drilling\n");
        var u = Load();
        Assert.That(u.Securities.Select(s => s.Industry), Is.EqualTo(new[] { "Oil & Gas Drilling", null, "Oil & Gas Drilling" }));
    }

    [Test]
    public void DividendColumnGivesZeroWhereEmpty()
    {
        SmallUniverse.WriteTo(_folder, prices: "date,id,close,volume,dividend\n2017-01-03,A,10,1,\n2017-01-04,A,10,1,0.25\n2017-01-04,B,5,1,\n");
        var u = Load();
        Assert.That(u.HasDividends, Is.True);
        Assert.That(u.Dividends(0).ToArray(), Is.EqualTo(new[] { 0, 0.25 }));
        Assert.That(u.Dividends(1).ToArray(), Is.EqualTo(new[] { 0.0, 0.0 }));
    }

    [Test]
    public void MetricsWithOnlyTheIdColumnOrNoRows()
    {
        SmallUniverse.WriteTo(_folder, metrics: "id\nA\nB\n");
        Assert.That(Load().MetricNames, Is.Empty);
        SmallUniverse.WriteTo(_folder, metrics: "id,roe\n");
        var u = Load();
        Assert.That(u.MetricNames, Is.EqualTo(new[] { "roe" }));
        Assert.That(u.Metric(0, 0), Is.NaN);
    }

    [Test]
    public void UnknownIdsAreSkippedWhenIgnored()
    {
        SmallUniverse.WriteTo(_folder,
            metrics: SmallUniverse.Metrics + "ZZ,1,1\n",
            prices: SmallUniverse.Prices + "2017-01-06,ZZ,1,1\n");
        var u = Load(UnknownIdPolicy.Ignore);
        AssertSameUniverse(u, Reference());
        Assert.That(u.DateCount, Is.EqualTo(3), "a skipped row adds no date to the calendar");
    }

    [Test]
    public void SecuritiesAreSortedByOrdinalId()
    {
        SmallUniverse.WriteTo(_folder, securities:
            "id,name,sector,country,security_type,market_cap\nb,x,E,US,common,1\nB,x,E,US,common,1\na,x,E,US,common,1\nA,x,E,US,common,1\n",
            metrics: "id\n", prices: "date,id,close,volume\n2017-01-03,a,1,1\n");
        Assert.That(Load().Securities.Select(s => s.Id), Is.EqualTo(new[] { "A", "B", "a", "b" }));
    }

    [Test]
    public void LoadsTheRealSp500Universe()
    {
        var folder = SharedData.Require("sp500-2017");
        var u = UniverseLoader.Load(folder, UnknownIdPolicy.Error);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(u.SecurityCount, Is.EqualTo(494));
            Assert.That(u.Dates[0], Is.EqualTo(new DateOnly(2010, 1, 4)));
            Assert.That(u.Dates[^1], Is.EqualTo(new DateOnly(2017, 11, 10)));
            Assert.That(u.MetricNames, Has.Count.EqualTo(8));
            Assert.That(u.TryGetSecurityIndex("AAPL", out int aapl), Is.True);
            Assert.That(u.Close(aapl, 0), Is.EqualTo(27.406));
        }
    }

    private Universe Reference()
    {
        using var reference = new TempFolder();
        SmallUniverse.WriteTo(reference);
        return UniverseLoader.Load(reference.Path, UnknownIdPolicy.Error);
    }

    internal static void AssertSameUniverse(Universe actual, Universe expected)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(actual.Securities, Is.EqualTo(expected.Securities));
            Assert.That(actual.Dates, Is.EqualTo(expected.Dates));
            Assert.That(actual.MetricNames, Is.EqualTo(expected.MetricNames));
            Assert.That(actual.HasDividends, Is.EqualTo(expected.HasDividends));
            for (int i = 0; i < expected.SecurityCount; i++)
            {
                Assert.That(actual.Closes(i).ToArray(), Is.EqualTo(expected.Closes(i).ToArray()), $"closes of {expected.Securities[i].Id}");
                Assert.That(actual.Volumes(i).ToArray(), Is.EqualTo(expected.Volumes(i).ToArray()), $"volumes of {expected.Securities[i].Id}");
                Assert.That(actual.Dividends(i).ToArray(), Is.EqualTo(expected.Dividends(i).ToArray()), $"dividends of {expected.Securities[i].Id}");
                for (int j = 0; j < expected.MetricNames.Count; j++)
                    Assert.That(actual.Metric(i, j), Is.EqualTo(expected.Metric(i, j)), $"{expected.MetricNames[j]} of {expected.Securities[i].Id}");
            }
        }
    }
}
