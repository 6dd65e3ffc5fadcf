using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology;

/// <summary>METHODOLOGY §4: the market return m(t) over W that low correlation is measured against.</summary>
public static class MarketReturn
{
    /// <summary>
    /// <c>market.source: universe</c>: sum over U of market_cap × r divided by the market cap of the members
    /// of U that have r(t); NaN on a day where none has a return.
    /// </summary>
    public static double[] CapWeighted(ReturnMatrix returns, ReadOnlySpan<double> marketCaps)
    {
        var market = new double[returns.Window];
        for (int t = 0; t < returns.Window; t++)
        {
            double weighted = 0, caps = 0;
            for (int u = 0; u < returns.Count; u++)
            {
                double r = returns.Row(u)[t];
                if (double.IsNaN(r)) continue;
                weighted += marketCaps[u] * r;
                caps += marketCaps[u];
            }
            market[t] = caps > 0 ? weighted / caps : double.NaN;
        }
        return market;
    }

    /// <summary>
    /// <c>market.source: benchmark</c>: the benchmark's daily return on each day of W, taken on the price
    /// calendar (close on t over close on the previous trading day); NaN where the benchmark lacks either.
    /// </summary>
    public static double[] FromBenchmark(ScreeningView history, LevelSeries benchmark)
    {
        var byDate = new Dictionary<DateOnly, double>(benchmark.Count);
        for (int n = 0; n < benchmark.Count; n++) byDate[benchmark.Dates[n]] = benchmark.Values[n];
        int window = history.Technical.Window;
        var market = new double[window];
        int first = history.ScreeningIndex - window + 1;
        for (int n = 0; n < window; n++)
        {
            int t = first + n;
            market[n] = t >= 1 && byDate.TryGetValue(history.TradingDate(t), out var today) && byDate.TryGetValue(history.TradingDate(t - 1), out var before)
                ? today / before - 1.0
                : double.NaN;
        }
        return market;
    }
}
