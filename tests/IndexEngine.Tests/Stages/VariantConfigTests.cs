using System.Globalization;
using System.Text.Json;
using IndexEngine.Tests.Support;
using NUnit.Framework;

namespace IndexEngine.Tests.Stages;

/// <summary>Every shipped variant config end to end: a backtest on the shipped default universe (always) and on
/// the point-in-time S&amp;P 500 data of ../shared (skipped when absent), each checked for what makes it the variant.</summary>
[TestFixture]
public sealed class VariantConfigTests
{
    /// <summary>The variants, with the overrides a ~1,000-name universe needs (the small-cap band 1,001–3,000
    /// does not exist there; 201 to the end of U stands in for it).</summary>
    private static readonly (string Config, string[] Set)[] Variants =
    [
        ("small-cap-quality-trend.json", ["universe.rank_from=201", "universe.rank_to=800"]),
        ("dividend-tilt.json", []),
        ("equal-weight.json", []),
        ("modified-equal-weight.json", []),
        ("cap-weight.json", []),
        ("monthly.json", []),
        ("semi-annual.json", []),
    ];

    private static IEnumerable<TestCaseData> Cases() => Variants.Select(v => new TestCaseData(v.Config, v.Set).SetName("Variant_" + v.Config));

    [Test]
    public void Every_variant_config_in_the_config_folder_is_tested()
    {
        var shipped = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "config"), "*.json").Select(Path.GetFileName)
            .Except(["default.json", "technical.json"]).Order(StringComparer.Ordinal);
        Assert.That(shipped, Is.EqualTo(Variants.Select(v => v.Config).Order(StringComparer.Ordinal)));
    }

    [TestCaseSource(nameof(Cases))]
    public void On_the_default_universe(string config, string[] set)
    {
        var outDir = Backtest(TestPaths.DefaultUniverse, config, set, "2016-01-01", "2017-11-10", "selection.fraction=0.25");
        CheckVariant(config, outDir, rankFrom: 201);
    }

    [TestCaseSource(nameof(Cases))]
    public void On_the_point_in_time_sp500(string config, string[] set)
    {
        var universe = TestPaths.SharedData("sp500-pit");
        // ~500 names: the small-cap band is the smaller S&P 500 names, ranks 201–500.
        var bandSet = config.StartsWith("small-cap", StringComparison.Ordinal) ? new[] { "universe.rank_from=201", "universe.rank_to=500" } : set;
        var outDir = Backtest(universe, config, bandSet, "2015-05-01", "2017-11-10", "universe.size=500", "selection.fraction=0.25");
        CheckVariant(config, outDir, rankFrom: 201);
    }

    private static string Backtest(string universe, string config, string[] set, string from, string to, params string[] extra)
    {
        var outDir = Path.Combine(TestPaths.NewTempDirectory(), "bt");
        var args = new List<string> { "backtest", "--universe", universe, "--config", TestPaths.Config(config), "--from", from, "--to", to, "--out", outDir };
        foreach (var s in extra.Concat(set)) args.AddRange(["--set", s]);
        var run = Support.Cli.Run([.. args]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        return outDir;
    }

    private static void CheckVariant(string config, string outDir, int rankFrom)
    {
        var rebalances = OutputFiles.ReadCsv(Path.Combine(outDir, "rebalances.csv"));
        Assert.That(rebalances, Is.Not.Empty);
        using var stats = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "stats.json")));
        Assert.That(stats.RootElement.GetProperty("index").GetProperty("annualised_return").ValueKind, Is.EqualTo(JsonValueKind.Number));
        var screenings = rebalances.Select(r => DateOnly.ParseExact(r["screening"], "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();
        var effectives = rebalances.Select(r => DateOnly.ParseExact(r["effective"], "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();
        string Folder(int k) => Path.Combine(outDir, "rebalances", rebalances[k]["screening"]);
        var first = OutputFiles.ReadCsv(Path.Combine(Folder(0), "constituents.csv"));
        var weights = first.Select(c => OutputFiles.Number(c["weight"])).ToArray();
        Assert.That(weights.Sum(), Is.EqualTo(1).Within(1e-12));

        switch (config)
        {
            case "small-cap-quality-trend.json":
                var scores = OutputFiles.ReadCsv(Path.Combine(Folder(0), "scores.csv"));
                // The rankFrom - 1 largest eligible names are outside U, each saying so with its size rank.
                var universeCaps = scores.Where(s => s["in_universe"] == "true").Select(s => OutputFiles.Number(s["market_cap"])).ToArray();
                var aboveCaps = scores.Where(s => s["exclusion_reason"].Contains("outside the size band universe.rank_from 201", StringComparison.Ordinal)
                    && int.Parse(s["exclusion_reason"].Split("size rank ")[1].Split(' ')[0], CultureInfo.InvariantCulture) < rankFrom)
                    .Select(s => OutputFiles.Number(s["market_cap"])).ToArray();
                Assert.That(aboveCaps, Has.Length.EqualTo(rankFrom - 1));
                Assert.That(universeCaps.Max(), Is.LessThanOrEqualTo(aboveCaps.Min()), "every member of U is smaller than the names ranked above the band");
                Assert.That(scores[0].Keys, Has.Some.StartWith("score_quality").And.Some.StartWith("score_momentum").And.None.StartWith("score_value"));
                break;
            case "dividend-tilt.json":
                var header = File.ReadLines(Path.Combine(Folder(0), "scores.csv")).First();
                Assert.That(header, Does.Contain(",z_dividend_yield,"));
                using (var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder(0), "summary.json"))))
                    Assert.That(summary.RootElement.GetProperty("config").GetProperty("metrics").GetProperty("weight").GetProperty("dividend_yield").GetDouble(), Is.EqualTo(3));
                break;
            case "equal-weight.json":
                Assert.That(weights, Has.All.EqualTo(1.0 / weights.Length).Within(1e-15));
                break;
            case "modified-equal-weight.json":
                // Equal within a sector (members below the cap), so a sector's uncapped weights are one number.
                foreach (var sector in first.Where(c => OutputFiles.Number(c["weight"]) < 0.05 - 1e-12).GroupBy(c => c["sector"]))
                {
                    var w = sector.Select(c => OutputFiles.Number(c["weight"])).ToArray();
                    Assert.That(w, Has.All.EqualTo(w[0]).Within(1e-12), sector.Key);
                }
                Assert.That(weights.Max() - weights.Min(), Is.GreaterThan(1e-6), "sectors at their targets, not 1/N overall as equal weight would be");
                break;
            case "cap-weight.json":
                // Cap weights, with a capped member's excess handed to its sector's uncapped members in
                // proportion to their weights: within a sector, weight / market cap is one number.
                foreach (var sector in first.Where(c => OutputFiles.Number(c["weight"]) < 0.05 - 1e-12).GroupBy(c => c["sector"]))
                {
                    var ratios = sector.Select(c => OutputFiles.Number(c["weight"]) / OutputFiles.Number(c["market_cap"])).ToArray();
                    Assert.That(ratios, Has.All.EqualTo(ratios[0]).Within(1e-9).Percent, sector.Key);
                }
                Assert.That(weights, Has.All.LessThanOrEqualTo(0.05 + 1e-12));
                break;
            case "monthly.json":
                // One screening a month, each the month after the previous; effective the next trading day.
                Assert.That(screenings.Zip(screenings.Skip(1)).All(p => (p.Second.Year * 12 + p.Second.Month) - (p.First.Year * 12 + p.First.Month) == 1), string.Join(", ", screenings));
                Assert.That(effectives.Zip(screenings).All(p => p.First > p.Second && p.First.DayNumber - p.Second.DayNumber <= 4));
                break;
            case "semi-annual.json":
                Assert.That(screenings.Select(s => s.Month), Has.All.AnyOf(5, 11));
                Assert.That(effectives.Select(e => e.Day), Has.All.InRange(15, 21), "the third Friday (or the day before it)");
                break;
            default:
                Assert.Fail($"no check for {config}");
                break;
        }
    }
}
