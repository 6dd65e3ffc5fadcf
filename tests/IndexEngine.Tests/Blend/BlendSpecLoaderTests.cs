using IndexEngine.Core.Methodology.Blend;
using IndexEngine.Core.Model;
using IndexEngine.Data.Blend;
using IndexEngine.Tests.Data;

namespace IndexEngine.Tests.Blends;

public class BlendSpecLoaderTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        Directory.CreateDirectory(_folder.File("series"));
        _folder.Write("series/a.csv", "date,close,volume\n2024-01-02,10,5\n2024-01-03,11,5\n");
        _folder.Write("series/b.csv.gz", "date,close\n2024-01-02,20\n2024-01-03,19\n");
        // A backtest's levels.csv: the sleeve reads index_tr.
        _folder.Write("series/levels.csv", "date,index_pr,index_tr,benchmark\n2024-01-02,100,100,50\n2024-01-03,101,101.5,\n");
    }

    [TearDown]
    public void TearDown() => _folder.Dispose();

    private string Spec(string json) => _folder.Write("spec.json", json);

    private static readonly string Valid = """
        {
          "name": "Test blend",
          // comments are allowed
          "sleeves": [
            { "name": "a", "series": "series/a.csv", "target": 0.6 },
            { "name": "b", "series": "series/b.csv.gz", "target": 0.4, "funded": false },
            { "name": "strategy", "series": "series/levels.csv", "column": "index_tr", "target": 0.2, "funded": true },
          ],
          "financing": { "series": "series/a.csv" },
          "rebalance": { "schedule": "monthly", "drift_band": 0.1 },
          "fee": 0.005
        }
        """;

    [Test]
    public void AValidSpecLoadsWithSeriesRelativeToTheSpecFileAndDefaults()
    {
        var blend = BlendSpecLoader.Load(Spec(Valid));
        Assert.That(blend.Name, Is.EqualTo("Test blend"));
        Assert.That(blend.BaseValue, Is.EqualTo(100), "default base value");
        Assert.That(blend.Sleeves.Select(s => (s.Name, s.Target, s.Funded)),
            Is.EqualTo(new[] { ("a", 0.6, true), ("b", 0.4, false), ("strategy", 0.2, true) }));
        Assert.That(blend.Sleeves[1].Series.Values, Is.EqualTo(new[] { 20.0, 19.0 }));
        Assert.That(blend.Sleeves[2].Series.Values, Is.EqualTo(new[] { 100.0, 101.5 }), "the named column of a backtest's levels.csv");
        Assert.That(blend.Financing.Series!.Values, Is.EqualTo(new[] { 10.0, 11.0 }));
        Assert.That(blend.Financing.Rate, Is.Null);
        Assert.That((blend.Schedule, blend.DriftBand, blend.Fee), Is.EqualTo((RebalanceSchedule.Monthly, (double?)0.1, 0.005)));
        Assert.That(blend.CashTarget, Is.EqualTo(1 - 0.6 - 0.2).Within(1e-15));
    }

    [Test]
    public void AConstantRateAndNoRebalanceSection()
    {
        var blend = BlendSpecLoader.Load(Spec("""
            { "name": "x", "base_value": 1000, "sleeves": [ { "name": "a", "series": "series/a.csv", "target": 1 } ], "financing": { "rate": 0.02 } }
            """));
        Assert.That((blend.BaseValue, blend.Financing.Rate, blend.Financing.Series), Is.EqualTo((1000.0, (double?)0.02, (LevelSeries?)null)));
        Assert.That((blend.Schedule, blend.DriftBand, blend.Fee), Is.EqualTo((RebalanceSchedule.None, (double?)null, 0.0)));
    }

    [TestCase("\"target\": 0.4,", "\"target\": \"0.4\",", "sleeves[1].target", "expected a target exposure in [0, 10]")]
    [TestCase("\"target\": 0.4,", "\"target\": -0.4,", "sleeves[1].target", "got -0.4")]
    [TestCase("\"target\": 0.4,", "\"weight\": 0.4,", "sleeves[1].weight", "unknown key")]
    [TestCase("\"funded\": false", "\"funded\": \"no\"", "sleeves[1].funded", "expected true or false")]
    [TestCase("{ \"name\": \"b\"", "{ \"name\": \"A\"", "sleeves[1].name", "duplicate sleeve name 'A'")]
    [TestCase("{ \"name\": \"b\"", "{ \"name\": \"cash\"", "sleeves[1].name", "is a column of the output")]
    [TestCase("{ \"name\": \"b\"", "{ \"name\": \"b c\"", "sleeves[1].name", "letters, digits")]
    [TestCase("series/b.csv.gz", "series/missing.csv", "sleeves[1].series", "file not found")]
    [TestCase("\"column\": \"index_tr\"", "\"column\": \"date\"", "sleeves[2].column", "expected a value column")]
    [TestCase("{ \"series\": \"series/a.csv\" }", "{ \"series\": \"series/a.csv\", \"rate\": 0.01 }", "financing", "exactly one of 'series' and 'rate'")]
    [TestCase("{ \"series\": \"series/a.csv\" }", "{ }", "financing", "exactly one of 'series' and 'rate'")]
    [TestCase("{ \"series\": \"series/a.csv\" }", "{ \"rate\": 2 }", "financing.rate", "an annual rate in (-1, 1)")]
    [TestCase("\"monthly\"", "\"weekly\"", "rebalance.schedule", "expected quarterly, monthly or none, got 'weekly'")]
    [TestCase("\"drift_band\": 0.1", "\"drift_band\": 0", "rebalance.drift_band", "a positive band")]
    [TestCase("\"drift_band\": 0.1", "\"band\": 0.1", "rebalance.band", "unknown key")]
    [TestCase("\"fee\": 0.005", "\"fee\": 1.5", "fee", "an annual fee in [0, 1)")]
    [TestCase("\"fee\": 0.005", "\"fees\": 0.005", "fees", "unknown key")]
    [TestCase("\"name\": \"Test blend\",", "\"name\": \"\",", "name", "non-empty")]
    [TestCase("\"name\": \"Test blend\",", "", "name", "missing")]
    public void ABadValueNamesTheSpecFileAndItsJsonPath(string replace, string with, string jsonPath, string expected)
    {
        Assert.That(Valid, Does.Contain(replace), "the test must change the spec");
        var path = Spec(Valid.Replace(replace, with, StringComparison.Ordinal));
        var e = Assert.Throws<InputException>(() => BlendSpecLoader.Load(path))!;
        Assert.That(e.File, Is.EqualTo(path));
        Assert.That(e.Message, Does.StartWith($"{path}: {jsonPath}: ").And.Contain(expected));
    }

    [Test]
    public void EmptyOrMissingSleevesAndFinancing()
    {
        var e = Assert.Throws<InputException>(() => BlendSpecLoader.Load(Spec("""{ "name": "x", "sleeves": [], "financing": { "rate": 0 } }""")))!;
        Assert.That(e.Message, Does.Contain("sleeves: expected a non-empty list"));
        e = Assert.Throws<InputException>(() => BlendSpecLoader.Load(Spec("""{ "name": "x", "sleeves": [ { "name": "a", "series": "series/a.csv", "target": 1 } ] }""")))!;
        Assert.That(e.Message, Does.Contain("financing: missing"));
        e = Assert.Throws<InputException>(() => BlendSpecLoader.Load(Spec("""{ "name": "x", "sleeves": [ 3 ], "financing": { "rate": 0 } }""")))!;
        Assert.That(e.Message, Does.Contain("sleeves[0]: expected an object"));
    }

    [Test]
    public void InvalidJsonNamesTheLine()
    {
        var path = Spec("{\n  \"name\": \"x\",\n  \"sleeves\": [ oops ]\n}\n");
        var e = Assert.Throws<InputException>(() => BlendSpecLoader.Load(path))!;
        Assert.That((e.File, e.Line), Is.EqualTo((path, (long?)3)));
        Assert.That(e.Message, Does.Contain("invalid JSON"));
    }

    [Test]
    public void AMissingSpecFile()
    {
        var e = Assert.Throws<InputException>(() => BlendSpecLoader.Load(_folder.File("none.json")))!;
        Assert.That(e.Message, Does.Contain("none.json: blend spec file not found"));
    }

    [Test]
    public void ABadSeriesFileIsReportedAtItsLineAndColumn()
    {
        _folder.Write("series/b.csv.gz", "date,close\n2024-01-02,20\n2024-01-03,-1\n");
        var e = Assert.Throws<InputException>(() => BlendSpecLoader.Load(Spec(Valid)))!;
        Assert.That((Path.GetFileName(e.File), e.Line, e.Column), Is.EqualTo(("b.csv.gz", (long?)3, "close")));
        _folder.Write("series/levels.csv", "date,index_pr\n2024-01-02,100\n");
        e = Assert.Throws<InputException>(() => BlendSpecLoader.Load(Spec(Valid.Replace("series/b.csv.gz", "series/a.csv", StringComparison.Ordinal))))!;
        Assert.That(e.Message, Does.Contain("missing column 'index_tr'"));
    }
}
