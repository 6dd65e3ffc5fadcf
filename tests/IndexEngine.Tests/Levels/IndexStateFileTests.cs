using IndexEngine.Core.Model;
using IndexEngine.Data.Index;
using IndexEngine.Tests.Support;
using NUnit.Framework;

namespace IndexEngine.Tests.Levels;

/// <summary>The daily index's state file: exact round trip of every double, and located errors.</summary>
public class IndexStateFileTests
{
    // Values whose shortest text is long, tiny, huge or not exactly representable.
    private static readonly double[] Awkward = [0.1 + 0.2, 1.0 / 3, 2.0 / 3 * 1e-300, 5e-324, 1.7976931348623157e308, 123456789.12345679, 200.8389578885868, 1e21, 1e-7];

    private static IndexStateDocument Sample() => new(
        "Test index",
        new string('a', 64),
        200,
        new DateOnly(2017, 3, 10),
        new DateOnly(2017, 3, 14),
        Awkward[0],
        Awkward[1],
        new StateRebalance(new DateOnly(2017, 2, 28), new DateOnly(2017, 3, 10), new string('b', 64)),
        Awkward.Select((v, k) => new StateHolding($"S{k}", v, Awkward[^(k + 1)], 10 + v, new DateOnly(2017, 3, 14 - k % 2))).ToArray(),
        new PendingRebalance(new DateOnly(2017, 5, 31), new string('c', 64), Awkward.Select((v, k) => ($"P{k}", v)).ToArray()));

    [Test]
    public void EveryDoubleReadsBackBitForBit()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), "state.json");
        var state = Sample();
        IndexStateFile.Write(path, state);
        var read = IndexStateFile.Read(path);

        Assert.That(read.LevelPr, Is.EqualTo(state.LevelPr));
        Assert.That(read.LevelTr, Is.EqualTo(state.LevelTr));
        Assert.That(read.Holdings.Select(h => BitConverter.DoubleToInt64Bits(h.UnitsPr)), Is.EqualTo(state.Holdings.Select(h => BitConverter.DoubleToInt64Bits(h.UnitsPr))));
        Assert.That(read.Holdings.Select(h => h.UnitsTr), Is.EqualTo(state.Holdings.Select(h => h.UnitsTr)));
        Assert.That(read.Holdings.Select(h => h.LastClose), Is.EqualTo(state.Holdings.Select(h => h.LastClose)));
        Assert.That(read.Holdings.Select(h => (h.Id, h.LastCloseDate)), Is.EqualTo(state.Holdings.Select(h => (h.Id, h.LastCloseDate))), "ids and order are kept");
        Assert.That(read.Pending!.Weights, Is.EqualTo(state.Pending!.Weights));
        Assert.That(read with { Holdings = state.Holdings, Pending = state.Pending }, Is.EqualTo(state));
        Assert.That(IndexStateFile.ToJson(read), Is.EqualTo(File.ReadAllText(path)), "writing what was read gives the same text");
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Is.EqualTo(new[] { path }), "no temporary file is left");
    }

    [Test]
    public void TheFileIsTheDocumentedJson()
    {
        var text = IndexStateFile.ToJson(Sample() with { Pending = null });
        Assert.That(text, Does.StartWith("{\n  \"schema_version\": 1,\n  \"index\": \"Test index\","));
        Assert.That(text, Does.Contain("\"level_pr\": 0.30000000000000004,"));
        Assert.That(text, Does.Contain("\"pending\": null,"));
        Assert.That(text, Does.Contain("\"units_pr\": 5E-324,"));
    }

    [TestCase("{", "not valid JSON")]
    [TestCase("[]", "must be an object")]
    [TestCase("{\"schema_version\": 2}", "schema_version 2 is not supported")]
    public void BrokenFilesAreInputErrorsNamingTheFile(string text, string expected)
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), "state.json");
        File.WriteAllText(path, text);
        var e = Assert.Throws<InputException>(() => IndexStateFile.Read(path))!;
        Assert.That(e.Message, Does.Contain(expected).And.Contain(path));
    }

    [Test]
    public void AFieldOfTheWrongFormIsNamed()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), "state.json");
        File.WriteAllText(path, IndexStateFile.ToJson(Sample()).Replace("\"level_tr\": 0.3333333333333333", "\"level_tr\": \"high\"", StringComparison.Ordinal));
        var e = Assert.Throws<InputException>(() => IndexStateFile.Read(path))!;
        Assert.That(e.Message, Does.Contain("'level_tr' must be a finite number"));
        Assert.That(Assert.Throws<InputException>(() => IndexStateFile.Read(path + ".missing"))!.Message, Does.Contain("index init"));
    }
}
