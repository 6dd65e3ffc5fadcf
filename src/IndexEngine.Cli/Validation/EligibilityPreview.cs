using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Cli.Validation;

/// <summary>Which eligibility screens (METHODOLOGY §3) a security fails at the screening date.</summary>
[Flags]
public enum ScreenFailures
{
    None = 0,
    CountryOrType = 1,
    Liquidity = 2,
    History = 4,
    MarketCap = 8,
}

/// <summary>
/// A self-contained preview of the §3 eligibility screens for <c>validate</c>'s data-quality summary, so
/// that a user sees how many securities each screen removes before running a rebalance. The engine's
/// own eligibility rule lives in Core; this file is the whole preview.
/// </summary>
public static class EligibilityPreview
{
    /// <summary>The screens each security fails at date index <paramref name="asOf"/>.</summary>
    public static ScreenFailures[] Evaluate(Universe universe, int asOf, EligibilityConfig eligibility, TechnicalConfig technical)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(asOf);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(asOf, universe.DateCount);
        var countries = new HashSet<string>(eligibility.Countries, StringComparer.Ordinal);
        var types = new HashSet<string>(eligibility.Types, StringComparer.Ordinal);
        var result = new ScreenFailures[universe.SecurityCount];
        for (int i = 0; i < universe.SecurityCount; i++)
        {
            var security = universe.Securities[i];
            var failures = ScreenFailures.None;
            if (!countries.Contains(security.Country) || !types.Contains(security.SecurityType))
                failures |= ScreenFailures.CountryOrType;
            if (!IsLiquid(universe.Closes(i), universe.Volumes(i), asOf, eligibility))
                failures |= ScreenFailures.Liquidity;
            if (ReturnCount(universe.Closes(i), asOf, technical.Window) < technical.MinObservations)
                failures |= ScreenFailures.History;
            if (!(security.MarketCap > 0))
                failures |= ScreenFailures.MarketCap;
            result[i] = failures;
        }
        return result;
    }

    /// <summary>§3.2: each of the periods cutting the ADV days ending at S has a mean traded value
    /// (close × volume over the days with a close and a positive volume) of at least min_adv; a period
    /// without trades, or before the first date, fails.</summary>
    public static bool IsLiquid(ReadOnlySpan<double> close, ReadOnlySpan<double> volume, int asOf, EligibilityConfig eligibility)
    {
        int periodLength = eligibility.AdvDays / eligibility.AdvPeriods;
        for (int p = 0; p < eligibility.AdvPeriods; p++)
        {
            int end = asOf - p * periodLength, start = end - periodLength + 1;
            double sum = 0;
            int traded = 0;
            for (int t = Math.Max(start, 0); t <= end; t++)
            {
                if (double.IsNaN(close[t]) || !(volume[t] > 0)) continue;
                sum += close[t] * volume[t];
                traded++;
            }
            if (traded == 0 || sum / traded < eligibility.MinAdv) return false;
        }
        return true;
    }

    /// <summary>§2/§3.3: daily returns in the window of trading days ending at S where the close of the
    /// day and of the previous trading day both exist.</summary>
    public static int ReturnCount(ReadOnlySpan<double> close, int asOf, int window)
    {
        int count = 0;
        for (int t = Math.Max(asOf - window + 1, 1); t <= asOf; t++)
            if (!double.IsNaN(close[t]) && !double.IsNaN(close[t - 1])) count++;
        return count;
    }
}
