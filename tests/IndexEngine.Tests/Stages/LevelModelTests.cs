using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;
using IndexEngine.Tests.Methodology;
using NUnit.Framework;

namespace IndexEngine.Tests.Stages;

/// <summary>The level-model stage: <c>fixed_units</c> by hand, and the key that chooses it.</summary>
[TestFixture]
public sealed class LevelModelTests
{
    [Test]
    public void Fixed_units_are_bought_at_the_effective_close_and_held()
    {
        // Day 0: A at 10, B at 20, weights 1/2 each of 200: units 10 and 5.
        // Day 1: A 12, B 20 → 10 × 12 + 5 × 20 = 220. Day 2: A 12, B 16 → 120 + 80 = 200.
        var universe = new TestUniverseBuilder(3)
            .AddSecurity("A").AddSecurity("B")
            .Closes("A", t => new[] { 10.0, 12, 12 }[t])
            .Closes("B", t => new[] { 20.0, 20, 16 }[t])
            .Build();
        var model = FixedUnits.For(new LevelsConfig(200, 5));
        var start = model.Rebalance(universe, new LevelState(0, 200, 200, []), [(0, 0.5), (1, 0.5)]);
        Assert.That(start.Holdings.Select(h => h.UnitsPr), Is.EqualTo(new[] { 10.0, 5.0 }));
        var day1 = model.Step(universe, start, 5).State;
        var day2 = model.Step(universe, day1, 5).State;
        Assert.That((day1.LevelPr, day2.LevelPr), Is.EqualTo((220.0, 200.0)));
        Assert.That(day2.Holdings.Select(h => h.UnitsPr), Is.EqualTo(new[] { 10.0, 5.0 }), "units do not change between rebalances");

        // A rebalance at day 2 back to 1/2 each of 200: units 100 / 12 and 100 / 16; the level is unchanged.
        var rebalanced = model.Rebalance(universe, day2, [(0, 0.5), (1, 0.5)]);
        Assert.That(rebalanced.Holdings.Select(h => h.UnitsPr), Is.EqualTo(new[] { 100.0 / 12, 100.0 / 16 }));
        Assert.That(rebalanced.LevelPr, Is.EqualTo(200.0));
    }

    [Test]
    public void The_key_is_fixed_units_by_default_and_refuses_another_model()
    {
        Assert.That(TestConfigs.Default().Levels.Model, Is.EqualTo(LevelModel.FixedUnits));
        Assert.That(FixedUnits.For(TestConfigs.Default("levels.model=fixed_units").Levels), Is.SameAs(FixedUnits.Instance));
        var error = Assert.Throws<ConfigException>(() => TestConfigs.Default("levels.model=daily_reweight"))!;
        Assert.That(error.Message, Does.Contain("levels.model").And.Contain("expected fixed_units"));
    }
}
