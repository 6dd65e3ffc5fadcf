using System.Diagnostics;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Cli;

/// <summary>
/// The published native binary (scripts/publish, artifacts/publish/indexengine) writes byte for byte what the
/// JIT build writes, reads and writes Parquet (whose generic readers ParquetSharp.rd.xml compiles in) and fails
/// like it. Ignored when no binary was published from the current sources (scripts/publish, or
/// INDEXENGINE_PUBLISH=1 .ci/run, which publishes before it tests).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PublishedBinaryTests
{
    private static string Binary()
    {
        var binary = Path.Combine(TestPaths.RepoRoot, "artifacts", "publish", "indexengine");
        if (!File.Exists(binary)) Assert.Ignore($"no published binary at {binary}: run scripts/publish (or INDEXENGINE_PUBLISH=1 .ci/run)");
        if (PublishedBinary.NewerSource(binary) is { } newer)
            Assert.Ignore($"{binary} is older than {newer}: run scripts/publish again to test it");
        return binary;
    }

    private static CliResult RunBinary(params string[] args)
    {
        var start = new ProcessStartInfo(Binary())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        return Support.Cli.RunProcess(start);
    }

    private static void AssertSameFiles(string expectedDir, string actualDir)
    {
        var expected = OutputFiles.Snapshot(expectedDir);
        var actual = OutputFiles.Snapshot(actualDir);
        Assert.That(actual.Keys.Order(StringComparer.Ordinal), Is.EqualTo(expected.Keys.Order(StringComparer.Ordinal)));
        foreach (var (name, bytes) in expected)
            Assert.That(actual[name], Is.EqualTo(bytes), $"{name} differs between the published binary and the JIT build");
    }

    /// <summary>The same command through the published binary and in process, each into its own folder.</summary>
    private static (string Native, string Jit) RunBoth(Func<string, string[]> command)
    {
        var root = TestPaths.NewTempDirectory();
        var native = Path.Combine(root, "native");
        var jit = Path.Combine(root, "jit");
        var nativeRun = RunBinary(command(native));
        Assert.That(nativeRun.ExitCode, Is.EqualTo(0), nativeRun.ToString());
        var jitRun = Support.Cli.Run(command(jit));
        Assert.That(jitRun.ExitCode, Is.EqualTo(0), jitRun.ToString());
        return (native, jit);
    }

    [Test]
    public void Version_IsTheBuildsVersion()
    {
        var native = RunBinary("--version");
        var jit = Support.Cli.RunProcess(null, "--version");
        Assert.That(native.ExitCode, Is.EqualTo(0), native.ToString());
        // The commit after '+' is the one published from, which may precede commits that changed no source.
        Assert.That(native.StdOut, Does.Match(@"^\d+\.\d+\.\d+\+[0-9a-f]{40}\n$"));
        Assert.That(native.StdOut.Split('+')[0], Is.EqualTo(jit.StdOut.Split('+')[0]));
    }

    [Test]
    public void Rebalance_DefaultUniverse_WithListOverrides_IsByteIdentical()
    {
        // --set of an integer list and of a string list: the config paths the AOT analyzers had flagged.
        var (native, jit) = RunBoth(dir => ["rebalance", "--universe", TestPaths.DefaultUniverse, "--out", dir,
            "--set", "schedule.screening_months=2,5,8,11", "--set", "factors.value=earnings_yield,book_to_price"]);
        AssertSameFiles(jit, native);
    }

    [Test]
    public void Rebalance_RealSp500_IsByteIdentical()
    {
        // The issue's start-up benchmark; its scores run the Vector256 kernels, whose sums differ in the last bit
        // from the scalar path that a native binary compiled without AVX2 would take.
        var universe = TestPaths.SharedData("sp500-2017");
        var (native, jit) = RunBoth(dir => ["rebalance", "--universe", universe, "--as-of", "2017-02-28",
            "--set", "selection.fraction=0.25", "--out", dir]);
        AssertSameFiles(jit, native);
    }

    [Test]
    public void Backtest_DefaultUniverse_IsByteIdentical()
    {
        var (native, jit) = RunBoth(dir => ["backtest", "--universe", TestPaths.DefaultUniverse,
            "--from", "2016-11-01", "--to", "2017-11-10", "--out", dir]);
        AssertSameFiles(jit, native);
    }

    [Test]
    public void Sweep_ExampleGrid_IsByteIdentical()
    {
        // Parallel variants, the progress/log path and the sweep report: Spectre.Console and the grid's JSON reading
        // under Native AOT.
        var (native, jit) = RunBoth(dir => ["sweep", "--universe", TestPaths.DefaultUniverse, "--grid", Path.Combine(TestPaths.RepoRoot, "config", "sweeps", "example.json"),
            "--from", "2016-11-01", "--to", "2017-11-10", "--out", dir]);
        AssertSameFiles(jit, native);
    }

    [Test]
    public void Parquet_ConvertAndRebalance_AreByteIdentical()
    {
        // convert writes every Parquet column type the engine writes; rebalance reads them back.
        var (nativeParquet, jitParquet) = RunBoth(dir => ["convert", "--universe", TestPaths.DefaultUniverse, "--out", dir, "--quiet"]);
        AssertSameFiles(jitParquet, nativeParquet);
        var (native, jit) = RunBoth(dir => ["rebalance", "--universe", nativeParquet, "--out", dir]);
        AssertSameFiles(jit, native);
    }

    [Test]
    public void BadConfigKey_IsExit2_WithTheSameMessage()
    {
        var outDir = Path.Combine(TestPaths.NewTempDirectory(), "out");
        string[] args = ["rebalance", "--universe", TestPaths.DefaultUniverse, "--out", outDir, "--set", "selection.cuont=150"];
        var native = RunBinary(args);
        var jit = Support.Cli.Run(args);
        Assert.That(native.ExitCode, Is.EqualTo(2), native.ToString());
        Assert.That(jit.ExitCode, Is.EqualTo(2), jit.ToString());
        Assert.That(native.StdErr, Does.Contain("did you mean 'selection.count'"));
        // The log lines without their time stamps.
        Assert.That(WithoutTimes(native.StdErr), Is.EqualTo(WithoutTimes(jit.StdErr)));
        Assert.That(Directory.Exists(outDir), Is.False, "nothing is written");
    }

    private static string WithoutTimes(string log) =>
        System.Text.RegularExpressions.Regex.Replace(log, @"^\[\d\d:\d\d:\d\d ", "[", System.Text.RegularExpressions.RegexOptions.Multiline);
}

/// <summary>Whether a binary was built from the current sources: the rule of the ./indexengine launcher, which
/// compares a stamp written beside the binary when it was built with every file under src/ and config/.</summary>
internal static class PublishedBinary
{
    public const string StampName = ".indexengine-built-from-sources";

    /// <summary>A source file newer than the binary's stamp (or the missing stamp itself); null when up to date.</summary>
    public static string? NewerSource(string binary)
    {
        var stamp = Path.Combine(Path.GetDirectoryName(binary)!, StampName);
        if (!File.Exists(stamp)) return stamp + " (missing)";
        var built = File.GetLastWriteTimeUtc(stamp);
        var root = TestPaths.RepoRoot;
        var sources = new[] { "src", "config" }
            .SelectMany(dir => Directory.EnumerateFiles(Path.Combine(root, dir), "*", SearchOption.AllDirectories))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Concat(Directory.EnumerateFiles(root, "Directory.*.props"))
            .Append(Path.Combine(root, "global.json"));
        return sources.FirstOrDefault(f => File.GetLastWriteTimeUtc(f) > built);
    }
}
