using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;
using IndexEngine.Reporting;

namespace IndexEngine.Tests.Reporting;

/// <summary>A deterministic synthetic backtest (seeded random walks, quarterly rebalances, eleven sectors)
/// to render and look at.</summary>
internal static class SampleBacktestReport
{
    private static readonly string[] Sectors =
    [
        "Information Technology", "Health Care", "Financials", "Consumer Discretionary", "Industrials",
        "Consumer Staples", "Energy", "Utilities", "Real Estate", "Materials", "Telecommunication Services",
    ];

    public static BacktestReport Create(string title = "Multifactor index backtest", int years = 7)
    {
        var random = new Random(20170310);
        var dates = new List<DateOnly>();
        for (var d = new DateOnly(2010, 3, 12); dates.Count < years * 252; d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) dates.Add(d);

        var tr = new double[dates.Count];
        var pr = new double[dates.Count];
        var bench = new double[dates.Count];
        (tr[0], pr[0], bench[0]) = (200, 200, 1150);
        for (int t = 1; t < dates.Count; t++)
        {
            double market = 0.0003 + 0.011 * Gaussian(random) + (t is > 300 and < 360 ? -0.006 : 0);
            double active = 0.00008 + 0.003 * Gaussian(random);
            tr[t] = tr[t - 1] * (1 + 0.95 * market + active);
            pr[t] = pr[t - 1] * (1 + 0.95 * market + active - 0.02 / 252);
            bench[t] = bench[t - 1] * (1 + market);
        }

        var rebalances = new List<RebalanceSnapshot>();
        var schedule = ReconstitutionSchedule.Between(dates, dates[0].AddDays(-30), dates[^1]).Where(r => r.EffectiveInCalendar).ToList();
        schedule.Insert(0, new Reconstitution(new DateOnly(2010, 2, 26), dates[0], true, true));
        foreach (var r in schedule)
        {
            var raw = Sectors.Select((_, k) => 1.0 / (k + 2) + 0.04 * random.NextDouble()).ToArray();
            double sum = raw.Sum();
            var deciles = Enumerable.Range(0, 10).Select(k => 0.1 + 0.03 * (4.5 - k) / 4.5 + 0.01 * random.NextDouble()).ToArray();
            double decileSum = deciles.Sum();
            var universe = Enumerable.Range(0, 10).Select(k => Math.Pow(0.62, k)).ToArray();
            double universeSum = universe.Sum();
            rebalances.Add(new RebalanceSnapshot(
                r.Screening, r.Effective, 200,
                rebalances.Count == 0 ? null : 0.15 + 0.2 * random.NextDouble(),
                Sectors.Select((s, k) => (s, raw[k] / sum)).ToArray(),
                deciles.Select(x => x / decileSum).ToArray(),
                universe.Select(x => x / universeSum).ToArray()));
        }

        var trSeries = new LevelSeries(dates, tr);
        var benchSeries = new LevelSeries(dates, bench);
        var stats = PerformanceStatistics.Compute(trSeries, benchSeries, new StatisticsConfig(252, 0), turnovers:
            rebalances.Where(r => r.Turnover is not null).Select(r => (r.Effective, r.Turnover!.Value)).ToArray());
        return new BacktestReport(
            title,
            [
                ("Universe", "../shared/data/sp500-2017"), ("Config", "config/technical.json"),
                ("Selection", "200 of 494 by composite factor score"), ("Weighting", "50% CFS, 50% inverse volatility; sector neutral; 5% cap"),
                ("Base value", "200 on " + dates[0].ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
                ("Benchmark", "SPY (adjusted close)"),
            ],
            new LevelSeries(dates, pr), trSeries, benchSeries, "SPY", stats, rebalances);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
