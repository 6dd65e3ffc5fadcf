using System.Security.Cryptography;
using IndexEngine.Core.Model;
using IndexEngine.Data;
using NUnit.Framework;

namespace IndexEngine.Tests.Data;

[TestFixture]
public sealed class LevelSeriesLoaderTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public void SortsByDateAndIgnoresOtherColumns()
    {
        var path = _folder.Write("benchmark.csv", "close,date,volume\n101.5,2017-01-04,5\n100,2017-01-03,\n99.25,2017-01-05,7\n");
        var series = LevelSeriesLoader.Load(path, out var source);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(series.Dates, Is.EqualTo(new[] { new DateOnly(2017, 1, 3), new DateOnly(2017, 1, 4), new DateOnly(2017, 1, 5) }));
            Assert.That(series.Values, Is.EqualTo(new[] { 100, 101.5, 99.25 }));
            Assert.That(source, Is.EqualTo(new InputFileInfo("benchmark", path, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))))));
        }
    }

    [Test]
    public void ReadsGzipWithAGivenRole()
    {
        var path = _folder.Write("spy.csv.gz", "date,close\n2017-01-03,225.5\n");
        LevelSeriesLoader.Load(path, out var source, "etf");
        Assert.That(source.Role, Is.EqualTo("etf"));
    }

    [Test]
    public void DuplicateDate()
    {
        var path = _folder.Write("benchmark.csv", "date,close\n2017-01-03,1\n2017-01-04,2\n2017-01-03,3\n");
        var e = InputAssert.Located(() => LevelSeriesLoader.Load(path), "benchmark.csv", 4, "date");
        Assert.That(e.Message, Does.Contain("duplicate date 2017-01-03").And.Contain("line 2"));
    }

    [TestCase("0")]
    [TestCase("-3")]
    public void NonPositiveClose(string close)
    {
        var path = _folder.Write("benchmark.csv", $"date,close\n2017-01-03,1\n2017-01-04,{close}\n");
        InputAssert.Located(() => LevelSeriesLoader.Load(path), "benchmark.csv", 3, "close");
    }

    [Test]
    public void MissingCloseColumn()
    {
        var path = _folder.Write("benchmark.csv", "date,level\n2017-01-03,1\n");
        InputAssert.Located(() => LevelSeriesLoader.Load(path), "benchmark.csv", 1, "close");
    }

    [Test]
    public void BadDate()
    {
        var path = _folder.Write("benchmark.csv", "date,close\n2017-02-29,1\n");
        InputAssert.Located(() => LevelSeriesLoader.Load(path), "benchmark.csv", 2, "date");
    }

    [Test]
    public void NoRows()
    {
        var path = _folder.Write("benchmark.csv", "date,close\n");
        InputAssert.Located(() => LevelSeriesLoader.Load(path), "benchmark.csv", 2, null);
    }

    [Test]
    public void MissingFile()
    {
        InputAssert.Located(() => LevelSeriesLoader.Load(_folder.File("benchmark.csv")), "benchmark.csv", null, null);
    }

    [Test]
    public void LoadsTheRealSpyHistory()
    {
        var path = SharedData.Require("etfs/spy.csv.gz");
        var spy = LevelSeriesLoader.Load(path, "etf");
        Assert.That(spy.Dates[0], Is.EqualTo(new DateOnly(2005, 2, 25)));
        Assert.That(spy.Dates[^1], Is.EqualTo(new DateOnly(2017, 11, 10)));
        Assert.That(spy.Values[0], Is.EqualTo(105.79));
    }
}

[TestFixture]
public sealed class PreviousIndexLoaderTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public void ReadsWeightsSummingToOneWithinTolerance()
    {
        var path = _folder.Write("previous.csv", "weight,id,name\n0.5,A,x\n0.2500004,B,y\n0.25,C,z\n0,D,w\n");
        var previous = PreviousIndexLoader.Load(path, out var source);
        Assert.That(previous.Weights, Is.EqualTo(new Dictionary<string, double> { ["A"] = 0.5, ["B"] = 0.2500004, ["C"] = 0.25, ["D"] = 0 }));
        Assert.That(source.Role, Is.EqualTo("previous"));
        Assert.That(source.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))));
    }

    [Test]
    public void WeightsNotSummingToOne()
    {
        var path = _folder.Write("previous.csv", "id,weight\nA,0.5\nB,0.49\n");
        var e = InputAssert.Located(() => PreviousIndexLoader.Load(path), "previous.csv", null, "weight");
        Assert.That(e.Message, Does.Contain("sum to 0.99"));
    }

    [Test]
    public void NegativeWeight()
    {
        var path = _folder.Write("previous.csv", "id,weight\nA,1.5\nB,-0.5\n");
        InputAssert.Located(() => PreviousIndexLoader.Load(path), "previous.csv", 3, "weight");
    }

    [TestCase("NaN")]
    [TestCase("Infinity")]
    [TestCase("")]
    public void NonFiniteOrEmptyWeight(string weight)
    {
        var path = _folder.Write("previous.csv", $"id,weight\nA,1\nB,{weight}\n");
        InputAssert.Located(() => PreviousIndexLoader.Load(path), "previous.csv", 3, "weight");
    }

    [Test]
    public void DuplicateId()
    {
        var path = _folder.Write("previous.csv", "id,weight\nA,0.5\nA,0.5\n");
        var e = InputAssert.Located(() => PreviousIndexLoader.Load(path), "previous.csv", 3, "id");
        Assert.That(e.Message, Does.Contain("duplicate id 'A'"));
    }

    [Test]
    public void EmptyId()
    {
        var path = _folder.Write("previous.csv", "id,weight\n,1\n");
        InputAssert.Located(() => PreviousIndexLoader.Load(path), "previous.csv", 2, "id");
    }
}
