using IndexEngine.Core.Methodology.Blend;
using static IndexEngine.Tests.Blends.BlendTestData;

namespace IndexEngine.Tests.Blends;

/// <summary>One day of each rule of docs/blend.md, computed by hand.</summary>
public class BlendDayTests
{
    private static readonly IndexEngine.Core.Model.LevelSeries Any = Series(("2024-01-02", 1), ("2024-01-03", 1));

    [Test]
    public void AtTargetsPutsEachSleeveAtItsTargetAndCashIsTheRestOfTheFundedTargets()
    {
        var blend = Blend([new BlendSleeve("equity", Any, 0.9, true), new BlendSleeve("bonds", Any, 0.6, false)]);
        var state = BlendDay.AtTargets(blend, 200);
        Assert.That(state.Holdings, Is.EqualTo(new[] { 180.0, 120.0 }));
        Assert.That(state.Cash, Is.EqualTo(20).Within(1e-12)); // (1 - 0.9) x 200; the unfunded 0.6 uses no cash
        Assert.That(state.Nav, Is.EqualTo(200));
        Assert.That(state.CashExposure, Is.EqualTo(0.1).Within(1e-15));
    }

    [Test]
    public void AFundedSleeveMovesWithItsSeries()
    {
        // 60 in A (+5%), 40 in B (-10%), no cash: 63 + 36 = 99.
        var blend = Blend([new BlendSleeve("a", Any, 0.6, true), new BlendSleeve("b", Any, 0.4, true)]);
        var next = BlendDay.Advance(blend, BlendDay.AtTargets(blend, 100), [0.05, -0.10], financingReturn: 0, days: 1);
        Assert.That(next.Holdings[0], Is.EqualTo(63).Within(1e-12));
        Assert.That(next.Holdings[1], Is.EqualTo(36).Within(1e-12));
        Assert.That(next.Nav, Is.EqualTo(99).Within(1e-12));
        Assert.That(next.Exposures()[0], Is.EqualTo(63.0 / 99).Within(1e-15));
    }

    [Test]
    public void AnUnfundedSleeveSettlesItsReturnOverFinancingIntoCash()
    {
        // Funded A 1.0 flat, unfunded B 0.5 notional 50 up 4%, financing 1%: cash 0 -> 0 x 1.01 + 50 x (0.04 - 0.01) = 1.5.
        var blend = Blend([new BlendSleeve("a", Any, 1.0, true), new BlendSleeve("b", Any, 0.5, false)]);
        var next = BlendDay.Advance(blend, BlendDay.AtTargets(blend, 100), [0, 0.04], financingReturn: 0.01, days: 1);
        Assert.That(next.Cash, Is.EqualTo(1.5).Within(1e-12));
        Assert.That(next.Nav, Is.EqualTo(101.5).Within(1e-12));
        Assert.That(next.Holdings[1], Is.EqualTo(52).Within(1e-12), "the notional moves with its series");
        Assert.That(next.Exposures()[1], Is.EqualTo(52 / 101.5).Within(1e-15));
    }

    [Test]
    public void CashEarnsTheFinancingReturn()
    {
        // 70 funded flat, 30 cash at 2%: 30.6, NAV 100.6.
        var blend = Blend([new BlendSleeve("a", Any, 0.7, true)]);
        var next = BlendDay.Advance(blend, BlendDay.AtTargets(blend, 100), [0], financingReturn: 0.02, days: 1);
        Assert.That(next.Cash, Is.EqualTo(30.6).Within(1e-12));
        Assert.That(next.Nav, Is.EqualTo(100.6).Within(1e-12));
    }

    [Test]
    public void AFinancingSeriesGivesItsReturnBetweenBlendDates()
    {
        Assert.That(BlendDay.SeriesFinancingReturn(80, 80.4), Is.EqualTo(0.005).Within(1e-15));
    }

    [Test]
    public void AConstantRateAccruesActualOver360OnCalendarDays()
    {
        // 3.6% over a weekend (Friday to Monday, 3 days): 0.036 x 3 / 360 = 0.0003; 1 day: 0.0001.
        Assert.That(BlendDay.RateFinancingReturn(0.036, days: 3), Is.EqualTo(0.0003).Within(1e-17));
        Assert.That(BlendDay.RateFinancingReturn(0.036, days: 1), Is.EqualTo(0.0001).Within(1e-17));
    }

    [Test]
    public void TheFeeAccruesActualOver365OnThePreviousNavAndIsPaidFromCash()
    {
        // Fee 3.65% on NAV 200 over 2 days: 0.0365 x 200 x 2 / 365 = 0.04. Cash 100 (no financing) -> 99.96.
        var blend = Blend([new BlendSleeve("a", Any, 0.5, true)], fee: 0.0365);
        var next = BlendDay.Advance(blend, BlendDay.AtTargets(blend, 200), [0.01], financingReturn: 0, days: 2);
        Assert.That(next.Cash, Is.EqualTo(99.96).Within(1e-12));
        Assert.That(next.Nav, Is.EqualTo(101 + 99.96).Within(1e-12));
    }

    [Test]
    public void AScheduledDateRebalancesWhateverTheDrift()
    {
        Assert.That(BlendDay.Rebalance(true, [0.5], [0.5], 0.05), Is.EqualTo(RebalanceReason.Schedule));
        Assert.That(BlendDay.Rebalance(true, [0.9], [0.5], 0.05), Is.EqualTo(RebalanceReason.Schedule), "schedule wins over drift");
    }

    [Test]
    public void AnExposureStrictlyOutsideTheBandIsADriftRebalance()
    {
        // Exactly representable: |0.75 - 0.5| = 0.25 is on the band (no rebalance); 0.25 + 2^-10 beyond it is drift.
        Assert.That(BlendDay.Rebalance(false, [0.25, 0.75], [0.5, 0.5], 0.25), Is.Null);
        Assert.That(BlendDay.Rebalance(false, [0.5, 0.75 + 1.0 / 1024], [0.5, 0.5], 0.25), Is.EqualTo(RebalanceReason.Drift));
        Assert.That(BlendDay.Rebalance(false, [0.25 - 1.0 / 1024, 0.5], [0.5, 0.5], 0.25), Is.EqualTo(RebalanceReason.Drift), "below the band too");
        Assert.That(BlendDay.Rebalance(false, [0.0, 1.0], [0.5, 0.5], null), Is.Null, "no band: only the schedule");
    }
}
