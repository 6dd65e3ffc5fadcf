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
