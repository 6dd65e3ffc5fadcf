using IndexEngine.Core.Configuration;

namespace IndexEngine.Core.Methodology;

/// <summary>
/// METHODOLOGY §4, the metrics computed from prices: volatility, risk-adjusted momentum and correlation
/// to the market. Fundamental metrics come straight from metrics.csv.
/// </summary>
public static class TechnicalMetrics
{
    public const string Volatility = "vol";
    public const string Momentum12x1 = "mom_12_1";
    public const string Momentum6x1 = "mom_6_1";
    public const string CorrelationToMarket = "corr_market";

    public static readonly IReadOnlyList<string> Names = [Volatility, Momentum12x1, Momentum6x1, CorrelationToMarket];

    /// <summary>vol(i): sample standard deviation (n-1) of the returns in W times sqrt(annualisation).</summary>
    public static double AnnualisedVolatility(ReadOnlySpan<double> returns, double annualisation)
    {
        ScoringKernels.MeanAndSampleStd(returns, out _, out _, out double std);
        return std * Math.Sqrt(annualisation);
    }

    /// <summary>(close(i, skip) / close(i, lookback) - 1) / vol(i); NaN if a close is missing or vol is not positive.</summary>
    public static double RiskAdjustedMomentum(ScreeningView history, int security, int skip, int lookback, double volatility)
    {
        double recent = history.Close(security, skip);
        double past = history.Close(security, lookback);
        if (double.IsNaN(recent) || double.IsNaN(past) || !(volatility > 0)) return double.NaN;
        return (recent / past - 1.0) / volatility;
    }

    /// <summary>Pearson correlation over the days where both returns exist; NaN with fewer than
    /// <paramref name="minObservations"/> such days or no variance in either series.</summary>
    public static double Correlation(ReadOnlySpan<double> returns, ReadOnlySpan<double> market, int minObservations)
    {
        int n = 0;
        double sumX = 0, sumY = 0;
        for (int t = 0; t < returns.Length; t++)
        {
            if (double.IsNaN(returns[t]) || double.IsNaN(market[t])) continue;
            sumX += returns[t];
            sumY += market[t];
            n++;
        }
        if (n < minObservations || n < 2) return double.NaN;
        double meanX = sumX / n, meanY = sumY / n, sxx = 0, syy = 0, sxy = 0;
        for (int t = 0; t < returns.Length; t++)
        {
            if (double.IsNaN(returns[t]) || double.IsNaN(market[t])) continue;
            double dx = returns[t] - meanX, dy = market[t] - meanY;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        if (!(sxx > 0) || !(syy > 0)) return double.NaN;
        return sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Every technical metric for the members of U, by metric name, aligned with <paramref name="members"/>.</summary>
    public static Dictionary<string, double[]> Compute(
        ScreeningView history, IReadOnlyList<int> members, ReturnMatrix memberReturns, ReadOnlySpan<double> market)
    {
        var technical = history.Technical;
        var vol = new double[members.Count];
        var mom12 = new double[members.Count];
        var mom6 = new double[members.Count];
        var corr = new double[members.Count];
        for (int u = 0; u < members.Count; u++)
        {
            var returns = memberReturns.Row(u);
            vol[u] = AnnualisedVolatility(returns, technical.Annualisation);
            mom12[u] = RiskAdjustedMomentum(history, members[u], technical.MomentumSkip, technical.MomentumLong, vol[u]);
            mom6[u] = RiskAdjustedMomentum(history, members[u], technical.MomentumSkip, technical.MomentumShort, vol[u]);
            corr[u] = Correlation(returns, market, technical.MinObservations);
        }
        return new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            [Volatility] = vol,
            [Momentum12x1] = mom12,
            [Momentum6x1] = mom6,
            [CorrelationToMarket] = corr,
        };
    }
}
