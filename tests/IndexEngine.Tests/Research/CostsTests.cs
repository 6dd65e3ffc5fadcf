using IndexEngine.Core.Methodology;
using IndexEngine.Core.Methodology.Research;
using IndexEngine.Core.Model;
using NUnit.Framework;

namespace IndexEngine.Tests.Research;

/// <summary>Traded value and the net-of-cost levels, computed by hand.</summary>
[TestFixture]
public sealed class CostsTests
{
    private static readonly DateOnly D0 = new(2017, 3, 10), D1 = new(2017, 3, 13), D2 = new(2017, 3, 14), D3 = new(2017, 3, 15);

    [Test]
    public void Trades_are_the_target_minus_the_drifted_weights_and_the_initial_build_trades_everything()
    {
        // Period 0: bought A 50%, B 50%; drifted to A 60%, B 40% by D2. Period 1: B 50%, C 50% (A sold).
        var periods = new[]
        {
            new HoldingPeriod(D0, 0, D2, 2, [(0, 0.5), (1, 0.5)], [(0, 0.6), (1, 0.4)]),
            new HoldingPeriod(D2, 2, D3, 3, [(1, 0.5), (2, 0.5)], [(1, 0.45), (2, 0.55)]),
        };
        var trades = Costs.Trades(periods, [new DateOnly(2017, 2, 28), new DateOnly(2017, 2, 28).AddDays(1)]);

        Assert.That(trades[0].InitialBuild, Is.True);
        Assert.That(trades[0].Trades, Is.EqualTo(new[] { new SecurityTrade(0, 0.5), new SecurityTrade(1, 0.5) }));
        Assert.That(trades[0].Traded, Is.EqualTo(1.0));
        Assert.That(trades[1].InitialBuild, Is.False);
        Assert.That(trades[1].Trades.Select(t => t.Security), Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(trades[1].Trades.Select(t => t.Change), Is.EqualTo(new[] { -0.6, 0.1, 0.5 }).Within(1e-15));
        Assert.That(trades[1].Traded, Is.EqualTo(1.2).Within(1e-15), "twice the one-way turnover of 60%");
        Assert.That(trades[1].Traded / 2, Is.EqualTo(IndexAnalytics.Turnover(periods[0].EndWeights, periods[1].StartWeights)).Within(1e-15));
        Assert.That(trades[1].Effective, Is.EqualTo(D2));
    }

    [Test]
    public void An_unchanged_weight_is_no_trade()
    {
        var periods = new[]
        {
            new HoldingPeriod(D0, 0, D2, 2, [(0, 0.5), (1, 0.5)], [(0, 0.5), (1, 0.5)]),
            new HoldingPeriod(D2, 2, D3, 3, [(0, 0.5), (1, 0.5)], [(0, 0.5), (1, 0.5)]),
        };
        var trades = Costs.Trades(periods, [D0, D1]);
        Assert.That(trades[1].Trades, Is.Empty);
        Assert.That(trades[1].Traded, Is.Zero);
    }

    [Test]
    public void The_net_level_carries_each_cost_from_the_day_after_its_effective_close()
    {
        var gross = new LevelSeries([D0, D1, D2, D3], [100.0, 110.0, 121.0, 110.0]);
        // 1% at D0 (the initial build), 2% at D2: net(D0) = 100, net(D1) = 110 · 0.99, net(D2) = 121 · 0.99, net(D3) = 110 · 0.99 · 0.98.
        var net = Costs.Apply(gross, [new RebalanceCost(D0, D0, 1.0, 0.01), new RebalanceCost(D1, D2, 2.0, 0.02)]);
        Assert.That(net.Dates, Is.EqualTo(gross.Dates));
        Assert.That(net.Values, Is.EqualTo(new[] { 100.0, 108.9, 119.79, 106.722 }).Within(1e-12));
        Assert.That(net.Values[0], Is.EqualTo(100.0), "the first level is the base value, before the build's cost");
    }

    [Test]
    public void At_zero_cost_the_net_level_is_the_gross_one_bit_for_bit()
    {
        var gross = new LevelSeries([D0, D1, D2, D3], [200.0, 201.23456789, 199.87654321, 205.5]);
        var net = Costs.Apply(gross, [new RebalanceCost(D0, D0, 1.0, 0.0), new RebalanceCost(D1, D2, 0.7, 0.0)]);
        Assert.That(net.Values, Is.EqualTo(gross.Values));
    }
}
