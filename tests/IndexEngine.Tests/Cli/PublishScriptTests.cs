using System.Runtime.Versioning;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Cli;

/// <summary>
/// scripts/publish, run for real by bash in a <see cref="ScratchCheckout"/> whose `dotnet publish` writes a fake
/// published folder: the publish command, the stamp the launcher reads, and the install to a prefix, which
/// replaces only what it installed itself.
/// </summary>
[TestFixture]
[UnsupportedOSPlatform("windows")] // a bash script, run by bash
public sealed class PublishScriptTests
{
    private const string Script = "scripts/publish";

    [Test]
    public void Publish_IsNativeAotForThisMachine_AndStampsTheFolder()
    {
        var c = new ScratchCheckout(Script);
        var before = DateTime.UtcNow.AddSeconds(-1);
        var run = c.Run(Script);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        string rid = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        Assert.That(File.ReadAllText(c.DotnetCalls), Is.EqualTo(
            $"publish {c.Root}/src/IndexEngine.Cli -c Release -r {rid} -p:PublishAot=true -o {c.Root}/artifacts/publish -nologo\n"));
        var stamp = Path.Combine(c.Root, "artifacts/publish", PublishedBinary.StampName);
        Assert.That(File.GetLastWriteTimeUtc(stamp), Is.GreaterThan(before), "the stamp has the time the publish started");
        Assert.That(run.StdOut, Does.Contain($"published (aot, {rid})"));
    }

    [Test]
    public void R2r_IsFrameworkDependentReadyToRun()
    {
        var c = new ScratchCheckout(Script);
        var run = c.Run(Script, null, "--r2r");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(File.ReadAllText(c.DotnetCalls), Does.Contain("-p:PublishReadyToRun=true --self-contained false -o "));
    }

    [Test]
    public void FailedPublish_WritesNoStamp()
    {
        var c = new ScratchCheckout(Script);
        var run = c.Run(Script, new Dictionary<string, string> { ["DOTNET_EXIT"] = "1" });
        Assert.That(run.ExitCode, Is.Not.EqualTo(0), run.ToString());
        Assert.That(File.Exists(Path.Combine(c.Root, "artifacts/publish", PublishedBinary.StampName)), Is.False);
    }

    [Test]
    public void UnknownOption_IsExit2_WithTheUsage()
    {
        var c = new ScratchCheckout(Script);
        var run = c.Run(Script, null, "--prefx", "/tmp");
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.StdErr, Does.Contain("unknown option '--prefx'").And.Contain("--prefix ~/.local"));
        Assert.That(File.Exists(c.DotnetCalls), Is.False, "nothing published");
    }

    [Test]
    public void Prefix_InstallsTheFolderWithoutSymbols_LinkedFromBin_AndReinstallsOverItself()
    {
        var c = new ScratchCheckout(Script);
        var prefix = Path.Combine(c.Root, "prefix");
        var first = c.Run(Script, null, "--prefix", prefix);
        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        var lib = Path.Combine(prefix, "lib/indexengine");
        var link = Path.Combine(prefix, "bin/indexengine");
        Assert.That(new FileInfo(link).LinkTarget, Is.EqualTo(Path.Combine(lib, "indexengine")));
        Assert.That(Directory.GetFileSystemEntries(lib).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Is.EqualTo(new[] { ".installed-by-scripts-publish", "ParquetSharpNative.so", "config", "indexengine" }));
        Assert.That(first.StdOut, Does.EndWith("9.9.9+fake\n"), "the installed link runs");

        File.WriteAllText(Path.Combine(lib, "left-over"), "");
        var second = c.Run(Script, null, "--prefix", prefix);
        Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());
        Assert.That(File.Exists(Path.Combine(lib, "left-over")), Is.False, "the folder it installed is replaced as a whole");
        Assert.That(File.Exists(Path.Combine(lib, "indexengine")), Is.True);
    }

    [TestCase("lib/indexengine/theirs.txt", "was not installed by this script")]
    [TestCase("bin/indexengine", "is not this script's link")]
    public void Prefix_HoldingWhatItDidNotInstall_IsRefused_AndLeftAlone(string theirs, string message)
    {
        var c = new ScratchCheckout(Script);
        var prefix = Path.Combine(c.Root, "prefix");
        var file = Path.Combine(prefix, theirs);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "keep");
        var run = c.Run(Script, null, "--prefix", prefix);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.StdErr, Does.Contain(message));
        Assert.That(File.ReadAllText(file), Is.EqualTo("keep"));
        Assert.That(Directory.GetFiles(prefix, "*", SearchOption.AllDirectories), Is.EqualTo(new[] { file }), "nothing installed");
    }
}
