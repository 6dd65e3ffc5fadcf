using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;
using NUnit.Framework;

namespace IndexEngine.Tests.Statistics;

/// <summary>
/// The tear-sheet statistics beyond §10, hand-computed on three returns:
/// index 100, 110, 99, 108.9 → r = 0.1, -0.1, 0.1; benchmark 100, 105, 94.5, 99.225 → r_b = 0.05, -0.1, 0.05.
/// r_b is an affine function of r (r_b = 0.75 r - 0.025), so the correlation is 1 and beta, cov(r, r_b)/var(r_b),
/// is (0.75 var r)/(0.5625 var r) = 4/3.
/// </summary>
public class TearSheetStatisticsTests
{
    private static readonly DateOnly[] Dates = Enumerable.Range(0, 4).Select(k => new DateOnly(2020, 1, 6).AddDays(k)).ToArray();
    private static readonly LevelSeries Index = new(Dates, [100, 110, 99, 108.9]);
    private static readonly LevelSeries Benchmark = new(Dates, [100, 105, 94.5, 99.225]);

    [Test]
    public void Sortino_Calmar_alpha_correlation_and_capture()
    {
        var s = PerformanceStatistics.Compute(Index, Benchmark, new StatisticsConfig(252, 0));
        using (Assert.EnterMultipleScope())
        {
            // Sortino: mean 1/30 over the downside deviation sqrt(0.01 / 3), times sqrt(252) = sqrt(75600) / 30.
            Assert.That(s.Index.Sortino, Is.EqualTo(Math.Sqrt(75600) / 30).Within(1e-9));
            // Calmar: annualised (1.089^84 - 1) over the max drawdown 1 - 99/110 = 0.1.
            Assert.That(s.Index.Calmar, Is.EqualTo((Math.Pow(1.089, 84) - 1) / 0.1).Within(1e-6));
            Assert.That(s.Beta, Is.EqualTo(4.0 / 3).Within(1e-12));
            Assert.That(s.Correlation, Is.EqualTo(1).Within(1e-12));
            // Alpha: (mean r - beta * mean r_b) * 252 = (1/30 - 4/3 * 0) * 252 = 8.4.
            Assert.That(s.Alpha, Is.EqualTo(8.4).Within(1e-9));
            // Up days (r_b > 0): mean r 0.1 over mean r_b 0.05 = 2; the down day: -0.1 / -0.1 = 1.
            Assert.That(s.UpCapture, Is.EqualTo(2).Within(1e-12));
            Assert.That(s.DownCapture, Is.EqualTo(1).Within(1e-12));
        }
    }

    [Test]
    public void A_benchmark_that_never_falls_has_no_down_capture_and_a_series_without_losses_no_sortino()
    {
        var rising = new LevelSeries(Dates, [100, 101, 102, 103]);
        var s = PerformanceStatistics.Compute(rising, rising, new StatisticsConfig(252, 0));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(s.DownCapture, Is.NaN);
            Assert.That(s.UpCapture, Is.EqualTo(1).Within(1e-12));
            Assert.That(s.Index.Sortino, Is.NaN, "no downside deviation");
            Assert.That(s.Index.Calmar, Is.NaN, "no drawdown");
        }
    }
}

/// <summary>One set of dates for a whole comparison: a benchmark that misses days is said, and every column skips them.</summary>
public class CommonDatesTests
{
    [Test]
    public void Index_dates_the_benchmark_lacks_are_counted_and_skipped()
    {
        var dates = Enumerable.Range(0, 6).Select(k => new DateOnly(2020, 1, 6).AddDays(k)).ToArray();
        var index = new LevelSeries(dates, [100, 101, 102, 103, 104, 105]);
        // The benchmark misses the 2nd and 4th dates, and has a date of its own outside the index's.
        var benchmark = new LevelSeries([dates[0], dates[2], dates[4], dates[5], new DateOnly(2020, 2, 1)], [50, 51, 52, 53, 54]);
        var s = PerformanceStatistics.Compute(index, benchmark, new StatisticsConfig(252, 0));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(s.IndexDatesWithoutBenchmark, Is.EqualTo(2));
            Assert.That(s.Returns, Is.EqualTo(3), "4 common dates");
            Assert.That(s.Index.TotalReturn, Is.EqualTo(0.05).Within(1e-12));
            var text = IndexEngine.Reporting.StatisticsTable.Render(s, "index", "bench");
            Assert.That(text, Does.Contain("The benchmark has no level on 2 of the series' dates in this window: both columns use only the 4 common dates."));
        }
    }
}

/// <summary>Rolling one-year statistics, hand-computed on a window of 2 returns.</summary>
public class RollingStatisticsTests
{
    [Test]
    public void Each_window_applies_the_section_10_formulas_to_its_own_returns()
    {
        var dates = Enumerable.Range(0, 4).Select(k => new DateOnly(2020, 1, 6).AddDays(k)).ToArray();
        // Index returns 0.1, -0.1, 0.1; benchmark 0.05, -0.1, 0.05 (as in TearSheetStatisticsTests).
        var index = new LevelSeries(dates, [100, 110, 99, 108.9]);
        var benchmark = new LevelSeries(dates, [100, 105, 94.5, 99.225]);
        var rolling = PerformanceStatistics.Rolling(index, benchmark, 2, new StatisticsConfig(252, 0));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rolling.Dates, Is.EqualTo(new[] { dates[2], dates[3] }));
            Assert.That(rolling.IndexReturn[0], Is.EqualTo(99.0 / 100 - 1).Within(1e-12));
            Assert.That(rolling.BenchmarkReturn[1], Is.EqualTo(99.225 / 105 - 1).Within(1e-12));
            // Window (0.1, -0.1): sd = sqrt(0.02), volatility sqrt(0.02 × 252); mean 0, so Sharpe 0.
            Assert.That(rolling.IndexVolatility[0], Is.EqualTo(Math.Sqrt(0.02 * 252)).Within(1e-12));
            Assert.That(rolling.Sharpe[0], Is.EqualTo(0).Within(1e-12));
            // Benchmark (0.05, -0.1): var 0.01125, cov with the index 0.015: beta 4/3; active (0.05, 0): TE sqrt(0.00125 × 252).
            Assert.That(rolling.Beta[0], Is.EqualTo(4.0 / 3).Within(1e-12));
            Assert.That(rolling.TrackingError[0], Is.EqualTo(Math.Sqrt(0.00125 * 252)).Within(1e-12));
        }
    }
}
