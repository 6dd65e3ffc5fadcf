using System.Text.Json;
using IndexEngine.Cli;
using IndexEngine.Tests.Levels;
using NUnit.Framework;

namespace IndexEngine.Tests.Cli;

public class StatsCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var run = Support.Cli.Run(args);
        return (run.ExitCode, run.StdOut, run.StdErr);
    }

    private string _folder = "";

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("indexengine-stats-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void RspAgainstSpyOverTheFullPeriod()
    {
        var rsp = SharedDataFolder.RequireFile("data/etfs/rsp.csv.gz");
        var spy = SharedDataFolder.RequireFile("data/etfs/spy.csv.gz");
        var json = Path.Combine(_folder, "out", "stats.json");

        var (code, output, _) = Run("stats", "--series", rsp, "--benchmark", spy, "--out", json);

        Assert.That(code, Is.EqualTo(CliApp.Success));
        Assert.That(output, Does.Contain("2005-02-25 to 2017-11-10: 3200 daily returns"));
        Assert.That(output, Does.Contain("Annualised return         8.33%       7.28%"));
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        // Independently recomputed from the two files with Python's statistics module.
        Assert.That(root.GetProperty("returns").GetInt32(), Is.EqualTo(3200));
        Assert.That(root.GetProperty("index").GetProperty("annualised_return").GetDouble(), Is.EqualTo(0.08333607897560169).Within(1e-12));
        Assert.That(root.GetProperty("index").GetProperty("volatility").GetDouble(), Is.EqualTo(0.20814105179460127).Within(1e-12));
        Assert.That(root.GetProperty("index").GetProperty("sharpe").GetDouble(), Is.EqualTo(0.4887744404708257).Within(1e-12));
        Assert.That(root.GetProperty("index").GetProperty("max_drawdown").GetDouble(), Is.EqualTo(0.609053238257504).Within(1e-12));
        Assert.That(root.GetProperty("benchmark").GetProperty("annualised_return").GetDouble(), Is.EqualTo(0.07275850565321096).Within(1e-12));
        Assert.That(root.GetProperty("tracking_error").GetDouble(), Is.EqualTo(0.0494436246643015).Within(1e-12));
        Assert.That(root.GetProperty("information_ratio").GetDouble(), Is.EqualTo(0.2731004993421793).Within(1e-12));
        Assert.That(root.GetProperty("beta").GetDouble(), Is.EqualTo(1.0676077232628267).Within(1e-12));
        Assert.That(root.GetProperty("average_turnover").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public void WindowRiskFreeRateAndJsonOnStdout()
    {
        var a = Write("a.csv", "date,close,volume\n2017-01-02,100,1\n2017-01-03,102,1\n2017-01-04,99,1\n2017-01-05,103,1\n2017-01-06,101,1\n2017-01-09,106,1\n");
        var b = Write("b.csv", "close,date\n100,2017-01-02\n101,2017-01-03\n100,2017-01-04\n102,2017-01-05\n102,2017-01-06\n104,2017-01-09\n");

        var (code, output, _) = Run("stats", "--series", a, "--benchmark", b, "--rf", "0.02", "--format", "json");

        Assert.That(code, Is.EqualTo(CliApp.Success));
        using var doc = JsonDocument.Parse(output);
        Assert.That(doc.RootElement.GetProperty("index").GetProperty("name").GetString(), Is.EqualTo("a"));
        Assert.That(doc.RootElement.GetProperty("index").GetProperty("sharpe").GetDouble(), Is.EqualTo(5.460699835961123).Within(1e-10));
        Assert.That(doc.RootElement.GetProperty("beta").GetDouble(), Is.EqualTo(2.6753511310227323).Within(1e-12));

        var (windowCode, window, _) = Run("stats", "--series", a, "--benchmark", b, "--from", "2017-01-03", "--to", "2017-01-06");
        Assert.That(windowCode, Is.EqualTo(CliApp.Success));
        Assert.That(window, Does.Contain("2017-01-03 to 2017-01-06: 3 daily returns"));
    }

    [Test]
    public void BadInputExitsWithTwoAndSaysWhere()
    {
        var good = Write("good.csv", "date,close\n2017-01-02,100\n2017-01-03,101\n2017-01-04,102\n");
        var negative = Write("negative.csv", "date,close\n2017-01-02,100\n2017-01-03,-1\n2017-01-04,102\n");
        var duplicate = Write("duplicate.csv", "date,close\n2017-01-02,100\n2017-01-02,101\n");
        var noClose = Write("noclose.csv", "date,level\n2017-01-02,100\n");

        var (code, _, err) = Run("stats", "--series", negative, "--benchmark", good);
        Assert.That(code, Is.EqualTo(CliApp.BadInput));
        Assert.That(err, Does.Contain("negative.csv:3 column 'close'"));
        Assert.That(Run("stats", "--series", duplicate, "--benchmark", good).Err, Does.Contain("duplicate.csv:3 column 'date'"));
        Assert.That(Run("stats", "--series", noClose, "--benchmark", good).Err, Does.Contain("missing column 'close'"));
        Assert.That(Run("stats", "--series", Path.Combine(_folder, "absent.csv"), "--benchmark", good).Code, Is.EqualTo(CliApp.BadInput));
        Assert.That(Run("stats", "--series", good, "--benchmark", good, "--from", "2017-13-01").Err, Does.Contain("--from"));
        Assert.That(Run("stats", "--series", good, "--benchmark", good, "--from", "2017-01-04").Err, Does.Contain("need at least 3"));
        Assert.That(Run("stats", "--series", good).Code, Is.EqualTo(CliApp.BadInput));
    }
}
