using IndexEngine.Core.Model;
using IndexEngine.Data.Output;

namespace IndexEngine.Tests.Robustness;

/// <summary>The <see cref="OutputFolder"/> API that every folder-writing command uses: lock, stale staging, commit re-check.</summary>
[TestFixture]
public sealed class OutputFolderTests
{
    [Test]
    public void A_second_writer_of_the_same_target_is_refused_naming_the_lock_until_the_first_is_done()
    {
        var parent = RobustnessTemp.NewFolder("lock");
        var target = OutputTarget.Out("test", Path.Combine(parent, "out"));
        using (var first = OutputFolder.Begin(target))
        {
            var refused = Assert.Throws<InputException>(() => OutputFolder.Begin(target))!;
            Assert.That(refused.Message, Does.Contain(Path.Combine(parent, ".out.lock")).And.Contain("another indexengine run"));
            first.Write(dir => File.WriteAllText(Path.Combine(dir, "a.txt"), "first"));
            first.Commit();
        }
        using (var second = OutputFolder.Begin(target))
        {
            second.Write(dir => File.WriteAllText(Path.Combine(dir, "a.txt"), "second"));
            second.Commit();
        }
        Assert.That(File.ReadAllText(Path.Combine(parent, "out", "a.txt")), Is.EqualTo("second"));
    }

    [Test]
    public void Begin_removes_only_the_engines_own_stale_staging_of_that_target()
    {
        var parent = RobustnessTemp.NewFolder("stale");
        string[] stale = [$".out.tmp-{Guid.NewGuid():N}", $".out.tmp-{Guid.NewGuid():N}"];
        string[] kept = [".out.tmp-mine", $".other.tmp-{Guid.NewGuid():N}", $".out.tmp-{Guid.NewGuid():N}x", "out.tmp-0123"];
        foreach (var name in stale.Concat(kept))
        {
            Directory.CreateDirectory(Path.Combine(parent, name));
            File.WriteAllText(Path.Combine(parent, name, "f.txt"), name);
        }

        using (var folder = OutputFolder.Begin(OutputTarget.Out("test", Path.Combine(parent, "out"))))
        {
            foreach (var name in stale) Assert.That(Directory.Exists(Path.Combine(parent, name)), Is.False, name);
            folder.Write(dir => File.WriteAllText(Path.Combine(dir, "a.txt"), "x"));
            folder.Commit();
        }
        Assert.That(Directory.GetFileSystemEntries(parent).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Is.EqualTo(kept.Concat([".out.lock", "out"]).Order(StringComparer.Ordinal)));
    }

    [Test]
    public void A_file_put_into_the_target_during_the_run_stops_the_commit_and_stays()
    {
        var parent = RobustnessTemp.NewFolder("meanwhile");
        var target = OutputTarget.Out("test", Path.Combine(parent, "out"));
        using (var first = OutputFolder.Begin(target))
        {
            first.Write(dir => File.WriteAllText(Path.Combine(dir, "a.txt"), "old"));
            first.Commit();
        }
        using (var run = OutputFolder.Begin(target))
        {
            run.Write(dir => File.WriteAllText(Path.Combine(dir, "a.txt"), "new"));
            File.WriteAllText(Path.Combine(parent, "out", "draft.txt"), "the user's");
            var refused = Assert.Throws<InputException>(run.Commit)!;
            Assert.That(refused.Message, Does.Contain("draft.txt"));
        }
        Assert.That(File.ReadAllText(Path.Combine(parent, "out", "a.txt")), Is.EqualTo("old"));
        Assert.That(File.ReadAllText(Path.Combine(parent, "out", "draft.txt")), Is.EqualTo("the user's"));
        Assert.That(Directory.GetFileSystemEntries(parent).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Is.EqualTo(new[] { ".out.lock", "out" }), "the staging folder is removed");
    }

    [Test]
    public void Commit_writes_a_manifest_listing_nested_files()
    {
        var parent = RobustnessTemp.NewFolder("nested");
        using (var folder = OutputFolder.Begin(OutputTarget.Out("test", Path.Combine(parent, "out"))))
        {
            folder.Write(dir =>
            {
                Directory.CreateDirectory(Path.Combine(dir, "sub", "deeper"));
                File.WriteAllText(Path.Combine(dir, "top.txt"), "1");
                File.WriteAllText(Path.Combine(dir, "sub", "deeper", "leaf.txt"), "2");
            });
            folder.Commit();
        }
        Assert.That(OutputManifest.ReadFiles(Path.Combine(parent, "out", OutputManifest.FileName)),
            Is.EquivalentTo(new[] { "sub/deeper/leaf.txt", "top.txt" }));
    }
}

/// <summary><see cref="OutputFile"/>: the single-file output (stats --out) under the same lock and stale-file rules.</summary>
[TestFixture]
public sealed class OutputFileTests
{
    [Test]
    public void Writes_under_the_lock_and_removes_only_its_own_stale_temporary_files()
    {
        var folder = RobustnessTemp.NewFolder("single");
        var target = OutputTarget.Out("test", Path.Combine(folder, "stats.json"));
        var stale = Path.Combine(folder, $".stats.json.tmp-{Guid.NewGuid():N}");
        var lookalike = Path.Combine(folder, ".stats.json.tmp-mine");
        File.WriteAllText(stale, "{ half");
        File.WriteAllText(lookalike, "mine");

        Assert.That(OutputFile.WriteAllText(target, "{}\n"), Is.EqualTo(Path.Combine(folder, "stats.json")));
        Assert.That(File.ReadAllText(Path.Combine(folder, "stats.json")), Is.EqualTo("{}\n"));
        Assert.That(Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Is.EqualTo(new[] { ".stats.json.lock", ".stats.json.tmp-mine", "stats.json" }));

        using (new FileStream(Path.Combine(folder, ".stats.json.lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var refused = Assert.Throws<InputException>(() => OutputFile.WriteAllText(target, "{ \"other\": 1 }\n"))!;
            Assert.That(refused.Message, Does.Contain(".stats.json.lock"));
        }
        Assert.That(File.ReadAllText(Path.Combine(folder, "stats.json")), Is.EqualTo("{}\n"), "the refused write changed nothing");
    }

    [Test]
    public void An_input_of_the_run_is_never_the_output_even_through_a_symlink()
    {
        var folder = RobustnessTemp.NewFolder("single-input");
        var series = Path.Combine(folder, "s.csv");
        File.WriteAllText(series, "date,close\n");
        var link = Path.Combine(folder, "alias.csv");
        File.CreateSymbolicLink(link, series);
        var target = new OutputTarget("--out", series, "stats", [new InputPath("--series", link)]);
        var refused = Assert.Throws<InputException>(() => OutputFile.WriteAllText(target, "{}"))!;
        Assert.That(refused.Message, Does.Contain("is the input --series"));
        Assert.That(File.ReadAllText(series), Is.EqualTo("date,close\n"));
    }
}
