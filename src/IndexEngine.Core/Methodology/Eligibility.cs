using System.Globalization;
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
    public static EligibilityFailure[] Screen(ScreeningView history, EligibilityConfig config)
    {
        var counts = history.WindowReturnCounts();
        return Screen(history, config, counts, history.Technical.MinObservations);
    }

    /// <summary>Screens every security; <paramref name="returnCounts"/> holds each one's count of
    /// non-missing returns in W (see <see cref="ScreeningView.WindowReturns"/>).</summary>
    public static EligibilityFailure[] Screen(ScreeningView history, EligibilityConfig config, ReadOnlySpan<int> returnCounts, int minObservations)
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
    public static bool IsLiquid(ScreeningView history, int security, EligibilityConfig config)
    {
        for (int p = 0; p < config.AdvPeriods; p++)
            if (!Passes(Period(history, security, config, p), config)) return false;
        return true;
    }

    /// <summary>
    /// Why a security fails the screens: one phrase per failed screen of <paramref name="failure"/> (its
    /// result from <see cref="Screen(ScreeningView, EligibilityConfig, ReadOnlySpan{int}, int)"/>), every one
    /// and, for liquidity, every failing period; empty when it is eligible.
    /// </summary>
    public static IReadOnlyList<string> Reasons(
        ScreeningView history, EligibilityConfig config, int security, EligibilityFailure failure, int returnCount, int minObservations)
    {
        var c = CultureInfo.InvariantCulture;
        var s = history.Securities[security];
        var reasons = new List<string>();
        if ((failure & EligibilityFailure.CountryOrType) != 0)
        {
            if (!config.Countries.Contains(s.Country, StringComparer.Ordinal))
                reasons.Add($"country '{s.Country}' not in eligibility.countries [{string.Join(", ", config.Countries)}]");
            if (!config.Types.Contains(s.SecurityType, StringComparer.Ordinal))
                reasons.Add($"security_type '{s.SecurityType}' not in eligibility.types [{string.Join(", ", config.Types)}]");
        }
        if ((failure & EligibilityFailure.Liquidity) != 0)
        {
            for (int p = 0; p < config.AdvPeriods; p++)
            {
                var period = Period(history, security, config, p);
                if (Passes(period, config)) continue;
                string where = period.InCalendar
                    ? string.Create(c, $"period {p + 1} of {config.AdvPeriods} ({period.First:yyyy-MM-dd}..{period.Last:yyyy-MM-dd})")
                    : $"period {p + 1} of {config.AdvPeriods} (before the first price date)";
                reasons.Add(period.Traded == 0
                    ? $"liquidity: {where} has no trades"
                    : $"liquidity: {where} mean close*volume {Amount(period.Mean, config.MinAdv)} < eligibility.min_adv {config.MinAdv.ToString("R", c)}");
            }
        }
        if ((failure & EligibilityFailure.History) != 0)
            reasons.Add(string.Create(c, $"history: {returnCount} returns in W ({history.Technical.Window} days) < technical.min_observations {minObservations}"));
        if ((failure & EligibilityFailure.MarketCap) != 0)
            reasons.Add(double.IsNaN(s.MarketCap) ? "no market cap" : $"market_cap {s.MarketCap.ToString("R", c)} not positive");
        return reasons;
    }

    /// <summary>One liquidity period: its first and last trading day (none when it lies wholly before the
    /// calendar), how many days traded and the mean close × volume over them (NaN without trades).</summary>
    private readonly record struct AdvPeriod(bool InCalendar, DateOnly First, DateOnly Last, int Traded, double Mean);

    private static bool Passes(AdvPeriod period, EligibilityConfig config) => period.Traded > 0 && !(period.Mean < config.MinAdv);

    /// <summary>Period <paramref name="p"/> (0 = the one ending at S) of §3.2 for one security.</summary>
    private static AdvPeriod Period(ScreeningView history, int security, EligibilityConfig config, int p)
    {
        int periodLength = config.AdvDays / config.AdvPeriods;
        int newest = history.ScreeningIndex - p * periodLength;
        if (newest < 0) return new AdvPeriod(false, default, default, 0, double.NaN);
        double mean = MeanTradedValue(history.Closes(security), history.Volumes(security), newest, periodLength, out int traded);
        int oldest = Math.Max(0, newest - periodLength + 1);
        return new AdvPeriod(true, history.TradingDate(oldest), history.TradingDate(newest), traded, mean);
    }

    /// <summary>
    /// §3.2's liquidity measure, the one implementation (eligibility's periods and the capacity analysis read it):
    /// the mean of close × volume over the days with a trade (a close and a volume above 0) among the
    /// <paramref name="days"/> trading days ending at calendar index <paramref name="newest"/>, cut at the calendar's
    /// start; NaN when none traded.
    /// </summary>
    public static double MeanTradedValue(ReadOnlySpan<double> closes, ReadOnlySpan<double> volumes, int newest, int days, out int traded)
    {
        double sum = 0;
        traded = 0;
        for (int t = newest; t > newest - days && t >= 0; t--)
        {
            double close = closes[t], volume = volumes[t];
            if (double.IsNaN(close) || !(volume > 0)) continue;
            sum += close * volume;
            traded++;
        }
        return traded == 0 ? double.NaN : sum / traded;
    }

    /// <summary>A mean for a message: two decimals, cut rather than rounded where rounding would reach the minimum.</summary>
    private static string Amount(double mean, double minimum)
    {
        double shown = Math.Round(mean, 2);
        if (!(shown < minimum)) shown = Math.Floor(mean * 100) / 100;
        return shown.ToString("0.##", CultureInfo.InvariantCulture);
    }
}
