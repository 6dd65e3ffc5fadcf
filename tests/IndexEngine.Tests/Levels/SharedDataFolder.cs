using NUnit.Framework;

namespace IndexEngine.Tests.Levels;

/// <summary>Locates the read-only real data (<c>&lt;repo&gt;/../shared</c>) by walking up from the test folder.</summary>
internal static class SharedDataFolder
{
    public static string? Root()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (File.Exists(Path.Combine(candidate, "METHODOLOGY.md"))) return candidate;
        }
        return null;
    }

    public static string RequireFile(string relative)
    {
        var root = Root();
        if (root is null) Assert.Ignore("../shared absent: the real-data test needs <repo>/../shared/METHODOLOGY.md and data.");
        var path = Path.Combine(root!, relative);
        if (!File.Exists(path) && !Directory.Exists(path)) Assert.Ignore($"../shared absent: {path} not found.");
        return path;
    }
}
