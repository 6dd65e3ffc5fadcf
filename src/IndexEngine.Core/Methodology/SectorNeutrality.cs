using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology;

/// <summary>Per sector: weight in U by market cap (T), the index target (T') and the sector's selected count.</summary>
public sealed record SectorTarget(string Sector, double UniverseWeight, double Target, int Selected);

/// <summary>METHODOLOGY §7.2: sector targets from U's cap weights and the sector-neutral weights.</summary>
public static class SectorNeutrality
{
    /// <summary>
    /// T(s) over U; sectors without a selected member give up their weight (T' = T / sum of T over sectors
    /// with one); with <c>sector_cap</c>, T' is capped and the excess handed to the uncapped sectors in
    /// proportion to their T' until none exceeds. Sorted by sector name (ordinal).
    /// </summary>
    public static IReadOnlyList<SectorTarget> Targets(IReadOnlyList<Security> members, IReadOnlyList<int> selected, double? sectorCap)
    {
        var sectors = members.Select(m => m.Sector).Distinct().Order(StringComparer.Ordinal).ToArray();
        var capBySector = sectors.ToDictionary(s => s, _ => 0.0, StringComparer.Ordinal);
        double totalCap = 0;
        foreach (var m in members)
        {
            capBySector[m.Sector] += m.MarketCap;
            totalCap += m.MarketCap;
        }
        var selectedCount = sectors.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        foreach (var u in selected) selectedCount[members[u].Sector]++;

        var universeWeight = sectors.Select(s => capBySector[s] / totalCap).ToArray();
        var target = new double[sectors.Length];
        double represented = 0;
        for (int k = 0; k < sectors.Length; k++) if (selectedCount[sectors[k]] > 0) represented += universeWeight[k];
        for (int k = 0; k < sectors.Length; k++) target[k] = selectedCount[sectors[k]] > 0 ? universeWeight[k] / represented : 0.0;

        if (sectorCap is { } cap) ApplySectorCap(sectors, target, cap);
        return sectors.Select((s, k) => new SectorTarget(s, universeWeight[k], target[k], selectedCount[s])).ToArray();
    }

    private static void ApplySectorCap(string[] sectors, double[] target, double cap)
    {
        int represented = target.Count(t => t > 0);
        if (cap * represented < 1 - 1e-12)
            throw new ConfigException("weighting.sector_cap",
                $"cap {cap.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} x {represented} sectors with selected members < 1: the targets cannot sum to 1");
        var capped = new bool[target.Length];
        while (true)
        {
            double excess = 0;
            for (int k = 0; k < target.Length; k++)
            {
                if (capped[k] || !(target[k] > cap)) continue;
                excess += target[k] - cap;
                target[k] = cap;
                capped[k] = true;
            }
            if (excess == 0) return;
            double free = 0;
            for (int k = 0; k < target.Length; k++) if (!capped[k]) free += target[k];
            if (!(free > 0)) return; // every represented sector sits at the cap: the targets already sum to 1
            for (int k = 0; k < target.Length; k++) if (!capped[k]) target[k] += excess * target[k] / free;
        }
    }

    /// <summary>
    /// w(i) = raw(i) × T'(s(i)) / sum of raw over the selected members of s(i). A sector whose members all
    /// have raw weight 0 (possible only with cfs_share = 1 and CFS 0) shares its target equally, so that
    /// the index stays sector neutral rather than 0/0.
    /// </summary>
    public static double[] Apply(IReadOnlyList<string> selectedSectors, ReadOnlySpan<double> raw, IReadOnlyList<SectorTarget> targets)
    {
        var rawBySector = new Dictionary<string, double>(StringComparer.Ordinal);
        var countBySector = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < raw.Length; i++)
        {
            rawBySector[selectedSectors[i]] = rawBySector.GetValueOrDefault(selectedSectors[i]) + raw[i];
            countBySector[selectedSectors[i]] = countBySector.GetValueOrDefault(selectedSectors[i]) + 1;
        }
        var targetBySector = targets.ToDictionary(t => t.Sector, t => t.Target, StringComparer.Ordinal);
        var weights = new double[raw.Length];
        for (int i = 0; i < raw.Length; i++)
        {
            var sector = selectedSectors[i];
            weights[i] = rawBySector[sector] > 0
                ? raw[i] * targetBySector[sector] / rawBySector[sector]
                : targetBySector[sector] / countBySector[sector];
        }
        return weights;
    }
}
