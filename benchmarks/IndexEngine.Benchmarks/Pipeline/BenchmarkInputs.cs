namespace IndexEngine.Benchmarks.Pipeline;

/// <summary>Where the shipped universe and the real data are, found from the benchmark's working folder.</summary>
internal static class BenchmarkInputs
{
    public static string RepoRoot
    {
        get
        {
            foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                    if (File.Exists(Path.Combine(dir.FullName, "IndexEngine.sln"))) return dir.FullName;
            throw new InvalidOperationException("IndexEngine.sln not found above the working folder; run the benchmarks from the repository.");
        }
    }

    public static string DefaultUniverse => Path.Combine(RepoRoot, "universes", "default");

    public static string RealUniverse
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data", "sp500-2017"));
            return Directory.Exists(path) ? path : throw new InvalidOperationException($"the real data is not at {path} (../shared beside the repository)");
        }
    }
}
