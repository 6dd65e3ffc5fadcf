using System.Text.Json.Nodes;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;
using IndexEngine.Tests.Methodology;
using NUnit.Framework;

namespace IndexEngine.Tests.Research;

/// <summary>costs.one_way_bps, capacity.aum and capacity.max_adv_fraction: defaults, overrides and refusals naming the key.</summary>
[TestFixture]
public sealed class CostsConfigTests
{
    [Test]
    public void Defaults_are_no_cost_one_billion_and_a_fifth_of_a_day()
    {
        var c = TestConfigs.Default();
        Assert.That(c.Costs, Is.EqualTo(new CostsConfig(0)));
        Assert.That(c.Capacity, Is.EqualTo(new CapacityConfig(1e9, 0.2)));
        Assert.That(c.Costs, Is.EqualTo(CostsConfig.Default), "the code's default for a config without the keys is default.json's");
        Assert.That(c.Capacity, Is.EqualTo(CapacityConfig.Default));
    }

    [Test]
    public void A_config_without_the_keys_binds_to_the_defaults()
    {
        var tree = TestConfigs.LoadTree("default.json");
        tree.Remove("costs");
        tree.Remove("capacity");
        var c = ConfigBinder.Bind(tree, []);
        Assert.That((c.Costs, c.Capacity), Is.EqualTo((CostsConfig.Default, CapacityConfig.Default)));
    }

    [Test]
    public void Overrides_set_them()
    {
        var c = TestConfigs.Default("costs.one_way_bps=12.5", "capacity.aum=5e8", "capacity.max_adv_fraction=1");
        Assert.That(c.Costs.OneWayBps, Is.EqualTo(12.5));
        Assert.That(c.Costs.Rate, Is.EqualTo(0.00125));
        Assert.That(c.Capacity, Is.EqualTo(new CapacityConfig(5e8, 1)));
    }

    [TestCase("costs.one_way_bps=-1", "costs.one_way_bps", "[0, 10000)")]
    [TestCase("costs.one_way_bps=10000", "costs.one_way_bps", "[0, 10000)")]
    [TestCase("costs.one_way_bps=\"ten\"", "costs.one_way_bps", "finite number")]
    [TestCase("capacity.aum=0", "capacity.aum", "> 0")]
    [TestCase("capacity.max_adv_fraction=0", "capacity.max_adv_fraction", "(0, 1]")]
    [TestCase("capacity.max_adv_fraction=1.5", "capacity.max_adv_fraction", "(0, 1]")]
    public void Bad_values_name_the_key(string assignment, string key, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => TestConfigs.Default(assignment))!;
        Assert.That(error.Key, Is.EqualTo(key));
        Assert.That(error.Message, Does.Contain(expected));
    }

    [Test]
    public void A_misspelt_key_suggests_the_right_one()
    {
        var error = Assert.Throws<ConfigException>(() => TestConfigs.Default("costs.one_way_bp=5"))!;
        Assert.That(error.Message, Does.Contain("costs.one_way_bps"));
    }

    [Test]
    public void Summary_json_config_leaves_the_backtest_only_keys_out()
    {
        var json = ConfigBinder.ToJson(TestConfigs.Default("costs.one_way_bps=5"));
        Assert.That(json.ContainsKey("costs") || json.ContainsKey("capacity"), Is.False, "rebalance outputs stay byte-identical");
        Assert.That(ConfigBinder.Bind((JsonObject)json, []).Costs, Is.EqualTo(CostsConfig.Default));
    }
}
