using System.Text.RegularExpressions;
using IndexEngine.Data.Output;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Sweep;

/// <summary>
/// `sweep` and `sweep merge` as separate processes on the shipped default universe: an unsharded run and the merge of
/// three shards are the same folder; each variant's folder is its `backtest` run's; merge refuses shards that do not
/// make one whole sweep.
/// </summary>
[TestFixture]
public sealed class SweepCliProcessTests
{
    private const string From = "2016-06-01";
    private const string To = "2017-11-10";
    private string _root = "";
    private string _grid = "";
    private string _full = "";
    private readonly string[] _shards = new string[3];

    [OneTimeSetUp]
    public void RunSweepAndShards()
    {
        _root = TestPaths.NewTempDirectory();
        _grid = Path.Combine(_root, "grid.json");
        // "default.json" is found neither beside the grid nor in the current directory: the built-in default.
        File.WriteAllText(_grid, """
            {
              "config": "default.json",
              "set": {"weighting.security_cap": 0.05},
              "axes": {"selection.count": [100, 150], "weighting.cfs_share": [0, 1]},
              "variants": {"momentum-heavy": {"scoring.factor_weights.momentum": 0.4, "selection.count": 120}}
            }
            """);
        _full = Path.Combine(_root, "full");
        var run = Support.Cli.RunProcess(null, Sweep(_full, "--parallel", "2"));
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.StdOut, Is.Empty, "stdout stays clean");
        Assert.That(Regex.Matches(run.StdErr, @"INF\] Variant \d/5 ").Count, Is.EqualTo(5), "a log line per variant when stderr is not a terminal");
        for (int k = 0; k < 3; k++)
        {
            _shards[k] = Path.Combine(_root, $"shard{k}");
            var shard = Support.Cli.RunProcess(null, Sweep(_shards[k], "--shard", $"{k}/3", "--parallel", "1"));
            Assert.That(shard.ExitCode, Is.EqualTo(0), shard.ToString());
        }
    }

    private string[] Sweep(string outDir, params string[] more) =>
        ["sweep", "--universe", TestPaths.DefaultUniverse, "--grid", _grid, "--from", From, "--to", To, "--out", outDir, .. more];

    [Test]
    public void Unsharded_Run_Writes_Each_Variant_Folder_And_Summary()
    {
        Assert.That(Directory.GetDirectories(Path.Combine(_full, "variants")).Select(Path.GetFileName).Order(StringComparer.Ordinal), Is.EqualTo(new[]
        {
            "momentum-heavy", "selection.count=100,weighting.cfs_share=0", "selection.count=100,weighting.cfs_share=1",
            "selection.count=150,weighting.cfs_share=0", "selection.count=150,weighting.cfs_share=1",
        }));
        var rows = OutputFiles.ReadCsv(Path.Combine(_full, "sweep.csv"));
        Assert.That(rows.Select(r => r["variant"]), Is.EqualTo(new[]
        {
            "selection.count=100,weighting.cfs_share=0", "selection.count=100,weighting.cfs_share=1",
            "selection.count=150,weighting.cfs_share=0", "selection.count=150,weighting.cfs_share=1", "momentum-heavy",
        }), "grid order");
        Assert.That(rows.Select(r => r["average_holdings"]), Is.EqualTo(new[] { "100", "100", "150", "150", "120" }), "selection.count constituents at every rebalance");
        Assert.That(rows.Select(r => r["scoring.factor_weights.momentum"]), Is.EqualTo(new[] { "", "", "", "", "0.4" }));
        Assert.That(File.Exists(Path.Combine(_full, ShardSpecFile)), Is.False, "only shard outputs have shard.json");
        var manifest = OutputManifest.ReadFiles(Path.Combine(_full, OutputManifest.FileName))!;
        Assert.That(manifest, Does.Contain("variants/momentum-heavy/levels.csv").And.Contain("sweep.csv").And.Contain("report.html"));
        Assert.That(File.Exists(Path.Combine(_full, "variants", "momentum-heavy", OutputManifest.FileName)), Is.False, "one manifest, at the top");
    }

    private const string ShardSpecFile = "shard.json";

    [Test]
    public void Merge_Of_Three_Shards_Is_The_Unsharded_Folder_Byte_For_Byte()
    {
        var merged = Path.Combine(_root, "merged");
        var run = Support.Cli.RunProcess(null, "sweep", "merge", "--out", merged, _shards[2], _shards[0], _shards[1]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var expected = OutputFiles.Snapshot(_full);
        var actual = OutputFiles.Snapshot(merged);
        Assert.That(actual.Keys.Order(StringComparer.Ordinal), Is.EqualTo(expected.Keys.Order(StringComparer.Ordinal)));
        foreach (var (path, bytes) in expected) Assert.That(actual[path], Is.EqualTo(bytes), path);
        // The manifests list the same files with the same hashes; only the time differs.
        static string[] WithoutTime(string dir) => [.. File.ReadAllLines(Path.Combine(dir, OutputManifest.FileName)).Where(l => !l.Contains("\"written_utc\"", StringComparison.Ordinal))];
        Assert.That(WithoutTime(merged), Is.EqualTo(WithoutTime(_full)));
        // Each shard ran its own variants: positions 0 and 3 in shard 0, 1 and 4 in shard 1, 2 in shard 2.
        Assert.That(Directory.GetDirectories(Path.Combine(_shards[1], "variants")).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Is.EqualTo(new[] { "momentum-heavy", "selection.count=100,weighting.cfs_share=1" }));
    }

    [TestCase("selection.count=150,weighting.cfs_share=0", new[] { "weighting.security_cap=0.05", "selection.count=150", "weighting.cfs_share=0" })]
    [TestCase("momentum-heavy", new[] { "weighting.security_cap=0.05", "scoring.factor_weights.momentum=0.4", "selection.count=120" })]
    public void Each_Variant_Folder_Is_Its_Backtest_Run_Byte_For_Byte(string variant, string[] sets)
    {
        var outDir = Path.Combine(TestPaths.NewTempDirectory(), "bt");
        var run = Support.Cli.RunProcess(null, ["backtest", "--universe", TestPaths.DefaultUniverse, "--from", From, "--to", To, "--out", outDir,
            .. sets.SelectMany(s => new[] { "--set", s })]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var expected = OutputFiles.Snapshot(outDir);
        var actual = OutputFiles.Snapshot(Path.Combine(_full, "variants", variant));
        Assert.That(actual.Keys.Order(StringComparer.Ordinal), Is.EqualTo(expected.Keys.Order(StringComparer.Ordinal)));
        foreach (var (path, bytes) in expected) Assert.That(actual[path], Is.EqualTo(bytes), path);
        Assert.That(File.ReadAllText(Path.Combine(outDir, "report.html")), Does.Contain(string.Join(" ", sets.Select(s => "--set " + s))),
            "the report names the overrides, so they must be the same and in the same order");
    }

    [Test]
    public void Merge_Refuses_A_Missing_Shard()
    {
        var run = Support.Cli.Run("sweep", "merge", "--out", Path.Combine(TestPaths.NewTempDirectory(), "m"), _shards[0], _shards[2]);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.StdErr, Does.Contain("sweep merge: shard 1/3 missing (given: 0/3, 2/3)"));
    }

    [Test]
    public void Merge_Refuses_A_Shard_Given_Twice()
    {
        var run = Support.Cli.Run("sweep", "merge", "--out", Path.Combine(TestPaths.NewTempDirectory(), "m"), _shards[0], _shards[1], _shards[1], _shards[2]);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.StdErr, Does.Contain($"shard 1/3 is given twice: {_shards[1]} and {_shards[1]}"));
    }

    [Test]
    public void Merge_Refuses_A_Shard_Of_Another_Grid_And_An_Unsharded_Folder()
    {
        var otherGrid = Path.Combine(TestPaths.NewTempDirectory(), "grid.json");
        File.WriteAllText(otherGrid, """{"variants": {"a": {"selection.count": 90}, "b": {"selection.count": 110}}}""");
        var other = Path.Combine(Path.GetDirectoryName(otherGrid)!, "other1");
        var run = Support.Cli.Run("sweep", "--universe", TestPaths.DefaultUniverse, "--grid", otherGrid, "--from", "2017-03-01", "--to", To,
            "--shard", "1/3", "--out", other);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(Directory.GetDirectories(Path.Combine(other, "variants")).Select(Path.GetFileName), Is.EqualTo(new[] { "b" }));

        run = Support.Cli.Run("sweep", "merge", "--out", Path.Combine(TestPaths.NewTempDirectory(), "m"), _shards[0], other, _shards[2]);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.StdErr, Does.Contain($"{other}: a shard of a different sweep than {_shards[0]}: its grid (variants, overrides or base config) differs"));

        run = Support.Cli.Run("sweep", "merge", "--out", Path.Combine(TestPaths.NewTempDirectory(), "m"), _full);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.StdErr, Does.Contain(Path.Combine(_full, ShardSpecFile) + ": not found"));
    }

    [Test]
    public void Merge_Refuses_A_Changed_Shard_And_An_Out_Inside_A_Shard()
    {
        var copy = Path.Combine(TestPaths.NewTempDirectory(), "shard2");
        foreach (var file in Directory.GetFiles(_shards[2], "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(copy, Path.GetRelativePath(_shards[2], file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        var variant = Directory.GetDirectories(Path.Combine(copy, "variants"))[0];
        File.WriteAllText(Path.Combine(variant, "notes.txt"), "added by hand");
        var run = Support.Cli.Run("sweep", "merge", "--out", Path.Combine(TestPaths.NewTempDirectory(), "m"), _shards[0], _shards[1], copy);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.StdErr, Does.Contain("'notes.txt' is not in the shard's manifest"));

        var inside = Path.Combine(_shards[0], "merged");
        run = Support.Cli.Run("sweep", "merge", "--out", inside, _shards[0], _shards[1], _shards[2]);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(Directory.Exists(inside), Is.False, "a shard folder is an input: nothing is written inside it");
    }
}
