using System.Text.Json.Nodes;
using IndexEngine.Core.Configuration;
using NUnit.Framework;

namespace IndexEngine.Tests.Methodology;

/// <summary>Methodology configs for tests: the repository's config/default.json, or hand-built records.</summary>
internal static class TestConfigs
{
    /// <summary>The repository root: the first folder above the test binaries holding IndexEngine.sln.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "IndexEngine.sln"))) return dir.FullName;
            throw new InvalidOperationException("IndexEngine.sln not found above " + TestContext.CurrentContext.TestDirectory);
        }
    }

    public static JsonObject LoadTree(string fileName) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "config", fileName)))!;

    /// <summary>config/default.json with <c>--set</c> style overrides.</summary>
    public static MethodologyConfig Default(params string[] overrides) => ConfigBinder.Bind(LoadTree("default.json"), overrides);

    /// <summary>The default technical parameters (§2, §4): W = 252, 200 returns, 5 fallback days, momentum 21/252/126.</summary>
    public static TechnicalConfig Technical(
        int window = 252, int minObservations = 200, int closeFallbackDays = 5,
        int momentumSkip = 21, int momentumLong = 252, int momentumShort = 126, double annualisation = 252) =>
        new(window, minObservations, closeFallbackDays, momentumSkip, momentumLong, momentumShort, annualisation);

    /// <summary>The default screens of §3: US; common, reit, tracking, holding; ADV 1,000,000 over 3 × 21 days.</summary>
    public static EligibilityConfig Eligibility(double minAdv = 1_000_000) =>
        new(["US"], ["common", "reit", "tracking", "holding"], minAdv, 63, 3);
}
