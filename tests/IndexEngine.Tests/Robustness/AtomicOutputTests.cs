using System.Diagnostics;
using IndexEngine.Cli;
using IndexEngine.Data.Output;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Robustness;

/// <summary>
/// Nothing is written to --out unless the whole run succeeded, even when the process is killed: a reader
/// finds the previous complete output or the new complete one, never a mix, a partial folder or none.
/// </summary>
[TestFixture]
public sealed class AtomicOutputTests
{
    private static readonly string[] Backtest = ["backtest", "--universe", TestPaths.DefaultUniverse, "--from", "2015-01-01", "--to", "2017-11-10"];

    /// <summary>
    /// A backtest of the shipped universe (about 3 s) is killed (SIGKILL) at delays spread over the length
    /// of an uninterrupted run, into an --out folder holding a complete output of another config. After
    /// each kill --out holds exactly the old or exactly the new output; what a kill leaves behind is
    /// hidden staging folders beside it (and the lock file), which the next run on the same --out removes.
    /// </summary>
    [Test]
    public void Killed_backtest_leaves_the_old_or_the_new_complete_output()
    {
        var root = RobustnessTemp.NewFolder("kill");
        var reference = Path.Combine(root, "reference");
        var clock = Stopwatch.StartNew();
        var referenceRun = Support.Cli.RunProcess(null, [.. Backtest, "--out", reference]);
        var fullRun = clock.Elapsed;
        Assert.That(referenceRun.ExitCode, Is.EqualTo(CliApp.Success), referenceRun.ToString());
        var previous = Path.Combine(root, "previous");
        var previousRun = Support.Cli.Run([.. Backtest, "--set", "selection.count=100", "--out", previous]);
        Assert.That(previousRun.ExitCode, Is.EqualTo(CliApp.Success), previousRun.ToString());
        var oldOutput = OutputFiles.Snapshot(previous);
        var newOutput = OutputFiles.Snapshot(reference);
        Assert.That(oldOutput["levels.csv"], Is.Not.EqualTo(newOutput["levels.csv"]), "the two outputs must be told apart");

        var parent = Path.Combine(root, "target");
        var outDir = Path.Combine(parent, "out");
        var outcomes = new List<string>();
        foreach (var fraction in new[] { 0.03, 0.2, 0.4, 0.6, 0.75, 0.88, 0.95, 1.02 })
        {
            // Start every round from the complete old output.
            if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
            CopyFolder(previous, outDir);

            var delay = fullRun * fraction;
            using var process = Process.Start(Support.Cli.ProcessStart(null, [.. Backtest, "--out", outDir]))!;
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            bool exited = process.WaitForExit(delay);
            if (!exited) process.Kill(entireProcessTree: true);
            Assert.That(process.WaitForExit(TimeSpan.FromMinutes(2)), "the backtest ends (or is killed)");

            Assert.That(Directory.Exists(outDir), $"after a kill at {delay.TotalMilliseconds:F0} ms --out must still exist");
            var now = OutputFiles.Snapshot(outDir);
            string outcome = SameFiles(now, oldOutput) ? "old" : SameFiles(now, newOutput) ? "new" : "MIX";
            Assert.That(outcome, Is.Not.EqualTo("MIX"),
                $"after a kill at {delay.TotalMilliseconds:F0} ms --out holds neither the old nor the new output: {string.Join(", ", now.Keys.Order(StringComparer.Ordinal).Take(20))}");
            if (exited) Assert.That(outcome, Is.EqualTo("new"), "a run that finished has replaced the output");
            outcomes.Add($"{delay.TotalMilliseconds:F0} ms: {(exited ? "finished" : "killed")}, {outcome}");

            foreach (var entry in Directory.GetFileSystemEntries(parent).Select(Path.GetFileName))
                Assert.That(entry, Is.EqualTo("out").Or.EqualTo(".out.lock").Or.StartsWith(".out.tmp-").Or.StartsWith(".out.old-"),
                    "a kill leaves nothing beside --out but hidden staging folders and the lock file");
        }
        TestContext.Out.WriteLine(string.Join("\n", outcomes));
        Assert.That(outcomes.Count(o => o.Contains("killed, old", StringComparison.Ordinal)), Is.GreaterThan(0), "some kills land before the commit");

        // A run after the kills produces the complete new output and removes what the kills left behind
        // (under the lock no other run can be in progress); a folder of similar name that is not the engine's stays.
        var killed = Directory.GetDirectories(parent).Where(d => Path.GetFileName(d) != "out").ToList();
        var lookalike = Path.Combine(parent, ".out.tmp-mine");
        Directory.CreateDirectory(lookalike);
        File.WriteAllText(Path.Combine(lookalike, "keep.txt"), "not the engine's");
        var last = Support.Cli.Run([.. Backtest, "--out", outDir]);
        Assert.That(last.ExitCode, Is.EqualTo(CliApp.Success), last.ToString());
        Assert.That(SameFiles(OutputFiles.Snapshot(outDir), newOutput), "the run after the kills writes the complete new output");
        TestContext.Out.WriteLine($"{killed.Count} staging folders left by the kills");
        Assert.That(Directory.GetFileSystemEntries(parent).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Is.EqualTo(new[] { ".out.lock", ".out.tmp-mine", "out" }), "no staging left after the next run; the look-alike is kept");
        Assert.That(File.ReadAllText(Path.Combine(lookalike, "keep.txt")), Is.EqualTo("not the engine's"));
    }

    /// <summary>
    /// Replacing an existing --out must never leave a moment without it: a reader polling the folder while
    /// it is replaced again and again must always find it. (Moving the old folder aside and then the new one
    /// in leaves such a moment; a process killed in it would leave no --out at all.)
    /// </summary>
    [Test]
    public void Out_folder_exists_at_every_moment_of_a_replacement()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("the atomic folder exchange (renameat2 RENAME_EXCHANGE) is Linux-only");
        var parent = RobustnessTemp.NewFolder("swap");
        var target = Path.Combine(parent, "out");
        Commit(target, 0);

        long polls = 0, missing = 0;
        using var stop = new CancellationTokenSource();
        var observer = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                polls++;
                if (!Directory.Exists(target)) missing++;
            }
        });
        observer.Start();
        for (int generation = 1; generation <= 300; generation++) Commit(target, generation);
        stop.Cancel();
        observer.Join();

        Assert.That(polls, Is.GreaterThan(1000), "the observer ran during the replacements");
        Assert.That(missing, Is.Zero, $"--out was missing in {missing} of {polls} polls");
        Assert.That(File.ReadAllText(Path.Combine(target, "generation.txt")), Is.EqualTo("300"));
        Assert.That(Directory.GetFileSystemEntries(parent).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Is.EqualTo(new[] { ".out.lock", "out" }), "nothing but the lock file left beside --out");
    }

    [Test]
    public void Regenerating_a_universe_into_its_folder_replaces_it_whole()
    {
        var parent = RobustnessTemp.NewFolder("regenerate");
        var target = Path.Combine(parent, "universe");
        var fresh = Path.Combine(RobustnessTemp.NewFolder("fresh"), "universe");
        var options = new IndexEngine.Data.Synthetic.GeneratorOptions { Seed = 1, Securities = 60, From = new DateOnly(2016, 1, 4), To = new DateOnly(2017, 3, 31) };
        IndexEngine.Data.UniverseWriter.Write(target, IndexEngine.Data.Synthetic.UniverseGenerator.Generate(options));
        IndexEngine.Data.UniverseWriter.Write(target, IndexEngine.Data.Synthetic.UniverseGenerator.Generate(options with { Seed = 2 }));
        IndexEngine.Data.UniverseWriter.Write(fresh, IndexEngine.Data.Synthetic.UniverseGenerator.Generate(options with { Seed = 2 }));

        Assert.That(SameFiles(OutputFiles.Snapshot(target), OutputFiles.Snapshot(fresh)), "the folder holds exactly the second universe");
        Assert.That(Directory.GetFileSystemEntries(parent).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Is.EqualTo(new[] { ".universe.lock", "universe" }), "nothing but the lock file left beside it");
    }

    private static void Commit(string target, int generation)
    {
        using var folder = OutputFolder.Begin(OutputTarget.Out("test", target));
        File.WriteAllText(folder.PathOf("generation.txt"), generation.ToString(System.Globalization.CultureInfo.InvariantCulture));
        folder.Commit();
    }

    private static bool SameFiles(Dictionary<string, byte[]> a, Dictionary<string, byte[]> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var other) && other.AsSpan().SequenceEqual(p.Value));

    private static void CopyFolder(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
