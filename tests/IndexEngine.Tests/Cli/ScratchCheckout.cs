using System.Diagnostics;
using System.Runtime.Versioning;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Cli;

/// <summary>
/// A scratch copy of the repository's shell scripts (./indexengine, scripts/publish) with a src/ and config/
/// whose times a test sets, and small executables in place of the binaries and of `dotnet`, which records its
/// arguments in <see cref="DotnetCalls"/> and exits with DOTNET_EXIT (0 by default); as `dotnet publish` it
/// writes a fake published folder (a binary printing "9.9.9+fake", its .dbg, ParquetSharpNative.so, config/).
/// The scripts run for real, by bash.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class ScratchCheckout
{
    public static readonly DateTime Sources = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    public ScratchCheckout(params string[] scripts)
    {
        Root = TestPaths.NewTempDirectory();
        foreach (var script in scripts)
        {
            var path = Path.Combine(Root, script);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Copy(Path.Combine(TestPaths.RepoRoot, script), path);
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }
        Source("src/IndexEngine.Cli/Program.cs");
        Source("config/default.json");
        Source("Directory.Build.props");
        Source("global.json");
        Bin = Path.Combine(Root, "fakebin");
        Executable(Path.Combine(Bin, "dotnet"), """
            echo "$@" >> "$(dirname "$0")/dotnet.calls"
            if [ "$1" = publish ]; then
              out=""; prev=""
              for a in "$@"; do [ "$prev" = "-o" ] && out="$a"; prev="$a"; done
              mkdir -p "$out/config"
              printf '#!/bin/sh\necho 9.9.9+fake\n' > "$out/indexengine"; chmod +x "$out/indexengine"
              echo so > "$out/ParquetSharpNative.so"; echo dbg > "$out/indexengine.dbg"; echo '{}' > "$out/config/default.json"
            fi
            exit ${DOTNET_EXIT:-0}
            """);
    }

    public string Root { get; }
    public string Bin { get; }
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

    /// <summary>A binary that prints its name and arguments, one per line, and exits 7; with a stamp beside it
    /// (<see cref="PublishedBinary.StampName"/>) of the given time.</summary>
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

    /// <summary>Runs one of the copied scripts with bash, the fake `dotnet` first on PATH.</summary>
    public CliResult Run(string script, IReadOnlyDictionary<string, string>? environment = null, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(Root, script));
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
