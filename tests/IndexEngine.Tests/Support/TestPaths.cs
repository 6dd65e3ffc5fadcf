namespace IndexEngine.Tests.Support;

/// <summary>Where the repository, the shipped universe and the shared real data are.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string DefaultUniverse => Path.Combine(RepoRoot, "universes", "default");

    public static string Config(string name) => Path.Combine(RepoRoot, "config", name);

    /// <summary>../shared beside the repository (real data); null when absent.</summary>
    public static string? Shared
    {
        get
        {
            var shared = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
            return File.Exists(Path.Combine(shared, "METHODOLOGY.md")) ? shared : null;
        }
    }

    /// <summary>A folder of ../shared/data, or an ignored test when ../shared is not beside the repository.</summary>
    public static string SharedData(string relative)
    {
        var shared = Shared;
        if (shared is null)
            Assert.Ignore($"../shared is absent beside {RepoRoot}: the real-data test needs ../shared/data/{relative}");
        return Path.Combine(shared!, "data", relative);
    }

    public static string NewTempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "indexengine-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "IndexEngine.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("IndexEngine.sln not found above " + AppContext.BaseDirectory);
    }
}
