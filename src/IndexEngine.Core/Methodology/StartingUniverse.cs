using System.Globalization;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology;

/// <summary>METHODOLOGY §3: the starting universe U is the <c>universe.size</c> eligible securities with the
/// largest market cap (ties: id ordinal ascending).</summary>
public static class StartingUniverse
{
    /// <param name="securities">The securities as of S (their point-in-time market caps).</param>
    /// <param name="eligibility">Each security's screen result.</param>
    /// <param name="size">universe.size.</param>
    public static int[] Select(IReadOnlyList<Security> securities, ReadOnlySpan<EligibilityFailure> eligibility, int size) =>
        Ranked(securities, eligibility).Take(size).ToArray();

    /// <summary>Every eligible security in size order: U is the first <c>universe.size</c> of them.</summary>
    public static List<int> Ranked(IReadOnlyList<Security> securities, ReadOnlySpan<EligibilityFailure> eligibility)
    {
        var eligible = new List<int>();
        for (int i = 0; i < securities.Count; i++)
            if (eligibility[i] == EligibilityFailure.None) eligible.Add(i);
        eligible.Sort((x, y) => BySize(securities[x].MarketCap, securities[x].Id, securities[y].MarketCap, securities[y].Id));
        return eligible;
    }

    /// <summary>The size order on its own terms: larger market cap first, then id ordinal ascending.</summary>
    public static int BySize(double capA, string idA, double capB, string idB)
    {
        int byCap = capB.CompareTo(capA);
        return byCap != 0 ? byCap : string.CompareOrdinal(idA, idB);
    }
}

/// <summary>The starting-universe stage (§3): which of the eligible securities form U.</summary>
public interface IUniverseRule
{
    /// <summary>U as indices into <paramref name="securities"/>, in size order.</summary>
    int[] Select(IReadOnlyList<Security> securities, ReadOnlySpan<EligibilityFailure> eligibility);

    /// <summary>Why an eligible security of size rank <paramref name="rank"/> (1-based, of
    /// <paramref name="eligibleCount"/>) is outside U, or null when it is in U.</summary>
    string? OutsideReason(int rank, int eligibleCount);

    /// <summary>U in a few words, for the report (e.g. "largest 800").</summary>
    string Describe();
}

/// <summary>
/// <c>universe.rule = largest_by_cap</c>: the eligible securities ranked <see cref="RankFrom"/> to
/// <see cref="RankTo"/> by point-in-time market cap (1 to <c>universe.size</c> is today's "largest N";
/// 1,001 to 3,000 a small-cap band).
/// </summary>
public sealed record LargestByCap(int RankFrom, int RankTo) : IUniverseRule
{
    /// <summary>The rule a config chooses: the band <c>universe.rank_from</c>..<c>universe.rank_to</c>, whose
    /// end defaults to <c>universe.size</c>.</summary>
    public static IUniverseRule For(MethodologyConfig config) => config.Universe.Rule switch
    {
        UniverseRule.LargestByCap => new LargestByCap(config.Universe.RankFrom, config.Universe.RankTo ?? config.UniverseSize),
        _ => throw new ArgumentOutOfRangeException(nameof(config), config.Universe.Rule, "unknown universe rule"),
    };

    public int[] Select(IReadOnlyList<Security> securities, ReadOnlySpan<EligibilityFailure> eligibility) =>
        StartingUniverse.Ranked(securities, eligibility).Skip(RankFrom - 1).Take(RankTo - RankFrom + 1).ToArray();

    public string? OutsideReason(int rank, int eligibleCount) =>
        rank >= RankFrom && rank <= RankTo ? null
        // Today's wording for today's rule, so the default scores.csv does not change.
        : RankFrom == 1 ? string.Create(CultureInfo.InvariantCulture,
            $"eligible but outside the largest universe.size {RankTo} (size rank {rank} of {eligibleCount} eligible)")
        : string.Create(CultureInfo.InvariantCulture,
            $"eligible but outside the size band universe.rank_from {RankFrom} to rank_to {RankTo} (size rank {rank} of {eligibleCount} eligible)");

    public string Describe() => RankFrom == 1
        ? string.Create(CultureInfo.InvariantCulture, $"largest {RankTo}")
        : string.Create(CultureInfo.InvariantCulture, $"size ranks {RankFrom}–{RankTo}");
}
