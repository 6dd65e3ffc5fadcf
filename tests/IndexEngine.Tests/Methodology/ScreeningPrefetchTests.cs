using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;
using IndexEngine.Core.Methodology.Sweep;
using IndexEngine.Tests.Sweep;
using NUnit.Framework;

namespace IndexEngine.Tests.Methodology;

/// <summary>
/// A backtest computes the next screening dates' data-only stages on the other cores (<see cref="ScreeningPrefetch"/>):
/// the result is the same as computing them in order (also checked by every sweep test, whose variants run without it
/// and are compared with their own backtests), no date's results outlive the backtest, and an error is the one the
/// first failing date reports.
/// </summary>
public sealed class ScreeningPrefetchTests
{
    [Test]
    public void A_backtest_computing_ahead_equals_one_computing_in_order_and_holds_no_date_after_it()
    {
        var universe = SweepRunnerTests.Shipped.Value;
        var config = TestConfigs.Default();
        var ahead = new SharedStages(universe);
        var inOrder = new SharedStages(universe);
        var withPrefetch = Backtest.Run(ahead, config, SweepRunnerTests.From, SweepRunnerTests.To, null, prefetch: true);
        var without = Backtest.Run(inOrder, config, SweepRunnerTests.From, SweepRunnerTests.To, null, prefetch: false);

        Assert.That(SweepRunnerTests.Text(withPrefetch), Is.EqualTo(SweepRunnerTests.Text(without)));
        Assert.That(withPrefetch.Steps, Has.Count.GreaterThan(Math.Min(Environment.ProcessorCount, ScreeningPrefetch.MaxAhead)), "more dates than the look-ahead");
        Assert.That(ahead.DatesHeld, Is.Zero, "every date computed ahead was rebalanced and released");
    }

    [Test]
    public void A_failing_stage_computed_ahead_is_reported_by_the_first_date_that_fails_as_without_prefetch()
    {
        // Every date fails the eligibility screens; the dates computed ahead fail too, but the error is the first date's.
        var universe = SweepRunnerTests.Shipped.Value;
        var config = TestConfigs.Default("eligibility.min_adv=1e15");
        var without = Assert.Throws<InputException>(() =>
            Backtest.Run(new SharedStages(universe), config, SweepRunnerTests.From, SweepRunnerTests.To, null, prefetch: false))!;
        var ahead = new SharedStages(universe);
        var with = Assert.Throws<InputException>(() => Backtest.Run(ahead, config, SweepRunnerTests.From, SweepRunnerTests.To, null, prefetch: true))!;

        Assert.That(with.Message, Is.EqualTo(without.Message));
        Assert.That(with.Message, Does.StartWith("no security is eligible on 2015-02-27"));
    }
}
