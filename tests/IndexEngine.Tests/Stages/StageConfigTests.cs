using System.Text.Json.Nodes;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;
using IndexEngine.Tests.Methodology;
using NUnit.Framework;

namespace IndexEngine.Tests.Stages;

/// <summary>The stage keys: universe.rule/rank_from/rank_to, schedule.*, weighting.scheme.</summary>
[TestFixture]
public sealed class StageConfigTests
{
    [Test]
    public void The_defaults_are_todays_rules()
    {
        var config = TestConfigs.Default();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(config.Universe, Is.EqualTo(UniverseRuleConfig.Default));
            Assert.That(config.Schedule.ScreeningMonths, Is.EqualTo(new[] { 2, 5, 8, 11 }));
            Assert.That(config.Schedule.EffectiveRule, Is.EqualTo(EffectiveRule.SecondFridayNextMonth));
            Assert.That(config.Weighting.Scheme, Is.EqualTo(WeightingScheme.Multifactor));
        }
    }

    [Test]
    public void A_config_without_the_stage_keys_binds_to_todays_rules()
    {
        var tree = TestConfigs.LoadTree("default.json");
        tree.Remove("schedule");
        ((JsonObject)tree["universe"]!).Remove("rule");
        ((JsonObject)tree["universe"]!).Remove("rank_from");
        ((JsonObject)tree["universe"]!).Remove("rank_to");
        ((JsonObject)tree["weighting"]!).Remove("scheme");
        var config = ConfigBinder.Bind(tree);
        Assert.That(config.Schedule.ScreeningMonths, Is.EqualTo(new[] { 2, 5, 8, 11 }));
        Assert.That(config.Universe, Is.EqualTo(UniverseRuleConfig.Default));
        Assert.That(config.Weighting.Scheme, Is.EqualTo(WeightingScheme.Multifactor));
    }

    [Test]
    public void Set_overrides_bind_and_round_trip_through_the_effective_config()
    {
        var config = TestConfigs.Default("universe.rank_from=201", "universe.rank_to=500", "schedule.screening_months=11,5",
            "schedule.effective_rule=next_trading_day", "weighting.scheme=equal");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(config.Universe, Is.EqualTo(new UniverseRuleConfig(UniverseRule.LargestByCap, 201, 500)));
            Assert.That(config.Schedule.ScreeningMonths, Is.EqualTo(new[] { 5, 11 }), "sorted");
            Assert.That(config.Schedule.EffectiveRule, Is.EqualTo(EffectiveRule.NextTradingDay));
            Assert.That(config.Weighting.Scheme, Is.EqualTo(WeightingScheme.Equal));
        }
        var json = ConfigBinder.ToJson(config);
        Assert.That(json["schedule"]!.ToJsonString(), Is.EqualTo("""{"screening_months":[5,11],"effective_rule":"next_trading_day"}"""));
        Assert.That(json["universe"]!.ToJsonString(), Is.EqualTo("""{"size":800,"rule":"largest_by_cap","rank_from":201,"rank_to":500}"""));
        Assert.That(json["weighting"]!["scheme"]!.GetValue<string>(), Is.EqualTo("equal"));
        var again = ConfigBinder.Bind(json);
        Assert.That(again.Schedule.ScreeningMonths, Is.EqualTo(new[] { 5, 11 }));
        Assert.That((again.Universe, again.Weighting), Is.EqualTo((config.Universe, config.Weighting)));
        Assert.That(TestConfigs.Default("schedule.screening_months=[1,2,3]").Schedule.ScreeningMonths, Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [TestCase("universe.rank_from=0", "universe.rank_from", "expected an integer >= 1")]
    [TestCase("universe.rank_to=99", "universe.rank_to", "rank >= universe.rank_from (100)")]
    [TestCase("universe.rule=smallest", "universe.rule", "expected largest_by_cap")]
    [TestCase("schedule.screening_months=2,13", "schedule.screening_months", "months 1..12, got 13")]
    [TestCase("schedule.screening_months=5,5", "schedule.screening_months", "listed twice")]
    [TestCase("schedule.screening_months=may", "schedule.screening_months", "expected a list of integers")]
    [TestCase("schedule.effective_rule=last_friday", "schedule.effective_rule", "expected second_friday_next_month")]
    [TestCase("weighting.scheme=inverse_vol", "weighting.scheme", "expected multifactor, equal, modified_equal or cap")]
    public void A_bad_stage_value_names_the_key(string set, string key, string message)
    {
        var error = Assert.Throws<ConfigException>(() => TestConfigs.Default("universe.rank_from=100", set))!;
        Assert.That(error.Message, Does.Contain(key).And.Contain(message));
    }

    [Test]
    public void An_empty_month_list_is_refused()
    {
        var tree = TestConfigs.LoadTree("default.json");
        tree["schedule"]!["screening_months"] = new JsonArray();
        Assert.That(Assert.Throws<ConfigException>(() => ConfigBinder.Bind(tree))!.Message, Does.Contain("schedule.screening_months").And.Contain("at least one month"));
    }
}
