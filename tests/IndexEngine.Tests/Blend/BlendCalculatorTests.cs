using IndexEngine.Core.Methodology.Blend;
using IndexEngine.Core.Model;
using static IndexEngine.Tests.Blends.BlendTestData;

namespace IndexEngine.Tests.Blends;

/// <summary>Whole runs of the calculator, computed by hand (the worked example is the one in docs/blend.md).</summary>
public class BlendCalculatorTests
{
    [Test]
    public void TheWorkedExampleOfTheDocs()
    {
        var result = BlendCalculator.Run(WorkedExample(), D("2024-01-01"), D("2024-01-31"));
        var levels = result.Levels;
        Assert.That(levels.Dates, Is.EqualTo(new[] { D("2024-01-10"), D("2024-01-11"), D("2024-01-12"), D("2024-01-15") }));
        // docs/blend.md: 100; 91.8 + 9.394; 97.308 + 7.01198746; 94.82686860114 + 11.03914107301718.
        Assert.That(levels.Values[0], Is.EqualTo(100));
        Assert.That(levels.Values[1], Is.EqualTo(101.194).Within(1e-12));
        Assert.That(levels.Values[2], Is.EqualTo(104.31998746).Within(1e-12));
        Assert.That(levels.Values[3], Is.EqualTo(94.82686860114 + 11.039141073017).Within(1e-11));
        Assert.That(levels.Values[3], Is.EqualTo(105.86600967).Within(1e-8));

        Assert.That(result.Exposures[1][0], Is.EqualTo(91.8 / 101.194).Within(1e-15));
        Assert.That(result.Exposures[1][1], Is.EqualTo(59.4 / 101.194).Within(1e-15));
        Assert.That(result.Cash[1], Is.EqualTo(9.394 / 101.194).Within(1e-15));

        var drift = result.Rebalances.Single();
        Assert.That(drift.Date, Is.EqualTo(D("2024-01-12")));
        Assert.That(drift.Reason, Is.EqualTo(RebalanceReason.Drift));
        Assert.That(drift.Before[0], Is.EqualTo(97.308 / 104.31998746).Within(1e-14));
        Assert.That(drift.Before[1], Is.EqualTo(57.024 / 104.31998746).Within(1e-14), "0.546626: 0.053374 below 0.6");
        Assert.That(drift.CashBefore, Is.EqualTo(7.01198746 / 104.31998746).Within(1e-14));
        Assert.That(drift.After[0], Is.EqualTo(0.9).Within(1e-15));
        Assert.That(drift.After[1], Is.EqualTo(0.6).Within(1e-15));
        Assert.That(drift.CashAfter, Is.EqualTo(0.1).Within(1e-15));
        Assert.That(drift.Turnover, Is.EqualTo(0.5 * (97.308 / 104.31998746 - 0.9 + 0.6 - 57.024 / 104.31998746)).Within(1e-14));
        Assert.That(result.Exposures[2], Is.EqualTo(new[] { 0.9, 0.6 }).Within(1e-15), "levels.csv shows exposures after the rebalance");

        Assert.That(result.Exposures[3][0], Is.EqualTo(0.895725).Within(5e-7));
        Assert.That(result.Exposures[3][1], Is.EqualTo(0.597150).Within(5e-7));
        Assert.That(result.Cash[3], Is.EqualTo(0.104275).Within(5e-7));
    }

    [Test]
    public void AScheduledRebalanceAtTheLastDateOfAQuarterMonth()
    {
        // A 50/50 blend of A (100 -> 120 on 03-28) and B (flat), no cash, quarterly: 03-28 ends March (04-01 is next).
        // NAV 110, exposures 60/110 and 50/110 before; back to 55/55 after. 04-01: A +10% -> 60.5 + 55 = 115.5.
        var a = Series(("2024-03-27", 100), ("2024-03-28", 120), ("2024-04-01", 132));
        var b = Series(("2024-03-27", 10), ("2024-03-28", 10), ("2024-04-01", 10));
        var blend = Blend([new BlendSleeve("a", a, 0.5, true), new BlendSleeve("b", b, 0.5, true)], schedule: RebalanceSchedule.Quarterly);
        var result = BlendCalculator.Run(blend, D("2024-03-01"), D("2024-04-30"));
        Assert.That(result.Levels.Values, Is.EqualTo(new[] { 100, 110, 115.5 }).Within(1e-12));
        var r = result.Rebalances.Single();
        Assert.That((r.Date, r.Reason), Is.EqualTo((D("2024-03-28"), RebalanceReason.Schedule)));
        Assert.That(r.Before, Is.EqualTo(new[] { 60 / 110.0, 50 / 110.0 }).Within(1e-15));
        Assert.That(r.Turnover, Is.EqualTo(5 / 110.0).Within(1e-15));
        Assert.That(result.Exposures[2], Is.EqualTo(new[] { 60.5 / 115.5, 55 / 115.5 }).Within(1e-15));
    }

    [Test]
    public void AFinancingSeriesFinancesTheUnfundedSleeveAndCash()
    {
        // Funded A 0.5 (flat), unfunded B 1.0 (+2%), financing F +0.5%: cash 50 x 1.005 + 100 x (0.02 - 0.005) = 51.75; NAV 101.75.
        var a = Series(("2024-05-06", 10), ("2024-05-07", 10));
        var b = Series(("2024-05-06", 50), ("2024-05-07", 51));
        var f = Series(("2024-05-06", 80), ("2024-05-07", 80.4));
        var blend = Blend([new BlendSleeve("a", a, 0.5, true), new BlendSleeve("b", b, 1.0, false)], BlendFinancing.FromSeries(f));
        var result = BlendCalculator.Run(blend, D("2024-05-06"), D("2024-05-07"));
        Assert.That(result.Levels.Values[1], Is.EqualTo(101.75).Within(1e-12));
        Assert.That(result.Cash[1], Is.EqualTo(51.75 / 101.75).Within(1e-15));
    }

    [Test]
    public void ADateOneSeriesLacksIsSkippedAndTheNextReturnsSpanTheGap()
    {
        // B has no 01-03: the blend goes 01-02 -> 01-04 with A's two-day return (+21%) and 2 days of the 3.6% rate on cash.
        var a = Series(("2024-01-02", 100), ("2024-01-03", 110), ("2024-01-04", 121));
        var b = Series(("2024-01-02", 1), ("2024-01-04", 1));
        var blend = Blend([new BlendSleeve("a", a, 0.5, true), new BlendSleeve("b", b, 0.0, true)], BlendFinancing.FromRate(0.036));
        var result = BlendCalculator.Run(blend, D("2024-01-01"), D("2024-01-31"));
        Assert.That(result.Levels.Dates, Is.EqualTo(new[] { D("2024-01-02"), D("2024-01-04") }));
        Assert.That(result.Levels.Values[1], Is.EqualTo(60.5 + 50 * 1.0002).Within(1e-12));
    }

    [Test]
    public void TheLevelOnADateDoesNotDependOnWhereTheRunEnds()
    {
        var blend = WorkedExample();
        var full = BlendCalculator.Run(blend, D("2024-01-10"), D("2024-01-15"));
        var shorter = BlendCalculator.Run(blend, D("2024-01-10"), D("2024-01-12"));
        Assert.That(shorter.Levels.Values, Is.EqualTo(full.Levels.Values.Take(3)));
        Assert.That(shorter.Rebalances, Has.Count.EqualTo(1));
    }

    [Test]
    public void FewerThanTwoDatesInTheWindowIsBadInput()
    {
        var e = Assert.Throws<InputException>(() => BlendCalculator.Run(WorkedExample(), D("2024-01-15"), D("2024-02-01")))!;
        Assert.That(e.Message, Does.Contain("1 date(s) in 2024-01-15..2024-02-01").And.Contain("2024-01-10..2024-01-15 in common"));
        e = Assert.Throws<InputException>(() => BlendCalculator.Run(WorkedExample(), D("2025-01-01"), D("2025-02-01")))!;
        Assert.That(e.Message, Does.Contain("0 date(s)"));
    }

    [Test]
    public void ANavThatFallsToZeroStopsTheRun()
    {
        // Unfunded 2.0 notional on a series that halves: cash 100 + 200 x (-0.5) = 0.
        var a = Series(("2024-01-02", 10), ("2024-01-03", 5));
        var blend = Blend([new BlendSleeve("a", a, 2.0, false)]);
        var e = Assert.Throws<InputException>(() => BlendCalculator.Run(blend, D("2024-01-01"), D("2024-01-31")))!;
        Assert.That(e.Message, Does.Contain("NAV of 0 on 2024-01-03"));
    }
}
