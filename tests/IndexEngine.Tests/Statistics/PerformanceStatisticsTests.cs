using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;
using NUnit.Framework;

namespace IndexEngine.Tests.Statistics;

public class PerformanceStatisticsTests
{
    private const double Tol = 1e-12;
    private static readonly StatisticsConfig Daily = new(252, 0);

    // Six levels, five daily returns:
    //   index r     =  0.02, -0.0294118 (99/102), 0.0404040 (103/99), -0.0194175 (101/103), 0.0495050 (106/101)
    //   benchmark rb = 0.01, -0.0099010 (100/101), 0.02, 0, 0.0196078 (104/102)
    private static readonly DateOnly[] Dates =
        Enumerable.Range(0, 6).Select(k => new DateOnly(2017, 1, 2).AddDays(k)).ToArray();
    private static readonly LevelSeries Index = new(Dates, [100, 102, 99, 103, 101, 106]);
    private static readonly LevelSeries Benchmark = new(Dates, [100, 101, 100, 102, 102, 104]);

    private static readonly double[] R = [102 / 100.0 - 1, 99 / 102.0 - 1, 103 / 99.0 - 1, 101 / 103.0 - 1, 106 / 101.0 - 1];
    private static readonly double[] Rb = [101 / 100.0 - 1, 100 / 101.0 - 1, 102 / 100.0 - 1, 0, 104 / 102.0 - 1];

    private static double Mean(double[] x) => x.Sum() / x.Length;
    private static double SampleCov(double[] x, double[] y)
    {
        double mx = Mean(x), my = Mean(y), s = 0;
        for (int i = 0; i < x.Length; i++) s += (x[i] - mx) * (y[i] - my);
        return s / (x.Length - 1);
    }

    [Test]
    public void AnnualisedAndTotalReturn()
    {
        var s = PerformanceStatistics.Compute(Index, Benchmark, Daily);
        // (106/100)^(252/5) - 1 and (104/100)^(252/5) - 1
        Assert.That(s.Returns, Is.EqualTo(5));
        Assert.That(s.Index.TotalReturn, Is.EqualTo(0.06).Within(Tol));
        Assert.That(s.Index.AnnualisedReturn, Is.EqualTo(17.85452559037454).Within(1e-10));
        Assert.That(s.Benchmark.TotalReturn, Is.EqualTo(0.04).Within(Tol));
        Assert.That(s.Benchmark.AnnualisedReturn, Is.EqualTo(6.219054169906994).Within(1e-10));
        Assert.That((s.Start, s.End), Is.EqualTo((Dates[0], Dates[5])));
    }

    [Test]
    public void VolatilityIsTheSampleStandardDeviationAnnualised()
    {
        var s = PerformanceStatistics.Compute(Index, Benchmark, Daily);
        Assert.That(s.Index.Volatility, Is.EqualTo(Math.Sqrt(SampleCov(R, R) * 252)).Within(Tol));
        Assert.That(s.Index.Volatility, Is.EqualTo(0.5600782894708097).Within(1e-12));
        Assert.That(s.Benchmark.Volatility, Is.EqualTo(0.2050164084972978).Within(1e-12));
    }

    [Test]
    public void SharpeSubtractsTheDailyRiskFreeRate()
    {
        var zero = PerformanceStatistics.Compute(Index, Benchmark, Daily);
        Assert.That(zero.Index.Sharpe, Is.EqualTo(5.4964091294223945).Within(1e-10));
        var twoPercent = PerformanceStatistics.Compute(Index, Benchmark, new StatisticsConfig(252, 0.02));
        // mean(r - 0.02/252) / std(r) * sqrt(252)
        Assert.That(twoPercent.Index.Sharpe, Is.EqualTo(5.460699835961123).Within(1e-10));
        Assert.That(twoPercent.Benchmark.Sharpe, Is.EqualTo(9.663740613003956).Within(1e-10));
        Assert.That(twoPercent.RiskFreeRate, Is.EqualTo(0.02));
    }

    [Test]
    public void MaxDrawdownIsTheDeepestFallFromARunningHigh()
    {
        var s = PerformanceStatistics.Compute(Index, Benchmark, Daily);
        // 102 -> 99 is deeper than 103 -> 101.
        Assert.That(s.Index.MaxDrawdown, Is.EqualTo(1 - 99 / 102.0).Within(Tol));
        Assert.That((s.Index.MaxDrawdownPeak, s.Index.MaxDrawdownTrough), Is.EqualTo((Dates[1], Dates[2])));
        Assert.That(s.Benchmark.MaxDrawdown, Is.EqualTo(1 - 100 / 101.0).Within(Tol));
        Assert.That(PerformanceStatistics.Drawdowns([100, 102, 99, 103, 101, 106]),
            Is.EqualTo(new[] { 0, 0, 1 - 99 / 102.0, 0, 1 - 101 / 103.0, 0 }).Within(Tol));
    }

    [Test]
    public void TrackingErrorInformationRatioAndBeta()
    {
        var s = PerformanceStatistics.Compute(Index, Benchmark, Daily);
        var active = R.Zip(Rb, (a, b) => a - b).ToArray();
        double te = Math.Sqrt(SampleCov(active, active)) * Math.Sqrt(252);
        Assert.That(s.TrackingError, Is.EqualTo(te).Within(Tol));
        Assert.That(s.TrackingError, Is.EqualTo(0.3616906928901026).Within(1e-12));
        Assert.That(s.InformationRatio, Is.EqualTo(Mean(active) * 252 / te).Within(1e-10));
        Assert.That(s.InformationRatio, Is.EqualTo(2.9782188247746535).Within(1e-10));
        Assert.That(s.Beta, Is.EqualTo(SampleCov(R, Rb) / SampleCov(Rb, Rb)).Within(1e-12));
        Assert.That(s.Beta, Is.EqualTo(2.6753511310227323).Within(1e-12));
    }

    [Test]
    public void AverageTurnoverOverTheRebalancesInTheWindow()
    {
        var none = PerformanceStatistics.Compute(Index, Benchmark, Daily);
        Assert.That(none.AverageTurnover, Is.Null);
        Assert.That(none.Rebalances, Is.Zero);
        var s = PerformanceStatistics.Compute(Index, Benchmark, Daily, turnovers:
            [(Dates[0].AddDays(-1), 0.9), (Dates[1], 0.2), (Dates[4], 0.3)]);
        Assert.That(s.AverageTurnover, Is.EqualTo(0.25).Within(Tol));
        Assert.That(s.Rebalances, Is.EqualTo(2));
    }

    [Test]
    public void SeriesAreAlignedOnCommonDatesInTheWindow()
    {
        // The benchmark lacks day 3: the index return from day 2 to day 4 spans the gap.
        var gappy = new LevelSeries(Dates.Where((_, k) => k != 3).ToArray(), [100, 101, 100, 102, 104]);
        var s = PerformanceStatistics.Compute(Index, gappy, Daily, from: Dates[1]);
        Assert.That(s.Returns, Is.EqualTo(3));
        Assert.That((s.Start, s.End), Is.EqualTo((Dates[1], Dates[5])));
        Assert.That(s.Index.TotalReturn, Is.EqualTo(106 / 102.0 - 1).Within(Tol));
        double[] r = [99 / 102.0 - 1, 101 / 99.0 - 1, 106 / 101.0 - 1];
        Assert.That(s.Index.Volatility, Is.EqualTo(Math.Sqrt(SampleCov(r, r) * 252)).Within(Tol));
    }

    [Test]
    public void StandaloneStatisticsOfOneSeries()
    {
        var s = PerformanceStatistics.Compute(Index, Daily, to: Dates[3]);
        Assert.That(s.Returns, Is.EqualTo(3));
        Assert.That(s.TotalReturn, Is.EqualTo(0.03).Within(Tol));
        Assert.That(s.AnnualisedReturn, Is.EqualTo(Math.Pow(1.03, 252 / 3.0) - 1).Within(1e-9));
    }

    [Test]
    public void TooFewCommonDatesIsBadInput()
    {
        var e = Assert.Throws<InputException>(() => PerformanceStatistics.Compute(Index, Benchmark, Daily, from: Dates[4]));
        Assert.That(e!.Message, Does.Contain("2 common date(s)").And.Contain("2017-01-06"));
    }

    [Test]
    public void FlatSeriesHasNoSharpe()
    {
        var flat = new LevelSeries(Dates, [100, 100, 100, 100, 100, 100]);
        var s = PerformanceStatistics.Compute(flat, Benchmark, Daily);
        Assert.That(s.Index.Volatility, Is.Zero);
        Assert.That(s.Index.Sharpe, Is.NaN);
        Assert.That(PerformanceStatistics.Compute(flat, Benchmark, new StatisticsConfig(252, 0.02)).Index.Sharpe, Is.NaN);
        Assert.That(PerformanceStatistics.Compute(Index, flat, Daily).Beta, Is.NaN);
        Assert.That(s.Index.MaxDrawdown, Is.Zero);
        Assert.That(s.Beta, Is.Zero);
    }

    [Test]
    public void RollingActiveReturn()
    {
        var (dates, values) = PerformanceStatistics.RollingActiveReturn(Index, Benchmark, 3);
        Assert.That(dates, Is.EqualTo(Dates[3..]));
        Assert.That(values, Is.EqualTo(new[] { 0.03 - 0.02, 101 / 102.0 - 102 / 101.0, 106 / 99.0 - 104 / 100.0 }).Within(Tol));
    }
}
