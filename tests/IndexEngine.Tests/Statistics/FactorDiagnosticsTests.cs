using IndexEngine.Core.Methodology.Research;
using IndexEngine.Tests.Methodology;
using NUnit.Framework;

namespace IndexEngine.Tests.Statistics;

/// <summary>Factor information coefficients (issue 13), hand-computed.</summary>
public class FactorDiagnosticsTests
{
    [Test]
    public void Spearman_ranks_ties_by_their_average_rank()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(FactorDiagnostics.Spearman([1, 2, 3, 4], [10, 20, 30, 40]), Is.EqualTo(1).Within(1e-15));
            Assert.That(FactorDiagnostics.Spearman([1, 2, 3, 4], [40, 30, 20, 10]), Is.EqualTo(-1).Within(1e-15));
            // x ranks 1, 2, 3; y = (5, 5, 9) ranks 1.5, 1.5, 3: Pearson of (1,2,3) and (1.5,1.5,3) = 0.75 / sqrt(2 × 1.5) = sqrt(3)/2.
            Assert.That(FactorDiagnostics.Spearman([1, 2, 3], [5, 5, 9]), Is.EqualTo(Math.Sqrt(3) / 2).Within(1e-15));
            // A constant side has no rank correlation.
            Assert.That(FactorDiagnostics.Spearman([1, 2, 3], [7, 7, 7]), Is.NaN);
        }
    }

    [Test]
    public void Forward_total_return_reinvests_dividends_and_carries_a_missing_close()
    {
        // Closes 10, 11, (none), 12 with a dividend of 0.5 on day 1: (11 + 0.5) / 10 × 11 / 11 × 12 / 11 - 1.
        var universe = new TestUniverseBuilder(4).AddSecurity("A")
            .Closes("A", t => t switch { 0 => 10, 1 => 11, 2 => double.NaN, _ => 12 }).Volumes("A", _ => 1)
            .Dividend("A", 1, 0.5).Build();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(FactorDiagnostics.ForwardTotalReturn(universe, 0, 0, 3, fallbackDays: 5), Is.EqualTo(11.5 / 10 * (12.0 / 11) - 1).Within(1e-15));
            Assert.That(FactorDiagnostics.ForwardTotalReturn(universe, 0, 0, 2, fallbackDays: 0), Is.NaN, "no close on day 2 without a fallback");
        }
    }

    [Test]
    public void Summary_is_mean_sd_ir_and_t_over_the_dates_with_an_ic()
    {
        var d = new DateOnly(2020, 1, 31);
        var ics = new[]
        {
            new FactorIc(d, "value", "next", 0.1, 10), new FactorIc(d.AddMonths(3), "value", "next", 0.3, 10),
            new FactorIc(d.AddMonths(6), "value", "next", double.NaN, 2),
        };
        var s = FactorDiagnostics.Summarise(ics).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(s.Periods, Is.EqualTo(2));
            Assert.That(s.Mean, Is.EqualTo(0.2).Within(1e-15));
            Assert.That(s.StdDev, Is.EqualTo(Math.Sqrt(0.02)).Within(1e-15));
            Assert.That(s.InformationRatio, Is.EqualTo(0.2 / Math.Sqrt(0.02)).Within(1e-12));
            Assert.That(s.TStat, Is.EqualTo(0.2 / Math.Sqrt(0.02) * Math.Sqrt(2)).Within(1e-12));
        }
    }
}
