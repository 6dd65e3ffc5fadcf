using System.Diagnostics;
using System.Runtime.Versioning;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Cli;

/// <summary>
/// The ./indexengine launcher at the repository root, run for real by bash in a scratch checkout: the real script,
/// a src/ and config/ whose times the test sets, and small executables in place of the published binary, the
/// Release build and `dotnet`, each saying that it ran and with which arguments.
/// </summary>
[TestFixture]
[UnsupportedOSPlatform("windows")] // a bash script, run by bash
public sealed class LauncherTests
{
    private static readonly DateTime Sources = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private sealed class Checkout
    {
        public Checkout()
        {
            Root = TestPaths.NewTempDirectory();
            File.Copy(Path.Combine(TestPaths.RepoRoot, "indexengine"), Launcher);
            File.SetUnixFileMode(Launcher, (UnixFileMode)0b111_101_101);
            Source("src/IndexEngine.Cli/Program.cs");
            Source("config/default.json");
            Source("Directory.Build.props");
            Source("global.json");
            Bin = Path.Combine(Root, "fakebin");
            Directory.CreateDirectory(Bin);
            // `dotnet build` succeeds (or exits with DOTNET_EXIT) and records its arguments.
            Executable(Path.Combine(Bin, "dotnet"), "echo \"$@\" >> \"$(dirname \"$0\")/dotnet.calls\"; exit ${DOTNET_EXIT:-0}");
        }

        public string Root { get; }
        public string Bin { get; }
        public string Launcher => Path.Combine(Root, "indexengine");
        public string Published => Path.Combine(Root, "artifacts/publish/indexengine");
        public string Built => Path.Combine(Root, "src/IndexEngine.Cli/bin/Release/net10.0/indexengine");
        public string DotnetCalls => Path.Combine(Bin, "dotnet.calls");

        public string Source(string relative, DateTime? time = null)
        {
            var path = Path.Combine(Root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "x");
            File.SetLastWriteTimeUtc(path, time ?? Sources);
            return path;
        }

        /// <summary>A binary that prints its name and arguments, one per line, and exits 7.</summary>
        public void Binary(string path, string name, DateTime? stamp)
        {
            Executable(path, $"echo {name}; for a in \"$@\"; do echo \"[$a]\"; done; exit 7");
            if (stamp is { } time)
            {
                var file = Path.Combine(Path.GetDirectoryName(path)!, PublishedBinary.StampName);
                File.WriteAllText(file, "");
                File.SetLastWriteTimeUtc(file, time);
            }
        }

        public CliResult Run(IReadOnlyDictionary<string, string>? environment = null, params string[] args)
        {
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Launcher);
            foreach (var a in args) start.ArgumentList.Add(a);
            start.Environment["PATH"] = Bin + ":" + Environment.GetEnvironmentVariable("PATH");
            if (environment is not null)
                foreach (var (k, v) in environment) start.Environment[k] = v;
            return Support.Cli.RunProcess(start);
        }

        private static void Executable(string path, string body)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }
    }

    [Test]
    public void UpToDatePublishedBinary_RunsWithTheArgumentsAndExitCode_WithoutBuilding()
    {
        var c = new Checkout();
        c.Binary(c.Published, "published", Sources.AddMinutes(1));
        c.Binary(c.Built, "built", Sources.AddMinutes(2));
        var run = c.Run(null, "rebalance", "--out", "a folder");
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
        var c = new Checkout();
        c.Binary(c.Published, "published", Sources.AddMinutes(1));
        c.Binary(c.Built, "built", Sources.AddMinutes(3));
        c.Source(changed, Sources.AddMinutes(2));
        var run = c.Run(null, "--version");
        Assert.That(run.StdOut, Is.EqualTo("built\n[--version]\n"), run.ToString());
        Assert.That(File.Exists(c.DotnetCalls), Is.False, "no build");
    }

    [Test]
    public void FilesUnderBinAndObj_AreNotSources()
    {
        var c = new Checkout();
        c.Binary(c.Published, "published", Sources.AddMinutes(1));
        c.Source("src/IndexEngine.Core/obj/project.assets.json", Sources.AddMinutes(2));
        c.Source("src/IndexEngine.Core/bin/Release/net10.0/IndexEngine.Core.dll", Sources.AddMinutes(2));
        Assert.That(c.Run().StdOut, Is.EqualTo("published\n"));
    }

    [Test]
    public void BinaryWithoutStamp_IsNotTrusted()
    {
        var c = new Checkout();
        c.Binary(c.Published, "published", stamp: null);
        c.Binary(c.Built, "built", Sources.AddMinutes(1));
        Assert.That(c.Run().StdOut, Is.EqualTo("built\n"));
    }

    [Test]
    public void NothingUpToDate_BuildsOnce_ThenRunsTheBuildWithoutBuildingAgain()
    {
        var c = new Checkout();
        c.Binary(c.Published, "published", Sources.AddMinutes(-2));
        c.Binary(c.Built, "built", Sources.AddMinutes(-1));
        var first = c.Run(null, "schedule");
        Assert.That(first.ExitCode, Is.EqualTo(7), first.ToString());
        Assert.That(first.StdOut, Is.EqualTo("built\n[schedule]\n"));
        Assert.That(first.StdErr, Does.Contain("building src/IndexEngine.Cli (Release)"));
        Assert.That(File.ReadAllText(c.DotnetCalls), Is.EqualTo($"build {c.Root}/src/IndexEngine.Cli -c Release -nologo -v quiet\n"));

        var second = c.Run(null, "schedule");
        Assert.That(second.StdOut, Is.EqualTo("built\n[schedule]\n"));
        Assert.That(second.StdErr, Is.Empty);
        Assert.That(File.ReadAllLines(c.DotnetCalls), Has.Length.EqualTo(1), "built once");
    }

    [Test]
    public void FailedBuild_IsExit1_AndRunsNothing()
    {
        var c = new Checkout();
        c.Binary(c.Built, "built", Sources.AddMinutes(-1));
        var run = c.Run(new Dictionary<string, string> { ["DOTNET_EXIT"] = "1" }, "schedule");
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.StdOut, Is.Empty);
        Assert.That(run.StdErr, Does.Contain("the build failed"));
        // No stamp was written, so the next call tries again.
        Assert.That(File.GetLastWriteTimeUtc(Path.Combine(Path.GetDirectoryName(c.Built)!, PublishedBinary.StampName)), Is.LessThan(Sources));
    }
}
