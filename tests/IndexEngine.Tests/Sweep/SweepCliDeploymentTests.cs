using System.Text.RegularExpressions;
using IndexEngine.Data.Sweep;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Sweep;

/// <summary>The shipped grids and deployment files agree with the engine and with themselves.</summary>
[TestFixture]
public sealed class SweepCliDeploymentTests
{
    [TestCase("example.json", 11)]
    [TestCase("sp500-pit-100.json", 100)]
    public void Shipped_Grids_Load_And_Every_Variant_Binds(string name, int variants)
    {
        var grid = SweepGrid.Load(Path.Combine(TestPaths.RepoRoot, "config", "sweeps", name));
        Assert.That(grid.Bind(), Has.Count.EqualTo(variants));
    }

    [Test]
    public void Kubernetes_Job_Shard_Count_Agrees_Everywhere()
    {
        var yaml = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "deploy", "kubernetes", "sweep-job.yaml"));
        var documents = yaml.Split("\n---\n");
        Assert.That(documents, Has.Length.EqualTo(3), "volume claim, shard job, merge job");
        var shards = documents[1];
        Assert.That(shards, Does.Contain("completionMode: Indexed"));
        int completions = int.Parse(Regex.Match(shards, @"\n  completions: (\d+)").Groups[1].Value);
        int parallelism = int.Parse(Regex.Match(shards, @"\n  parallelism: (\d+)").Groups[1].Value);
        int count = int.Parse(Regex.Match(shards, @"name: SHARDS\s+value: ""(\d+)""").Groups[1].Value);
        Assert.That((parallelism, count), Is.EqualTo((completions, completions)));
        Assert.That(shards, Does.Contain("--shard \"${JOB_COMPLETION_INDEX}/${SHARDS}\"").And.Contain("--out \"/data/shards/shard-${JOB_COMPLETION_INDEX}\""));
        var merged = Regex.Matches(documents[2], @"- /data/shards/shard-(\d+)\n").Select(m => int.Parse(m.Groups[1].Value));
        Assert.That(merged, Is.EqualTo(Enumerable.Range(0, completions)), "the merge lists every shard once");
        Assert.That(Regex.Matches(yaml, @"image: (\S+)").Select(m => m.Groups[1].Value).Distinct(), Is.EqualTo(new[] { "indexengine:latest" }));
    }

    [Test]
    public void Dockerfile_Restores_Every_Project_The_Cli_Needs()
    {
        var dockerfile = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "deploy", "container", "Dockerfile"));
        foreach (var project in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(TestPaths.RepoRoot, project).Replace('\\', '/');
            Assert.That(dockerfile, Does.Contain($"COPY {relative} "), relative);
        }
        Assert.That(dockerfile, Does.Contain("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build").And.Contain("FROM mcr.microsoft.com/dotnet/runtime:10.0"));
    }
}
