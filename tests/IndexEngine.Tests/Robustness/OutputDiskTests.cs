using System.Diagnostics;
using IndexEngine.Cli;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Robustness;

/// <summary>
/// The machine's faults on a real file system: a full disk, a read-only mount and a mount point as --out,
/// each on a small tmpfs mounted for the test (Linux, root). Each is exit 2 naming the path, with the previous
/// output intact and no staging left behind.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class OutputDiskTests
{
    private string? _mount;

    [TearDown]
    public void Unmount()
    {
        if (_mount is null) return;
        Run("umount", _mount);
        _mount = null;
    }

    /// <summary>Mounts a tmpfs of <paramref name="size"/> on a new folder, or ignores the test where that is not permitted.</summary>
    private string MountTmpfs(string size)
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("tmpfs mounts are a Linux test");
        var dir = RobustnessTemp.NewFolder("tmpfs");
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", dir);
        if (code != 0) Assert.Ignore($"cannot mount a tmpfs here (needs root and mount permission): {output}");
        _mount = dir;
        return dir;
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }

    private static CliResult Rebalance(string outDir, params string[] extra) =>
        Runs.Rebalance(BaseUniverse.Path, outDir, [.. BaseUniverse.Args, .. extra]);

    [Test]
    public void Full_disk_is_exit_2_naming_the_path_and_the_previous_output_stays()
    {
        var mount = MountTmpfs("1m");
        var outDir = Path.Combine(mount, "out");
        Assert.That(Rebalance(outDir, "--set", "selection.count=30").ExitCode, Is.EqualTo(CliApp.Success));
        Fill(Path.Combine(mount, "filler"));
        var before = Tree.Of(mount);

        var run = Rebalance(outDir);
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.BadInput), run.ToString());
        Assert.That(run.StdErr, Does.Contain(outDir).And.Contain("No space left on device"), run.ToString());
        Assert.That(run.StdErr, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(Tree.Of(mount), Is.EqualTo(before), "the previous output is intact and no staging is left");

        // Once there is space again the same run works.
        File.Delete(Path.Combine(mount, "filler"));
        var again = Rebalance(outDir);
        Assert.That(again.ExitCode, Is.EqualTo(CliApp.Success), again.ToString());
        Assert.That(OutputFiles.ReadCsv(Path.Combine(outDir, "constituents.csv")), Has.Count.EqualTo(50));
    }

    [Test]
    public void A_backtest_filling_the_disk_while_two_threads_write_is_exit_2_and_leaves_nothing()
    {
        // A backtest writes its rebalance folders on one thread and its analyses on another; 3.5 MB of output
        // on a 1 MB disk fails on one of them (or both) part-way, and the other must stop before the staging
        // folder is removed: nothing may be left, and the error is the disk's, not a crash.
        var mount = MountTmpfs("1m");
        var outDir = Path.Combine(mount, "out");

        var run = Support.Cli.Run("backtest", "--universe", TestPaths.DefaultUniverse, "--from", "2016-06-01", "--to", "2017-11-10", "--out", outDir);
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.BadInput), run.ToString());
        Assert.That(run.StdErr, Does.Contain(outDir).And.Contain("No space left on device"), run.ToString());
        Assert.That(run.StdErr, Does.Not.Contain("   at ").And.Not.Contain("AggregateException"), "the disk's error as it is, no stack trace");
        // Only the lock file stays (by design: deleting it would let two runs hold different locks on one --out).
        Assert.That(Tree.Of(mount).Keys, Is.EqualTo(new[] { ".out.lock" }), "no output and no staging folder is left");
    }

    [Test]
    public void Full_disk_for_a_single_file_output_is_exit_2_and_the_previous_file_stays()
    {
        var mount = MountTmpfs("256k");
        var folder = RobustnessTemp.NewFolder("series");
        var series = "date,close\n" + string.Concat(Enumerable.Range(0, 30).Select(d => $"{new DateOnly(2017, 1, 2).AddDays(d):yyyy-MM-dd},{100 + d % 7}\n"));
        File.WriteAllText(Path.Combine(folder, "s.csv"), series);
        File.WriteAllText(Path.Combine(folder, "b.csv"), series);
        var json = Path.Combine(mount, "stats.json");
        string[] stats = ["stats", "--series", Path.Combine(folder, "s.csv"), "--benchmark", Path.Combine(folder, "b.csv"), "--out", json];
        Assert.That(Support.Cli.Run(stats).ExitCode, Is.EqualTo(CliApp.Success));
        Fill(Path.Combine(mount, "filler"));
        var before = Tree.Of(mount);

        var run = Support.Cli.Run(stats);
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.BadInput), run.ToString());
        Assert.That(run.StdErr, Does.Contain(json).And.Contain("No space left on device"), run.ToString());
        Assert.That(Tree.Of(mount), Is.EqualTo(before), "the previous file is intact and no temporary file is left");
    }

    [Test]
    public void Read_only_target_is_exit_2_naming_the_path_and_the_previous_output_stays()
    {
        var mount = MountTmpfs("4m");
        var outDir = Path.Combine(mount, "out");
        Assert.That(Rebalance(outDir).ExitCode, Is.EqualTo(CliApp.Success));
        var (code, output) = Run("mount", "-o", "remount,ro", mount);
        Assert.That(code, Is.Zero, output);
        var before = Tree.Of(mount);

        var run = Rebalance(outDir, "--set", "selection.count=30");
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.BadInput), run.ToString());
        Assert.That(run.StdErr, Does.Contain(outDir).And.Contain("Read-only file system"), run.ToString());
        Assert.That(run.StdErr, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(Tree.Of(mount), Is.EqualTo(before));
    }

    /// <summary>A mount point cannot be renamed (EBUSY), so it cannot be swapped for a new folder: exit 2
    /// saying so, and a folder inside it works.</summary>
    [Test]
    public void Mount_point_as_out_is_exit_2_and_a_folder_inside_it_works()
    {
        var mount = MountTmpfs("4m");
        var run = Rebalance(mount);
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.BadInput), run.ToString());
        Assert.That(run.StdErr, Does.Contain(mount).And.Contain("is a mount point"), run.ToString());
        Assert.That(Directory.GetFileSystemEntries(mount), Is.Empty, "nothing written into it");
        Assert.That(Directory.GetFileSystemEntries(Path.GetDirectoryName(mount)!).Select(Path.GetFileName),
            Has.None.StartsWith($".{Path.GetFileName(mount)}."), "no lock or staging written beside it");

        var inside = Rebalance(Path.Combine(mount, "out"));
        Assert.That(inside.ExitCode, Is.EqualTo(CliApp.Success), inside.ToString());
    }

    /// <summary>Writes zeros until the file system reports no space left.</summary>
    private static void Fill(string path)
    {
        var block = new byte[4096];
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        try
        {
            while (true) stream.Write(block);
        }
        catch (IOException)
        {
            // full
        }
    }
}
