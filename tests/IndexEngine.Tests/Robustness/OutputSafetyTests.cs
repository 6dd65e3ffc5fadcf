using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using IndexEngine.Cli;
using IndexEngine.Data.Output;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Robustness;

/// <summary>
/// Issue 14: --out never destroys data the engine did not write. Each dangerous --out is created for real in a
/// temporary "home" (a project folder with a universe, a repository, unrelated work, a symbolic link), the
/// engine runs as a real process in it (so that the current and home directories are the real ones), and
/// every byte, folder and link under the temporary root must be as before.
/// </summary>
[TestFixture]
public sealed class OutputSafetyTests
{
    private string _root = "", _home = "", _project = "", _elsewhere = "";

    [OneTimeSetUp]
    public void CreateUserData()
    {
        _root = RobustnessTemp.NewFolder("user");
        _home = Path.Combine(_root, "home");
        _project = Path.Combine(_home, "project");
        _elsewhere = Path.Combine(_root, "elsewhere");
        Directory.CreateDirectory(_elsewhere);
        Directory.CreateDirectory(Path.Combine(_project, "sub"));
        File.WriteAllText(Path.Combine(_home, "notes.txt"), "my notes\n");
        File.WriteAllText(Path.Combine(_project, "keep.txt"), "keep me\n");
        File.WriteAllText(Path.Combine(_project, "sub", "data.csv"), "a,b\n1,2\n");
        BaseUniverse.CopyTo(Path.Combine(_project, "universe"));
        File.CreateSymbolicLink(Path.Combine(_project, "link"), Path.Combine(_project, "universe"));
        Directory.CreateDirectory(Path.Combine(_project, "repo", ".git"));
        Directory.CreateDirectory(Path.Combine(_project, "repo", "src"));
        File.WriteAllText(Path.Combine(_project, "repo", ".git", "HEAD"), "ref: refs/heads/main\n");
        File.WriteAllText(Path.Combine(_project, "repo", "src", "a.cs"), "class A { }\n");
        Directory.CreateDirectory(Path.Combine(_project, "mywork"));
        File.WriteAllText(Path.Combine(_project, "mywork", "thesis.md"), "# chapter 1\n");
        Directory.CreateDirectory(Path.Combine(_project, "config-folder"));
        File.WriteAllText(Path.Combine(_project, "config-folder", "mine.json"), "{ \"extends\": \"default.json\" }\n");
        Directory.CreateDirectory(Path.Combine(_project, "bases"));
        File.WriteAllText(Path.Combine(_project, "bases", "base.json"), "{ \"selection\": { \"count\": 100 } }\n");
        File.WriteAllText(Path.Combine(_project, "derived.json"), "{ \"extends\": \"bases/base.json\" }\n");
        var series = string.Concat(Enumerable.Range(0, 30).Select(d => $"{new DateOnly(2017, 1, 2).AddDays(d):yyyy-MM-dd},{100 + d}\n"));
        File.WriteAllText(Path.Combine(_project, "s.csv"), "date,close\n" + series);
        File.WriteAllText(Path.Combine(_project, "b.csv"), "date,close\n" + series);
        File.CreateSymbolicLink(Path.Combine(_project, "bench-link.csv"), "b.csv");
    }

    private static readonly string[] Rebalance = ["rebalance", "--universe", "universe", .. BaseUniverse.Args];

    public sealed record Case(string Name, string[] Args, string Expected, string? WorkingDirectory = null)
    {
        public override string ToString() => Name;
    }

    private static IEnumerable<Case> Refused()
    {
        yield return new("rebalance --out . (a folder of other files)", [.. Rebalance, "--out", "."], "is the current directory");
        yield return new("rebalance --out ..", [.. Rebalance, "--out", ".."], "contains the current directory");
        yield return new("rebalance --out the universe", [.. Rebalance, "--out", "universe"], "is the input --universe");
        yield return new("rebalance --out inside the universe", [.. Rebalance, "--out", "universe/out"], "lies inside the input --universe");
        yield return new("rebalance --out a symlink to the universe", [.. Rebalance, "--out", "link"], "is a symbolic link");
        yield return new("rebalance --out a folder of unrelated work", [.. Rebalance, "--out", "mywork"], "files the engine did not write (thesis.md)");
        yield return new("rebalance --out a repository root", [.. Rebalance, "--out", "repo"], "files the engine did not write (.git");
        yield return new("rebalance --out a file", [.. Rebalance, "--out", "keep.txt"], "names a file, not a folder");
        yield return new("rebalance --out /", [.. Rebalance, "--out", "/"], "cannot be the root folder");
        yield return new("rebalance --out \"\"", [.. Rebalance, "--out", ""], "--out is empty");
        yield return new("rebalance --out a folder holding the config", [.. Rebalance, "--config", "config-folder/mine.json", "--out", "config-folder"], "contains the input --config");
        yield return new("rebalance --out the folder of the file the config extends", [.. Rebalance, "--config", "derived.json", "--out", "bases"], "contains the input --config (extends)");
        yield return new("rebalance --out ~ (from elsewhere)", ["rebalance", "--universe", "../home/project/universe", .. BaseUniverse.Args, "--out", "../home"], "is the home directory", "elsewhere");
        yield return new("backtest --out the universe", ["backtest", "--universe", "universe", "--from", "2016-06-01", "--to", "2017-03-31", "--out", "universe"], "is the input --universe");
        yield return new("generate-universe --out a folder of unrelated work", ["generate-universe", "--seed", "1", "--out", "mywork"], "files the engine did not write");
        yield return new("stats --out its own --series", ["stats", "--series", "s.csv", "--benchmark", "b.csv", "--out", "s.csv"], "is the input --series");
        yield return new("stats --out its --benchmark through a symlink", ["stats", "--series", "s.csv", "--benchmark", "bench-link.csv", "--out", "b.csv"], "is the input --benchmark bench-link.csv");
        yield return new("stats --out a folder", ["stats", "--series", "s.csv", "--benchmark", "b.csv", "--out", "sub"], "names a folder, not a file");
    }

    [TestCaseSource(nameof(Refused))]
    public void Dangerous_out_is_refused_and_every_byte_stays(Case c)
    {
        var before = Tree.Of(_root);
        var start = Support.Cli.ProcessStart(new Dictionary<string, string> { ["HOME"] = _home }, c.Args);
        start.WorkingDirectory = c.WorkingDirectory == "elsewhere" ? _elsewhere : _project;
        var run = Support.Cli.RunProcess(start);

        Assert.That(run.ExitCode, Is.EqualTo(CliApp.BadInput), run.ToString());
        Assert.That(run.StdErr, Does.Contain(c.Expected), run.ToString());
        Assert.That(run.StdErr, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(Tree.Of(_root), Is.EqualTo(before), "every file, folder and link under the user's folders is as before");
    }

    [Test]
    public void Out_may_be_new_empty_or_written_by_the_engine_and_carries_a_manifest()
    {
        var parent = RobustnessTemp.NewFolder("allowed");
        var fresh = Path.Combine(parent, "new", "out");
        var started = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()); // the manifest has whole seconds
        var run = Runs.Rebalance(BaseUniverse.Path, fresh, BaseUniverse.Args);
        var finished = DateTimeOffset.UtcNow;
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), run.ToString());

        using (var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(fresh, OutputManifest.FileName))))
        {
            var root = manifest.RootElement;
            Assert.That(root.GetProperty("tool").GetString(), Is.EqualTo("indexengine"));
            Assert.That(root.GetProperty("command").GetString(), Is.EqualTo("rebalance"));
            Assert.That(root.GetProperty("version").GetString(), Is.Not.Empty);
            Assert.That(DateTimeOffset.Parse(root.GetProperty("written_utc").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                Is.InRange(started, finished), "written during the run");
            var files = root.GetProperty("files").EnumerateArray().ToList();
            Assert.That(files.Select(f => f.GetProperty("path").GetString()), Is.EqualTo(OutputFiles.RebalanceFiles.Order(StringComparer.Ordinal)));
            foreach (var f in files)
            {
                var bytes = File.ReadAllBytes(Path.Combine(fresh, f.GetProperty("path").GetString()!));
                Assert.That(f.GetProperty("bytes").GetInt64(), Is.EqualTo(bytes.Length));
                Assert.That(f.GetProperty("sha256").GetString(), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(bytes))));
            }
        }

        var empty = Path.Combine(parent, "empty");
        Directory.CreateDirectory(empty);
        Assert.That(Runs.Rebalance(BaseUniverse.Path, empty, BaseUniverse.Args).ExitCode, Is.EqualTo(CliApp.Success), "an empty folder may be --out");
        Assert.That(File.Exists(Path.Combine(empty, "constituents.csv")));

        // The engine's own output is replaced as a whole by the next run.
        var again = Runs.Rebalance(BaseUniverse.Path, fresh, [.. BaseUniverse.Args, "--set", "selection.count=40"]);
        Assert.That(again.ExitCode, Is.EqualTo(CliApp.Success), again.ToString());
        Assert.That(OutputFiles.ReadCsv(Path.Combine(fresh, "constituents.csv")), Has.Count.EqualTo(40));
    }

    [Test]
    public void Engine_output_with_a_file_added_by_the_user_is_not_replaced()
    {
        var outDir = Path.Combine(RobustnessTemp.NewFolder("added"), "out");
        Assert.That(Runs.Rebalance(BaseUniverse.Path, outDir, BaseUniverse.Args).ExitCode, Is.EqualTo(CliApp.Success));
        File.WriteAllText(Path.Combine(outDir, "my-analysis.xlsx"), "user's work");
        var before = Tree.Of(outDir);

        var run = Runs.Rebalance(BaseUniverse.Path, outDir, BaseUniverse.Args);
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.BadInput), run.ToString());
        Assert.That(run.StdErr, Does.Contain("the engine wrote it, but it now also holds my-analysis.xlsx"));
        Assert.That(Tree.Of(outDir), Is.EqualTo(before));
    }

    [Test]
    public void A_manifest_the_engine_did_not_write_does_not_make_a_folder_replaceable()
    {
        var outDir = Path.Combine(RobustnessTemp.NewFolder("forged"), "out");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, OutputManifest.FileName), "{\"tool\": \"something else\", \"files\": []}");
        File.WriteAllText(Path.Combine(outDir, "data.csv"), "x\n");
        var before = Tree.Of(outDir);
        var run = Runs.Rebalance(BaseUniverse.Path, outDir, BaseUniverse.Args);
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.BadInput), run.ToString());
        Assert.That(run.StdErr, Does.Contain("is not a manifest the engine wrote"));
        Assert.That(Tree.Of(outDir), Is.EqualTo(before));
    }

    /// <summary>
    /// Twenty pairs of real processes start together on one --out, with two configs that give different
    /// outputs. Each pair ends with one complete output (exactly one config's files, manifest matching),
    /// never a mix, no crash, no staging left; a refused run names the lock file.
    /// </summary>
    [Test]
    public void Twenty_concurrent_pairs_on_one_out_end_with_a_complete_output()
    {
        var parent = RobustnessTemp.NewFolder("pairs");
        var outDir = Path.Combine(parent, "out");
        var configs = new[] { "selection.count=50", "selection.count=30" };
        var expected = configs.Select(set =>
        {
            var reference = Path.Combine(RobustnessTemp.NewFolder("pair-reference"), "out");
            var run = Runs.Rebalance(BaseUniverse.Path, reference, [.. BaseUniverse.Args, "--set", set]);
            Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), run.ToString());
            return OutputFiles.Snapshot(reference);
        }).ToArray();

        int refused = 0;
        for (int pair = 0; pair < 20; pair++)
        {
            var processes = configs.Select(set => Process.Start(Support.Cli.ProcessStart(null,
                ["rebalance", "--universe", BaseUniverse.Path, .. BaseUniverse.Args, "--set", set, "--out", outDir]))!).ToArray();
            var results = processes.Select(p =>
            {
                var stderr = p.StandardError.ReadToEndAsync();
                _ = p.StandardOutput.ReadToEndAsync();
                Assert.That(p.WaitForExit(TimeSpan.FromMinutes(2)), "the run ends");
                var r = (p.ExitCode, StdErr: stderr.Result);
                p.Dispose();
                return r;
            }).ToArray();

            foreach (var (code, stderr) in results)
            {
                Assert.That(code, Is.EqualTo(CliApp.Success).Or.EqualTo(CliApp.BadInput), $"pair {pair}: {stderr}");
                if (code == CliApp.BadInput)
                {
                    refused++;
                    Assert.That(stderr, Does.Contain(Path.Combine(parent, ".out.lock")).And.Contain("another indexengine run"), $"pair {pair}");
                }
            }
            Assert.That(results.Count(r => r.ExitCode == CliApp.Success), Is.GreaterThan(0), $"pair {pair}: one run wins");

            var now = OutputFiles.Snapshot(outDir);
            Assert.That(expected.Any(e => Same(e, now)), $"pair {pair}: --out holds exactly one config's complete output");
            var listed = OutputManifest.ReadFiles(Path.Combine(outDir, OutputManifest.FileName));
            Assert.That(listed, Is.EquivalentTo(now.Keys), $"pair {pair}: the manifest lists the files");
            Assert.That(Directory.GetFileSystemEntries(parent).Select(Path.GetFileName).Order(StringComparer.Ordinal),
                Is.EqualTo(new[] { ".out.lock", "out" }), $"pair {pair}: no staging left");
        }
        TestContext.Out.WriteLine($"{refused} of 40 runs were refused by the lock");
    }

    private static bool Same(Dictionary<string, byte[]> a, Dictionary<string, byte[]> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var other) && other.AsSpan().SequenceEqual(p.Value));
}

/// <summary>A folder tree as "path → kind and content hash", symbolic links not followed: equal trees hold the same bytes.</summary>
internal static class Tree
{
    public static SortedDictionary<string, string> Of(string root)
    {
        var tree = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Walk(DirectoryInfo dir)
        {
            foreach (var info in dir.EnumerateFileSystemInfos())
            {
                var relative = Path.GetRelativePath(root, info.FullName);
                if (info.LinkTarget is { } link) tree[relative] = "link " + link;
                else if (info is DirectoryInfo sub)
                {
                    tree[relative] = "dir";
                    Walk(sub);
                }
                else tree[relative] = "file " + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(info.FullName)));
            }
        }
        Walk(new DirectoryInfo(root));
        return tree;
    }
}
