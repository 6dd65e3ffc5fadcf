using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Sweep;

/// <summary>Sweeps at the edges: more shards than variants, and outputs that would overwrite an input.</summary>
[TestFixture]
public sealed class SweepCliEdgeTests
{
    private static string[] Sweep(string grid, string outDir, params string[] more) =>
        ["sweep", "--universe", TestPaths.DefaultUniverse, "--grid", grid, "--from", "2017-03-01", "--to", "2017-11-10", "--out", outDir, .. more];

    [Test]
    public void More_Shards_Than_Variants_Gives_An_Empty_Shard_And_The_Merge_Is_Still_The_Whole_Sweep()
    {
        var dir = TestPaths.NewTempDirectory();
        var grid = Path.Combine(dir, "grid.json");
        File.WriteAllText(grid, """{"variants": {"a": {"selection.count": 100}, "b": {"selection.count": 150}}}""");
        var whole = Support.Cli.Run(Sweep(grid, Path.Combine(dir, "whole"), "--parallel", "1"));
        Assert.That(whole.ExitCode, Is.EqualTo(0), whole.ToString());
        for (int k = 0; k < 3; k++)
        {
            var shard = Support.Cli.Run(Sweep(grid, Path.Combine(dir, $"s{k}"), "--shard", $"{k}/3"));
            Assert.That(shard.ExitCode, Is.EqualTo(0), shard.ToString());
        }
        Assert.That(File.ReadAllLines(Path.Combine(dir, "s2", "sweep.csv")), Has.Length.EqualTo(1), "shard 2/3 of two variants runs none: a header only");
        Assert.That(File.ReadAllText(Path.Combine(dir, "s2", "report.html")), Does.Contain("0 of 2 variants (one shard)"));

        var merge = Support.Cli.Run("sweep", "merge", "--out", Path.Combine(dir, "merged"), Path.Combine(dir, "s0"), Path.Combine(dir, "s1"), Path.Combine(dir, "s2"));
        Assert.That(merge.ExitCode, Is.EqualTo(0), merge.ToString());
        var expected = OutputFiles.Snapshot(Path.Combine(dir, "whole"));
        var actual = OutputFiles.Snapshot(Path.Combine(dir, "merged"));
        Assert.That(actual.Keys.Order(StringComparer.Ordinal), Is.EqualTo(expected.Keys.Order(StringComparer.Ordinal)));
        foreach (var (path, bytes) in expected) Assert.That(actual[path], Is.EqualTo(bytes), path);
    }

    [Test]
    public void Out_Inside_The_Grid_Folder_Or_The_Universe_Is_Refused_Before_Any_Work()
    {
        var dir = TestPaths.NewTempDirectory();
        var grid = Path.Combine(dir, "grids", "grid.json");
        Directory.CreateDirectory(Path.GetDirectoryName(grid)!);
        File.WriteAllText(grid, """{"variants": {"a": {}}}""");
        var run = Support.Cli.Run(Sweep(grid, Path.GetDirectoryName(grid)!));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.StdErr, Does.Contain("--grid"));
        Assert.That(File.Exists(grid), "the grid is untouched");

        run = Support.Cli.Run(Sweep(grid, Path.Combine(TestPaths.DefaultUniverse, "sweep")));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.StdErr, Does.Contain("--universe"));
        Assert.That(Directory.Exists(Path.Combine(TestPaths.DefaultUniverse, "sweep")), Is.False);
    }
}
