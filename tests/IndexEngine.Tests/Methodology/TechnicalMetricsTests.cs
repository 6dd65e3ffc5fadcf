using IndexEngine.Core.Methodology;
using NUnit.Framework;

namespace IndexEngine.Tests.Methodology;

/// <summary>METHODOLOGY §4: vol, risk-adjusted momentum, correlation to the market and the cap-weighted market return.</summary>
[TestFixture]
public sealed class TechnicalMetricsTests
{
    [Test]
    public void Volatility_is_the_sample_standard_deviation_times_sqrt_252()
    {
        // Non-missing returns 0.01, -0.02, 0.03, 0.00: mean 0.02 / 4 = 0.005;
        // squared deviations 0.005², 0.025², 0.025², 0.005² = 0.000025 + 0.000625 + 0.000625 + 0.000025 = 0.0013;
        // sample variance 0.0013 / 3 = 0.00043333; std 0.0208167; × sqrt(252) = 0.330454.
        double[] returns = [0.01, -0.02, 0.03, double.NaN, 0.00];
        double vol = TechnicalMetrics.AnnualisedVolatility(returns, 252);
        Assert.That(vol, Is.EqualTo(Math.Sqrt(0.0013 / 3) * Math.Sqrt(252)).Within(1e-15));
        Assert.That(vol, Is.EqualTo(0.330454).Within(1e-6));
        Assert.That(TechnicalMetrics.AnnualisedVolatility([0.01, double.NaN], 252), Is.NaN, "one return has no sample std");
    }

    [Test]
    public void Momentum_uses_the_fallback_close_and_divides_by_vol()
    {
        // S = day 9. skip = 2, long = 6, short = 4. Day 7 (k = 2) has no close, so close(2) falls back to day 6 (k = 3).
        // Closes: day 3 (k = 6) = 80, day 5 (k = 4) = 85, day 6 = 90.
        var builder = new TestUniverseBuilder(10).AddSecurity("X")
            .Closes("X", t => t switch { 3 => 80, 4 => 82, 5 => 85, 6 => 90, 8 => 95, 9 => 99, _ => double.NaN });
        var history = new ScreeningView(builder.Build(), 9,
            TestConfigs.Technical(window: 5, minObservations: 3, momentumSkip: 2, momentumLong: 6, momentumShort: 4));

        using (Assert.EnterMultipleScope())
        {
            // (90 / 80 - 1) / 0.25 = 0.125 / 0.25 = 0.5
            Assert.That(TechnicalMetrics.RiskAdjustedMomentum(history, 0, 2, 6, 0.25), Is.EqualTo(0.5).Within(1e-15));
            // (90 / 85 - 1) / 0.25 = (5 / 85) / 0.25 = 0.235294...
            Assert.That(TechnicalMetrics.RiskAdjustedMomentum(history, 0, 2, 4, 0.25), Is.EqualTo(5.0 / 85.0 / 0.25).Within(1e-15));
            // k = 8 is day 1: no close within 5 days before it -> missing.
            Assert.That(TechnicalMetrics.RiskAdjustedMomentum(history, 0, 2, 8, 0.25), Is.NaN);
            Assert.That(TechnicalMetrics.RiskAdjustedMomentum(history, 0, 2, 6, 0.0), Is.NaN, "no volatility, no risk-adjusted momentum");
        }
    }

    [Test]
    public void Correlation_over_days_where_both_returns_exist()
    {
        // Pairs where both exist: x = 1, 2, 3, 4, 5; y = 2, 1, 4, 3, 5. Means 3 and 3.
        // dx = -2, -1, 0, 1, 2; dy = -1, -2, 1, 0, 2; sxy = 2 + 2 + 0 + 0 + 4 = 8; sxx = 10; syy = 1 + 4 + 1 + 0 + 4 = 10.
        // r = 8 / sqrt(10 × 10) = 0.8. Days 2 and 5 lack one side and are skipped.
        double[] x = [1, 2, double.NaN, 3, 4, 7, 5];
        double[] y = [2, 1, 9, 4, 3, double.NaN, 5];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TechnicalMetrics.Correlation(x, y, 5), Is.EqualTo(0.8).Within(1e-15));
            Assert.That(TechnicalMetrics.Correlation(x, y, 6), Is.NaN, "5 common days < 6 required");
            Assert.That(TechnicalMetrics.Correlation(x, [1, 1, 1, 1, 1, 1, 1], 2), Is.NaN, "a flat market has no correlation");
        }
    }

    [Test]
    public void Correlation_matches_a_direct_pearson_computation_on_a_longer_series()
    {
        var random = new TestRandom(7);
        var x = new double[252];
        var y = new double[252];
        for (int t = 0; t < 252; t++)
        {
            y[t] = 0.01 * random.Gaussian();
            x[t] = 0.6 * y[t] + 0.01 * random.Gaussian();
            if (t % 9 == 0) x[t] = double.NaN;
        }
        var pairs = Enumerable.Range(0, 252).Where(t => !double.IsNaN(x[t])).Select(t => (X: x[t], Y: y[t])).ToArray();
        double mx = pairs.Average(p => p.X), my = pairs.Average(p => p.Y);
        double cov = pairs.Sum(p => (p.X - mx) * (p.Y - my));
        double expected = cov / Math.Sqrt(pairs.Sum(p => (p.X - mx) * (p.X - mx)) * pairs.Sum(p => (p.Y - my) * (p.Y - my)));

        Assert.That(pairs, Has.Length.EqualTo(224)); // 252 - 28 days with t % 9 == 0
        Assert.That(TechnicalMetrics.Correlation(x, y, 200), Is.EqualTo(expected).Within(1e-12));
        Assert.That(TechnicalMetrics.Correlation(x, y, 225), Is.NaN);
    }

    [Test]
    public void Market_return_is_cap_weighted_over_the_members_that_have_a_return()
    {
        // Caps 100, 200, 300. Day 0: the third has no return -> (100 × 0.01 + 200 × 0.02) / (100 + 200) = 5 / 300.
        // Day 1: (100 × 0.03 + 200 × 0 + 300 × -0.01) / 600 = 0. Day 2: nobody has a return -> missing.
        var returns = new ReturnMatrix(3, 3);
        double[][] rows = [[0.01, 0.03, double.NaN], [0.02, 0.0, double.NaN], [double.NaN, -0.01, double.NaN]];
        for (int u = 0; u < 3; u++) rows[u].CopyTo(returns.Row(u));

        var market = MarketReturn.CapWeighted(returns, [100, 200, 300]);

        Assert.That(market[0], Is.EqualTo(5.0 / 300.0).Within(1e-17));
        Assert.That(market[1], Is.EqualTo(0.0).Within(1e-16));
        Assert.That(market[2], Is.NaN);
    }

    [Test]
    public void Compute_fills_every_technical_metric_for_the_members()
    {
        // Two securities over 8 days, W = 5, skip 1, long 4, short 2; member order is the reverse of the universe order.
        var builder = new TestUniverseBuilder(8)
            .AddSecurity("A").Closes("A", t => 100.0 + t * t)
            .AddSecurity("B").Closes("B", t => 50.0 + 3 * t + (t % 2));
        var history = new ScreeningView(builder.Build(), 7,
            TestConfigs.Technical(window: 5, minObservations: 4, momentumSkip: 1, momentumLong: 4, momentumShort: 2));
        int[] members = [1, 0];
        var returns = ReturnMatrix.ForAll(history).Subset(members);
        var market = MarketReturn.CapWeighted(returns, [1.0, 3.0]);
        var metrics = TechnicalMetrics.Compute(history, members, returns, market);

        for (int u = 0; u < 2; u++)
        {
            var r = new double[5];
            history.WindowReturns(members[u], r);
            double vol = TechnicalMetrics.AnnualisedVolatility(r, 252);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(metrics[TechnicalMetrics.Volatility][u], Is.EqualTo(vol));
                Assert.That(metrics[TechnicalMetrics.Momentum12x1][u], Is.EqualTo((history.Close(members[u], 1) / history.Close(members[u], 4) - 1) / vol));
                Assert.That(metrics[TechnicalMetrics.Momentum6x1][u], Is.EqualTo((history.Close(members[u], 1) / history.Close(members[u], 2) - 1) / vol));
                Assert.That(metrics[TechnicalMetrics.CorrelationToMarket][u], Is.EqualTo(TechnicalMetrics.Correlation(r, market, 4)));
            }
        }
        // A (member 1): close(1) = day 6 = 100 + 36 = 136, close(4) = day 3 = 100 + 9 = 109.
        Assert.That(metrics[TechnicalMetrics.Momentum12x1][1], Is.EqualTo((136.0 / 109.0 - 1) / metrics[TechnicalMetrics.Volatility][1]));
    }
}
