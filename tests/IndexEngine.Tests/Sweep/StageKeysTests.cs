using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology.Sweep;
using IndexEngine.Core.Model;
using IndexEngine.Tests.Methodology;
using NUnit.Framework;

namespace IndexEngine.Tests.Sweep;

/// <summary>
/// Each stage key holds exactly the config values its stage reads: flipping a key changes the keys of the stages
/// that read it (and of those built on them) and leaves every other stage's key equal, so variants share a result
/// only when it would be the same.
/// </summary>
public class StageKeysTests
{
    [Flags]
    public enum Stage { None = 0, Screen = 1, Universe = 2, Measure = 4, Factors = 8, CapWeighted = 16 }

    // A stage built on another differs whenever it does: screen ⊂ universe ⊂ measure ⊂ factors; universe ⊂ cap-weighted.
    private const Stage FromScreen = Stage.Screen | FromUniverse;
    private const Stage FromUniverse = Stage.Universe | Stage.Measure | Stage.Factors | Stage.CapWeighted;

    /// <summary>Every fixed config key, a value different from config/default.json's, and the stages whose keys must change.</summary>
    private static readonly (string Key, string Value, Stage Differs)[] Flips =
    [
        ("data.unknown_ids", "ignore", Stage.None), // read by the loader: a sweep's variants share one loaded universe
        ("eligibility.countries", "US,CA", FromScreen),
        ("eligibility.types", "common", FromScreen),
        ("eligibility.min_adv", "2000000", FromScreen),
        ("eligibility.adv_days", "60", FromScreen),
        ("eligibility.adv_periods", "1", FromScreen),
        ("technical.window", "250", FromScreen),
        ("technical.min_observations", "150", FromScreen),
        ("technical.close_fallback_days", "3", FromScreen),
        ("technical.momentum_skip", "10", FromScreen),
        ("technical.momentum_long", "250", FromScreen),
        ("technical.momentum_short", "120", FromScreen),
        ("technical.annualisation", "260", FromScreen),
        ("universe.size", "700", FromUniverse),
        ("universe.rank_from", "101", FromUniverse),
        ("universe.rank_to", "700", FromUniverse),
        ("schedule.screening_months", "3,6,9,12", Stage.CapWeighted),
        ("schedule.effective_rule", "next_trading_day", Stage.CapWeighted),
        ("market.source", "benchmark", Stage.Measure | Stage.Factors),
        ("metrics.max_age_days", "300", FromScreen),
        ("scoring.z_clip", "2.5", Stage.Factors),
        ("scoring.min_metric_count", "5", Stage.Factors),
        ("scoring.min_factors", "2", Stage.None),
        ("selection.count", "150", Stage.None),
        ("selection.fraction", "0.2", Stage.None),
        ("selection.buffer_rank", "250", Stage.None),
        ("weighting.scheme", "equal", Stage.None),
        ("weighting.cfs_share", "0.8", Stage.None),
        ("weighting.sector_cap", "0.3", Stage.None),
        ("weighting.security_cap", "0.03", Stage.None),
        ("levels.base_value", "100", Stage.CapWeighted),
        ("levels.max_stale_days", "3", Stage.CapWeighted),
        ("levels.max_missing_share", "0.1", Stage.CapWeighted),
        ("statistics.periods_per_year", "250", Stage.None),
        ("statistics.risk_free_rate", "0.01", Stage.None),
        // Costs and capacity are a post-process of a finished backtest: no stage reads them.
        ("costs.one_way_bps", "10", Stage.None),
        ("capacity.aum", "5e8", Stage.None),
        ("capacity.max_adv_fraction", "0.1", Stage.None),
    ];

    /// <summary>Keys with a single allowed value today: nothing to flip (a second value would need its row above).</summary>
    private static readonly string[] SingleValued = ["universe.rule", "levels.model"];

    private static readonly DateOnly From = new(2015, 1, 1), To = new(2017, 11, 10);
    private static readonly LevelSeries Benchmark = new([new DateOnly(2017, 1, 3)], [100.0]);

    public static IEnumerable<TestCaseData> FlipCases() =>
        Flips.Select(f => new TestCaseData(f.Key, f.Value, f.Differs).SetArgDisplayNames(f.Key));

    [TestCaseSource(nameof(FlipCases))]
    public void A_flipped_key_changes_exactly_the_keys_of_the_stages_reading_it(string key, string value, Stage differs)
    {
        var baseline = TestConfigs.Default();
        var flipped = TestConfigs.Default($"{key}={value}");
        Assert.That(Differing(baseline, flipped), Is.EqualTo(differs));
    }

    [Test]
    public void Every_fixed_config_key_has_a_flip_case()
    {
        var fixedKeys = ConfigBinder.ValidKeys.Where(k => !k.EndsWith(".<name>", StringComparison.Ordinal));
        Assert.That(Flips.Select(f => f.Key).Concat(SingleValued), Is.EquivalentTo(fixedKeys));
    }

    [Test]
    public void A_factors_metric_list_direction_or_metric_weight_changes_that_factors_key_only()
    {
        var baseline = TestConfigs.Default();
        foreach (var change in new[] { "factors.value=earnings_yield,book_to_price", "metrics.direction.book_to_price=-1", "metrics.weight.book_to_price=2" })
        {
            var changed = TestConfigs.Default(change);
            Assert.That(Differing(baseline, changed), Is.EqualTo(Stage.Factors), change);
            var measure = StageKeys.Measure(baseline, null);
            foreach (var factor in baseline.Factors)
            {
                var before = StageKeys.Factor(measure, factor, baseline.Scoring);
                var after = StageKeys.Factor(StageKeys.Measure(changed, null), changed.Factors.Single(f => f.Name == factor.Name), changed.Scoring);
                Assert.That(before == after, Is.EqualTo(factor.Name != "value"), $"{change}: factor {factor.Name}");
            }
        }
    }

    [Test]
    public void A_factors_weight_in_the_composite_is_not_read_by_its_scores()
    {
        var baseline = TestConfigs.Default();
        var reweighted = TestConfigs.Default("scoring.factor_weights.momentum=0.5");
        Assert.That(reweighted.Factors.Single(f => f.Name == "momentum").Weight, Is.Not.EqualTo(baseline.Factors.Single(f => f.Name == "momentum").Weight));
        Assert.That(Differing(baseline, reweighted), Is.EqualTo(Stage.None));
    }

    [Test]
    public void Keys_of_separately_bound_configs_compare_lists_by_content_and_hash_alike()
    {
        var a = TestConfigs.Default();
        var b = TestConfigs.Default();
        Assert.That(a.Eligibility.Countries, Is.Not.SameAs(b.Eligibility.Countries));
        Assert.That(a.Factors[0].Metrics, Is.Not.SameAs(b.Factors[0].Metrics));
        var keysA = Keys(a, null);
        var keysB = Keys(b, null);
        Assert.That(Flatten(keysA), Is.EqualTo(Flatten(keysB)));
        Assert.That(Flatten(keysA).Select(k => k.GetHashCode()), Is.EqualTo(Flatten(keysB).Select(k => k.GetHashCode())));
    }

    [Test]
    public void The_benchmark_series_is_part_of_the_measure_key_only_when_the_market_is_the_benchmark()
    {
        var other = new LevelSeries([new DateOnly(2017, 1, 3)], [100.0]); // equal values, another series object
        var universeMarket = TestConfigs.Default();
        Assert.That(StageKeys.Measure(universeMarket, Benchmark), Is.EqualTo(StageKeys.Measure(universeMarket, other)));
        Assert.That(StageKeys.Measure(universeMarket, Benchmark), Is.EqualTo(StageKeys.Measure(universeMarket, null)));
        var benchmarkMarket = TestConfigs.Default("market.source=benchmark");
        var again = TestConfigs.Default("market.source=benchmark");
        Assert.That(StageKeys.Measure(benchmarkMarket, Benchmark), Is.EqualTo(StageKeys.Measure(again, Benchmark)));
        Assert.That(StageKeys.Measure(benchmarkMarket, Benchmark), Is.Not.EqualTo(StageKeys.Measure(benchmarkMarket, other)));
    }

    [Test]
    public void The_cap_weighted_key_includes_the_backtest_range()
    {
        var config = TestConfigs.Default();
        Assert.That(StageKeys.CapWeighted(config, From, To), Is.EqualTo(StageKeys.CapWeighted(TestConfigs.Default(), From, To)));
        Assert.That(StageKeys.CapWeighted(config, From, To), Is.Not.EqualTo(StageKeys.CapWeighted(config, From.AddDays(1), To)));
        Assert.That(StageKeys.CapWeighted(config, From, To), Is.Not.EqualTo(StageKeys.CapWeighted(config, From, To.AddDays(-1))));
    }

    private static object[] Keys(MethodologyConfig config, LevelSeries? benchmark)
    {
        var measure = StageKeys.Measure(config, benchmark);
        return [StageKeys.Screen(config), StageKeys.Universe(config), measure,
            config.Factors.Select(f => StageKeys.Factor(measure, f, config.Scoring)).ToArray(), StageKeys.CapWeighted(config, From, To)];
    }

    private static IEnumerable<object> Flatten(object[] keys) => keys.SelectMany(k => k is object[] factors ? factors : [k]);

    private static Stage Differing(MethodologyConfig a, MethodologyConfig b)
    {
        var keysA = Keys(a, Benchmark);
        var keysB = Keys(b, Benchmark);
        var result = Stage.None;
        for (int k = 0; k < keysA.Length; k++)
        {
            bool equal = keysA[k] is object[] factorsA
                ? factorsA.SequenceEqual((object[])keysB[k])
                : keysA[k].Equals(keysB[k]);
            if (equal)
                Assert.That(keysA[k] is object[] fa ? fa.Select(f => f.GetHashCode()) : [keysA[k].GetHashCode()],
                    Is.EqualTo(keysB[k] is object[] fb ? fb.Select(f => f.GetHashCode()) : [keysB[k].GetHashCode()]), "equal keys hash alike");
            else
                result |= (Stage)(1 << k);
        }
        return result;
    }
}
