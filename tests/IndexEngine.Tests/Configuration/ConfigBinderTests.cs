using System.Text.Json.Nodes;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;
using IndexEngine.Tests.Methodology;
using NUnit.Framework;

namespace IndexEngine.Tests.Configuration;

/// <summary>config/default.json binding, <c>--set</c> overrides of each kind, validation naming the key, and overlays.</summary>
[TestFixture]
public sealed class ConfigBinderTests
{
    private static JsonObject DefaultTree() => TestConfigs.LoadTree("default.json");

    private static MethodologyConfig Bind(params string[] overrides) => ConfigBinder.Bind(DefaultTree(), overrides);

    private static ConfigException BindFails(params string[] overrides)
    {
        var error = Assert.Throws<ConfigException>(() => Bind(overrides));
        return error!;
    }

    [Test]
    public void Defaults_bind_to_the_methodology_numbers()
    {
        var c = Bind();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(c.Data.UnknownIds, Is.EqualTo(UnknownIdPolicy.Error));
            Assert.That(c.Eligibility.Countries, Is.EqualTo(new[] { "US" }));
            Assert.That(c.Eligibility.Types, Is.EqualTo(new[] { "common", "reit", "tracking", "holding" }));
            Assert.That(c.Eligibility.MinAdv, Is.EqualTo(1_000_000));
            Assert.That((c.Eligibility.AdvDays, c.Eligibility.AdvPeriods), Is.EqualTo((63, 3)));
            Assert.That(c.Technical, Is.EqualTo(new TechnicalConfig(252, 200, 5, 21, 252, 126, 252)));
            Assert.That(c.UniverseSize, Is.EqualTo(800));
            Assert.That(c.MarketSource, Is.EqualTo(MarketSource.Universe));
            Assert.That(c.Factors.Select(f => f.Name), Is.EqualTo(new[] { "value", "quality", "momentum", "low_correlation" }));
            Assert.That(c.Factors[0].Metrics.Select(m => m.Name), Is.EqualTo(new[] { "earnings_yield", "book_to_price", "sales_to_price" }));
            Assert.That(c.Factors[1].Metrics.Select(m => m.Name), Is.EqualTo(new[] { "roe", "roa", "roe_change", "roa_change" }));
            Assert.That(c.Factors[2].Metrics.Select(m => m.Name), Is.EqualTo(new[] { "mom_12_1", "mom_6_1" }));
            Assert.That(c.Factors[3].Metrics, Is.EqualTo(new[] { new MetricDefinition("corr_market", -1, 1) }));
            Assert.That(c.Factors.Select(f => f.Weight), Is.All.EqualTo(0.25));
            Assert.That(c.Factors.SelectMany(f => f.Metrics).Where(m => m.Name != "corr_market").Select(m => m.Direction), Is.All.EqualTo(1));
            Assert.That(c.Scoring, Is.EqualTo(new ScoringConfig(3, 3, 3)));
            Assert.That(c.Selection, Is.EqualTo(new SelectionConfig(200, null, null)));
            Assert.That(c.Weighting, Is.EqualTo(new WeightingConfig(0.5, null, 0.05)));
            Assert.That(c.Levels, Is.EqualTo(new LevelsConfig(200, 5)));
            Assert.That(c.Statistics, Is.EqualTo(new StatisticsConfig(252, 0)));
        }
    }

    [Test]
    public void Set_of_each_kind()
    {
        var c = Bind(
            "selection.count=100",                                  // int
            "weighting.cfs_share=0.7",                              // double
            "weighting.sector_cap=0.3",                             // nullable double, set...
            "selection.buffer_rank=240",                            // nullable int
            "eligibility.countries=US,CA",                          // list
            "market.source=benchmark",                              // string
            "factors.value=earnings_yield,dividend_yield",           // map key: a factor's metrics
            "scoring.factor_weights.value=0.4",                     // map key: a factor weight
            "metrics.direction.dividend_yield=-1",                  // map key: a metric direction
            "metrics.weight.earnings_yield=2");                     // map key: a metric weight
        using (Assert.EnterMultipleScope())
        {
            Assert.That(c.Selection.Count, Is.EqualTo(100));
            Assert.That(c.Weighting.CfsShare, Is.EqualTo(0.7));
            Assert.That(c.Weighting.SectorCap, Is.EqualTo(0.3));
            Assert.That(c.Selection.BufferRank, Is.EqualTo(240));
            Assert.That(c.Eligibility.Countries, Is.EqualTo(new[] { "US", "CA" }));
            Assert.That(c.MarketSource, Is.EqualTo(MarketSource.Benchmark));
            Assert.That(c.Factors[0].Metrics, Is.EqualTo(new[] { new MetricDefinition("earnings_yield", 1, 2), new MetricDefinition("dividend_yield", -1, 1) }));
            Assert.That(c.Factors[0].Weight, Is.EqualTo(0.4));
            Assert.That(c.Factors[1].Weight, Is.EqualTo(0.25), "the other factor weights are untouched");
        }

        // ...and null again; the last assignment wins.
        var cleared = Bind("weighting.sector_cap=0.3", "weighting.sector_cap=null", "selection.fraction=0.25", "selection.fraction=null");
        Assert.That(cleared.Weighting.SectorCap, Is.Null);
        Assert.That(cleared.Selection.Fraction, Is.Null);
        Assert.That(Bind("eligibility.types=[\"common\",\"adr\"]").Eligibility.Types, Is.EqualTo(new[] { "common", "adr" }), "a JSON list");
    }

    [Test]
    public void An_unknown_key_suggests_the_nearest_valid_keys_or_lists_them_all()
    {
        var error = BindFails("selection.cuont=5");
        Assert.That(error.Key, Is.EqualTo("selection.cuont"));
        Assert.That(error.Message, Is.EqualTo("config key 'selection.cuont': unknown key; did you mean 'selection.count'?"));

        // A map section is matched with the mistyped key's last segment as the name.
        Assert.That(BindFails("scoring.factor_weight.value=1").Message, Does.EndWith("did you mean 'scoring.factor_weights.value'?"));
        Assert.That(ConfigBinder.NearestKeys("technical.momentum"), Is.EqualTo(new[] { "technical.momentum_long", "technical.momentum_skip", "technical.momentum_short" }),
            "at most three, nearest first, then in key order");
        Assert.That(ConfigBinder.NearestKeys("weighting.sectr_cap"), Is.EqualTo(new[] { "weighting.sector_cap" }));

        // Nothing near: every valid key is listed.
        var far = BindFails("zzz=5");
        foreach (var key in new[] { "selection.count", "weighting.security_cap", "factors.<name>", "scoring.factor_weights.<name>" })
            Assert.That(far.Message, Does.Contain(key));

        // An unknown key in the file is caught the same way.
        var tree = DefaultTree();
        tree["selection"]!["cuont"] = 5;
        var fromFile = Assert.Throws<ConfigException>(() => ConfigBinder.Bind(tree));
        Assert.That(fromFile!.Key, Is.EqualTo("selection.cuont"));
        Assert.That(fromFile.Message, Does.EndWith("did you mean 'selection.count'?"));
    }

    [Test]
    public void A_set_without_equals_says_how_to_write_it()
    {
        Assert.That(BindFails("selection.count").Message, Does.Contain("--set selection.count=VALUE"));
    }

    [TestCase("technical.window=25201", "technical.window")]
    [TestCase("technical.momentum_long=100000000", "technical.momentum_long")]
    [TestCase("eligibility.adv_days=2147483647", "eligibility.adv_days")]
    public void Day_counts_beyond_100_years_are_rejected(string assignment, string key)
    {
        var error = BindFails(assignment);
        Assert.That(error.Key, Is.EqualTo(key));
        Assert.That(error.Message, Does.Contain("<= 25200"));
    }

    [TestCase("selection.count=-1", "selection.count")]
    [TestCase("selection.count=0", "selection.count")]
    [TestCase("selection.count=2.5", "selection.count")]
    [TestCase("selection.count=abc", "selection.count")]
    [TestCase("weighting.security_cap=0.004", "weighting.security_cap")] // 0.004 × 200 = 0.8 < 1
    [TestCase("weighting.security_cap=0", "weighting.security_cap")]
    [TestCase("selection.fraction=1.5", "selection.fraction")]
    [TestCase("selection.fraction=0", "selection.fraction")]
    [TestCase("weighting.cfs_share=1.1", "weighting.cfs_share")]
    [TestCase("weighting.sector_cap=0", "weighting.sector_cap")]
    [TestCase("technical.min_observations=300", "technical.min_observations")] // > window 252
    [TestCase("eligibility.adv_periods=4", "eligibility.adv_periods")]          // 63 is not divisible by 4
    [TestCase("scoring.min_factors=5", "scoring.min_factors")]                  // only 4 factors
    [TestCase("metrics.direction.roe=2", "metrics.direction.roe")]
    [TestCase("data.unknown_ids=maybe", "data.unknown_ids")]
    [TestCase("scoring.factor_weights.value=-0.1", "scoring.factor_weights.value")]
    [TestCase("factors.quality=roe,earnings_yield", "factors.quality")]         // earnings_yield is already in value
    public void Bad_values_name_the_key(string assignment, string key)
    {
        Assert.That(BindFails(assignment).Key, Is.EqualTo(key));
    }

    [Test]
    public void Factor_weights_summing_to_zero_are_rejected()
    {
        var error = BindFails(
            "scoring.factor_weights.value=0", "scoring.factor_weights.quality=0",
            "scoring.factor_weights.momentum=0", "scoring.factor_weights.low_correlation=0");
        Assert.That(error.Key, Is.EqualTo("scoring.factor_weights"));
    }

    [Test]
    public void A_factor_without_a_weight_and_a_weight_without_a_factor_are_rejected()
    {
        Assert.That(BindFails("factors.size=vol").Key, Is.EqualTo("scoring.factor_weights.size"));
        Assert.That(BindFails("scoring.factor_weights.size=0.1").Key, Is.EqualTo("scoring.factor_weights.size"));
    }

    [Test]
    public void The_security_cap_check_waits_for_n_when_a_fraction_is_given()
    {
        // N depends on |U| with a fraction, so 0.004 cannot be judged here; the pipeline checks it (§7.4).
        var c = Bind("weighting.security_cap=0.004", "selection.fraction=0.5");
        Assert.That(c.Weighting.SecurityCap, Is.EqualTo(0.004));
        // cap × N exactly 1 is allowed: 0.005 × 200 = 1.
        Assert.That(Bind("weighting.security_cap=0.005").Weighting.SecurityCap, Is.EqualTo(0.005));
    }

    [Test]
    public void An_overlay_replaces_the_factors_map_and_keeps_everything_else()
    {
        var baseTree = DefaultTree();
        var overlay = TestConfigs.LoadTree("technical.json");
        var merged = ConfigBinder.Merge(baseTree, overlay);
        var c = ConfigBinder.Bind(merged);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(c.Factors.Select(f => f.Name), Is.EqualTo(new[] { "momentum", "low_correlation" }), "value and quality are gone, not merged");
            Assert.That(c.Factors.Select(f => f.Weight), Is.EqualTo(new[] { 0.5, 0.5 }));
            Assert.That(c.Scoring.MinFactors, Is.EqualTo(2));
            Assert.That(c.Scoring.ZClip, Is.EqualTo(3), "scoring keys the overlay does not name are kept");
            Assert.That(c.Factors[1].Metrics[0].Direction, Is.EqualTo(-1), "metrics.direction comes from the base");
            Assert.That(c.Selection.Count, Is.EqualTo(200));
            Assert.That(merged.ContainsKey("extends"), Is.False);
            Assert.That(baseTree["factors"]!.AsObject().Count, Is.EqualTo(4), "the base tree is not modified");
        }

        // A plain section merges key by key.
        var partial = ConfigBinder.Merge(baseTree, (JsonObject)JsonNode.Parse("""{ "selection": { "count": 50 } }""")!);
        Assert.That(ConfigBinder.Bind(partial).Selection, Is.EqualTo(new SelectionConfig(50, null, null)));
    }

    [Test]
    public void The_effective_config_round_trips_through_json()
    {
        var c = Bind("factors.value=earnings_yield,dividend_yield", "metrics.weight.dividend_yield=2", "weighting.sector_cap=0.3");
        var again = ConfigBinder.Bind(ConfigBinder.ToJson(c));
        Assert.That(ConfigBinder.ToJson(again).ToJsonString(), Is.EqualTo(ConfigBinder.ToJson(c).ToJsonString()));
        Assert.That(again.Factors[0].Metrics[1], Is.EqualTo(new MetricDefinition("dividend_yield", 1, 2)));
    }
}
