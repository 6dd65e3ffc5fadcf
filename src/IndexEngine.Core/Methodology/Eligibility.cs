using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology;

/// <summary>The eligibility screens of METHODOLOGY §3 a security can fail (several at once).</summary>
[Flags]
public enum EligibilityFailure
{
    None = 0,
    CountryOrType = 1,
    Liquidity = 2,
    History = 4,
    MarketCap = 8,
}

/// <summary>METHODOLOGY §3.1–3.4: country and type, liquidity, history and market cap screens.</summary>
public static class Eligibility
{
    /// <summary>Screens every security, counting its returns in W itself (for callers without a return matrix).</summary>
    public static EligibilityFailure[] Screen(PriceHistory history, EligibilityConfig config)
    {
        var returns = ReturnMatrix.ForAll(history);
        var counts = new int[returns.Count];
        for (int i = 0; i < counts.Length; i++) counts[i] = returns.CountAvailable(i);
        return Screen(history, config, counts, history.Technical.MinObservations);
    }

    /// <summary>Screens every security; <paramref name="returnCounts"/> holds each one's count of
    /// non-missing returns in W (see <see cref="PriceHistory.WindowReturns"/>).</summary>
    public static EligibilityFailure[] Screen(PriceHistory history, EligibilityConfig config, ReadOnlySpan<int> returnCounts, int minObservations)
    {
        var countries = new HashSet<string>(config.Countries, StringComparer.Ordinal);
        var types = new HashSet<string>(config.Types, StringComparer.Ordinal);
        var result = new EligibilityFailure[history.SecurityCount];
        for (int i = 0; i < history.SecurityCount; i++)
        {
            var security = history.Securities[i];
            var failure = EligibilityFailure.None;
            if (!countries.Contains(security.Country) || !types.Contains(security.SecurityType))
                failure |= EligibilityFailure.CountryOrType;
            if (!IsLiquid(history, i, config))
                failure |= EligibilityFailure.Liquidity;
            if (returnCounts[i] < minObservations)
                failure |= EligibilityFailure.History;
            if (!(security.MarketCap > 0)) // the cap as of S (§11)
                failure |= EligibilityFailure.MarketCap;
            result[i] = failure;
        }
        return result;
    }

    /// <summary>
    /// §3.2: the <c>adv_days</c> days ending at S cut into <c>adv_periods</c> equal periods; in each, the
    /// mean of close × volume over the days the security traded (a price row with volume &gt; 0) must reach
    /// <c>min_adv</c>. A period with no trades fails. Raw closes only: a carried close is not a trade.
    /// </summary>
    public static bool IsLiquid(PriceHistory history, int security, EligibilityConfig config)
    {
        var closes = history.Closes(security);
        var volumes = history.Volumes(security);
        int periodLength = config.AdvDays / config.AdvPeriods;
        for (int p = 0; p < config.AdvPeriods; p++)
        {
            double sum = 0;
            int traded = 0;
            for (int k = p * periodLength; k < (p + 1) * periodLength; k++)
            {
                int t = history.ScreeningIndex - k;
                if (t < 0) break;
                double close = closes[t], volume = volumes[t];
                if (double.IsNaN(close) || !(volume > 0)) continue;
                sum += close * volume;
                traded++;
            }
            if (traded == 0 || sum / traded < config.MinAdv) return false;
        }
        return true;
    }
}
