using System.Globalization;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology;

/// <summary>A security of the input outside the starting universe U: ineligible (with every screen it
/// failed) or eligible but outside the universe rule's size band.</summary>
public sealed record ExcludedSecurity(Security Security, bool Eligible, string Reason);

/// <summary>Why each security of the input is not in U (§3), for scores.csv and <c>validate --list-excluded</c>.</summary>
public static class Exclusions
{
    /// <summary>Screens the universe at the history's screening date and explains everything outside U.</summary>
    public static IReadOnlyList<ExcludedSecurity> OutsideUniverse(ScreeningView history, MethodologyConfig config)
    {
        var counts = history.WindowReturnCounts();
        var eligibility = Eligibility.Screen(history, config.Eligibility, counts, config.Technical.MinObservations);
        return OutsideUniverse(history, config, eligibility, counts);
    }

    /// <summary>
    /// The securities outside U in id order (ordinal), each with the reason: every failed screen joined by
    /// "; ", or its size rank among the eligible when it is eligible but outside the universe rule's size band.
    /// </summary>
    public static IReadOnlyList<ExcludedSecurity> OutsideUniverse(
        ScreeningView history, MethodologyConfig config, EligibilityFailure[] eligibility, ReadOnlySpan<int> returnCounts) =>
        OutsideUniverse(history, config.Eligibility, config.Technical.MinObservations, LargestByCap.For(config), eligibility, returnCounts);

    /// <summary>As above, from the screens' and the universe rule's own settings (all it reads).</summary>
    public static IReadOnlyList<ExcludedSecurity> OutsideUniverse(
        ScreeningView history, EligibilityConfig screens, int minObservations, IUniverseRule rule, EligibilityFailure[] eligibility, ReadOnlySpan<int> returnCounts)
    {
        var securities = history.Securities;
        var ranked = StartingUniverse.Ranked(securities, eligibility);
        var rank = new int[securities.Count];
        for (int r = 0; r < ranked.Count; r++) rank[ranked[r]] = r + 1;

        var result = new List<ExcludedSecurity>();
        for (int i = 0; i < securities.Count; i++)
        {
            if (eligibility[i] == EligibilityFailure.None)
            {
                if (rule.OutsideReason(rank[i], ranked.Count) is { } reason)
                    result.Add(new ExcludedSecurity(securities[i], true, reason));
                continue;
            }
            var reasons = Eligibility.Reasons(history, screens, i, eligibility[i], returnCounts[i], minObservations);
            result.Add(new ExcludedSecurity(securities[i], false, string.Join("; ", reasons)));
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Security.Id, b.Security.Id));
        return result;
    }
}
