using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology;

/// <summary>METHODOLOGY §3: the starting universe U is the <c>universe.size</c> eligible securities with the
/// largest market cap (ties: id ordinal ascending).</summary>
public static class StartingUniverse
{
    public static int[] Select(Universe universe, ReadOnlySpan<EligibilityFailure> eligibility, int size) =>
        Ranked(universe, eligibility).Take(size).ToArray();

    /// <summary>Every eligible security in size order: U is the first <c>universe.size</c> of them.</summary>
    public static List<int> Ranked(Universe universe, ReadOnlySpan<EligibilityFailure> eligibility)
    {
        var eligible = new List<int>();
        for (int i = 0; i < universe.SecurityCount; i++)
            if (eligibility[i] == EligibilityFailure.None) eligible.Add(i);
        eligible.Sort((x, y) => ByMarketCapDescending(universe, x, y));
        return eligible;
    }

    /// <summary>Market cap descending, then id ordinal ascending: the size order used throughout.</summary>
    public static int ByMarketCapDescending(Universe universe, int x, int y) =>
        BySize(universe.Securities[x].MarketCap, universe.Securities[x].Id, universe.Securities[y].MarketCap, universe.Securities[y].Id);

    /// <summary>The size order on its own terms: larger market cap first, then id ordinal ascending.</summary>
    public static int BySize(double capA, string idA, double capB, string idB)
    {
        int byCap = capB.CompareTo(capA);
        return byCap != 0 ? byCap : string.CompareOrdinal(idA, idB);
    }
}
