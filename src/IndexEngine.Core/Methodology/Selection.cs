using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology;

/// <summary>Outcome of §6: every ranked member's position and the selected members (indices into U).</summary>
public sealed record SelectionResult(int[] Position, int[] Selected, int TargetCount, int BufferKept);

/// <summary>METHODOLOGY §6: ordering by CFS and the selection, with the buffer rule when a current index is given.</summary>
public static class Selection
{
    /// <summary>
    /// The selection size N: <c>selection.fraction</c> of |U| rounded half away from zero when set
    /// (it is "given instead" of the default count), else <c>selection.count</c>.
    /// </summary>
    public static int TargetCount(SelectionConfig config, int universeSize) =>
        config.Fraction is { } fraction
            ? (int)Math.Round(fraction * universeSize, MidpointRounding.AwayFromZero)
            : config.Count;

    /// <summary>pos(u), 1-based, in the order CFS ↓, market cap ↓, id ↑; 0 for members without a CFS.</summary>
    public static int[] Positions(IReadOnlyList<Security> members, ReadOnlySpan<double> cfs)
    {
        var ranked = new List<int>();
        for (int u = 0; u < members.Count; u++) if (!double.IsNaN(cfs[u])) ranked.Add(u);
        var scores = cfs.ToArray();
        ranked.Sort((x, y) =>
        {
            int byCfs = scores[y].CompareTo(scores[x]);
            if (byCfs != 0) return byCfs;
            return StartingUniverse.BySize(members[x].MarketCap, members[x].Id, members[y].MarketCap, members[y].Id);
        });
        var position = new int[members.Count];
        for (int p = 0; p < ranked.Count; p++) position[ranked[p]] = p + 1;
        return position;
    }

    /// <summary>
    /// Without a buffer the first N positions. With <c>buffer_rank</c> B and a current index: K = current
    /// members with pos ≤ B; if |K| ≥ N the N best-positioned of K, else K plus the best-positioned others.
    /// </summary>
    public static SelectionResult Select(IReadOnlyList<Security> members, int[] position, int target, int? bufferRank, PreviousIndex? previous)
    {
        int ranked = position.Count(p => p > 0);
        if (target < 1)
            throw new InputException($"the selection size is {target}: selection.count or selection.fraction must select at least one security");
        if (ranked < target)
            throw new InputException(
                $"universe too small to fill the selection: {target} securities requested but only {ranked} of the {members.Count} in the starting universe have a Composite Factor Score (lower selection.count or selection.fraction)");

        var byPosition = Enumerable.Range(0, members.Count).Where(u => position[u] > 0).OrderBy(u => position[u]).ToList();
        if (bufferRank is not { } b || previous is null)
            return new SelectionResult(position, byPosition.Take(target).OrderBy(u => position[u]).ToArray(), target, 0);

        var kept = byPosition.Where(u => position[u] <= b && previous.Weights.ContainsKey(members[u].Id)).ToList();
        var selected = kept.Count >= target
            ? kept.Take(target).ToList()
            : kept.Concat(byPosition.Where(u => !kept.Contains(u)).Take(target - kept.Count)).ToList();
        int keptCount = Math.Min(kept.Count, target);
        return new SelectionResult(position, selected.OrderBy(u => position[u]).ToArray(), target, keptCount);
    }
}
