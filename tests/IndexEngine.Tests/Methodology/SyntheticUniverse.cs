using IndexEngine.Core.Model;

namespace IndexEngine.Tests.Methodology;

/// <summary>
/// A deterministic random universe for end-to-end and property tests: a one-factor market model for
/// prices, a few missing days, quarterly dividends, fundamentals with some gaps, and a share of securities
/// that fail a screen (foreign, illiquid, short history, no market cap).
/// </summary>
internal static class SyntheticUniverse
{
    public static readonly string[] Sectors = ["Energy", "Financials", "Health Care", "Industrials", "Information Technology"];

    public static readonly string[] Fundamentals =
        ["earnings_yield", "book_to_price", "sales_to_price", "roe", "roa", "roe_change", "roa_change"];

    public static Universe Create(ulong seed, int securityCount = 60, int dateCount = 300, double ineligibleShare = 0.1, double missingMetricShare = 0.05)
    {
        var random = new TestRandom(seed);
        var builder = new TestUniverseBuilder(dateCount);
        var market = new double[dateCount];
        for (int t = 0; t < dateCount; t++) market[t] = 0.0003 + 0.01 * random.Gaussian();

        for (int i = 0; i < securityCount; i++)
        {
            string id = $"S{i:D3}";
            double screenOut = random.NextDouble();
            // Split the ineligible share evenly over four screens.
            bool foreign = screenOut < ineligibleShare / 4;
            bool illiquid = screenOut >= ineligibleShare / 4 && screenOut < ineligibleShare / 2;
            bool young = screenOut >= ineligibleShare / 2 && screenOut < 3 * ineligibleShare / 4;
            bool noCap = screenOut >= 3 * ineligibleShare / 4 && screenOut < ineligibleShare;

            double cap = noCap ? double.NaN : Math.Exp(random.Uniform(Math.Log(5e8), Math.Log(5e11)));
            builder.AddSecurity(id, cap, random.Pick(Sectors), foreign ? "CA" : "US", random.Chance(0.15) ? "reit" : "common");

            double beta = random.Uniform(0.5, 1.5), idiosyncratic = random.Uniform(0.005, 0.03);
            double price = random.Uniform(10, 200), shares = random.Uniform(2e5, 2e6);
            int firstDay = young ? dateCount - 150 : 0;
            for (int t = 0; t < dateCount; t++)
            {
                price *= Math.Exp(beta * market[t] + idiosyncratic * random.Gaussian());
                bool missingDay = random.Chance(0.01);
                if (t < firstDay || missingDay) continue;
                builder.Close(id, t, Math.Round(price, 4));
                builder.Volume(id, t, illiquid ? Math.Round(shares / 5000) : Math.Round(shares * random.Uniform(0.5, 1.5)));
                if (t % 63 == 17 && random.Chance(0.5)) builder.Dividend(id, t, Math.Round(price * 0.005, 4));
            }
            foreach (var metric in Fundamentals)
                if (!random.Chance(missingMetricShare)) builder.Metric(id, metric, Math.Round(random.Gaussian(), 6));
        }
        foreach (var metric in Fundamentals) builder.MetricColumn(metric);
        return builder.Build();
    }
}
