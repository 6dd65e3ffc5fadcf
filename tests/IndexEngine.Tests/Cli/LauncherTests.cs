using System.Runtime.Versioning;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Cli;

/// <summary>
/// The ./indexengine launcher at the repository root, run for real by bash in a <see cref="ScratchCheckout"/>:
/// which binary it runs for which source times, and when it builds.
/// </summary>
[TestFixture]
[UnsupportedOSPlatform("windows")] // a bash script, run by bash
public sealed class LauncherTests
{
    private static readonly DateTime Sources = ScratchCheckout.Sources;

    [Test]
    public void UpToDatePublishedBinary_RunsWithTheArgumentsAndExitCode_WithoutBuilding()
    {
        var c = new ScratchCheckout("indexengine");
        c.Binary(c.Published, "published", Sources.AddMinutes(1));
        c.Binary(c.Built, "built", Sources.AddMinutes(2));
        var run = c.Run("indexengine", null, "rebalance", "--out", "a folder");
        Assert.That(run.ExitCode, Is.EqualTo(7), run.ToString());
        Assert.That(run.StdOut, Is.EqualTo("published\n[rebalance]\n[--out]\n[a folder]\n"));
        Assert.That(run.StdErr, Is.Empty);
        Assert.That(File.Exists(c.DotnetCalls), Is.False, "no build");
    }

    [TestCase("src/IndexEngine.Data/New.cs")]
    [TestCase("config/default.json")]
    [TestCase("Directory.Build.props")]
    [TestCase("global.json")]
    public void SourceNewerThanThePublishedBinary_RunsTheUpToDateBuild(string changed)
    {
        var c = new ScratchCheckout("indexengine");
        c.Binary(c.Published, "published", Sources.AddMinutes(1));
        c.Binary(c.Built, "built", Sources.AddMinutes(3));
        c.Source(changed, Sources.AddMinutes(2));
        var run = c.Run("indexengine", null, "--version");
        Assert.That(run.StdOut, Is.EqualTo("built\n[--version]\n"), run.ToString());
        Assert.That(File.Exists(c.DotnetCalls), Is.False, "no build");
    }

    [Test]
    public void FilesUnderBinAndObj_AreNotSources()
    {
        var c = new ScratchCheckout("indexengine");
        c.Binary(c.Published, "published", Sources.AddMinutes(1));
        c.Source("src/IndexEngine.Core/obj/project.assets.json", Sources.AddMinutes(2));
        c.Source("src/IndexEngine.Core/bin/Release/net10.0/IndexEngine.Core.dll", Sources.AddMinutes(2));
        Assert.That(c.Run("indexengine").StdOut, Is.EqualTo("published\n"));
    }

    [Test]
    public void BinaryWithoutStamp_IsNotTrusted()
    {
        var c = new ScratchCheckout("indexengine");
        c.Binary(c.Published, "published", stamp: null);
        c.Binary(c.Built, "built", Sources.AddMinutes(1));
        Assert.That(c.Run("indexengine").StdOut, Is.EqualTo("built\n"));
    }

    [Test]
    public void NothingUpToDate_BuildsOnce_ThenRunsTheBuildWithoutBuildingAgain()
    {
        var c = new ScratchCheckout("indexengine");
        c.Binary(c.Published, "published", Sources.AddMinutes(-2));
        c.Binary(c.Built, "built", Sources.AddMinutes(-1));
        var first = c.Run("indexengine", null, "schedule");
        Assert.That(first.ExitCode, Is.EqualTo(7), first.ToString());
        Assert.That(first.StdOut, Is.EqualTo("built\n[schedule]\n"));
        Assert.That(first.StdErr, Does.Contain("building src/IndexEngine.Cli (Release)"));
        Assert.That(File.ReadAllText(c.DotnetCalls), Is.EqualTo($"build {c.Root}/src/IndexEngine.Cli -c Release -nologo -v quiet\n"));

        var second = c.Run("indexengine", null, "schedule");
        Assert.That(second.StdOut, Is.EqualTo("built\n[schedule]\n"));
        Assert.That(second.StdErr, Is.Empty);
        Assert.That(File.ReadAllLines(c.DotnetCalls), Has.Length.EqualTo(1), "built once");
    }

    [Test]
    public void FailedBuild_IsExit1_AndRunsNothing()
    {
        var c = new ScratchCheckout("indexengine");
        c.Binary(c.Built, "built", Sources.AddMinutes(-1));
        var run = c.Run("indexengine", new Dictionary<string, string> { ["DOTNET_EXIT"] = "1" }, "schedule");
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.StdOut, Is.Empty);
        Assert.That(run.StdErr, Does.Contain("the build failed"));
        // No stamp was written, so the next call tries again.
        Assert.That(File.GetLastWriteTimeUtc(Path.Combine(Path.GetDirectoryName(c.Built)!, PublishedBinary.StampName)), Is.LessThan(Sources));
    }
}
