namespace IndexEngine.Core.Methodology;

/// <summary>METHODOLOGY §7.3: the iterative security cap that keeps excess weight inside its sector where it can.</summary>
public static class SecurityCap
{
    public const double Tolerance = 1e-12;

    /// <summary>
    /// While some weight exceeds the cap by more than 1e-12: set those to the cap, give each sector's excess to
    /// that sector's uncapped members in proportion to their weights, then pool the excess of sectors with no
    /// uncapped member and give it to all uncapped members in proportion to their (updated) weights.
    /// Returns the number of iterations.
    /// </summary>
    public static int Apply(Span<double> weights, IReadOnlyList<string> sectors, double cap)
    {
        int n = weights.Length;
        var capped = new bool[n];
        int iterations = 0;
        while (true)
        {
            var excessBySector = new Dictionary<string, double>(StringComparer.Ordinal);
            for (int i = 0; i < n; i++)
            {
                if (!(weights[i] > cap + Tolerance)) continue;
                excessBySector[sectors[i]] = excessBySector.GetValueOrDefault(sectors[i]) + (weights[i] - cap);
                weights[i] = cap;
                capped[i] = true;
            }
            if (excessBySector.Count == 0) return iterations;
            iterations++;

            double orphaned = 0;
            foreach (var (sector, excess) in excessBySector.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                double free = 0;
                for (int i = 0; i < n; i++) if (!capped[i] && sectors[i] == sector) free += weights[i];
                if (!(free > 0)) { orphaned += excess; continue; }
                for (int i = 0; i < n; i++) if (!capped[i] && sectors[i] == sector) weights[i] += excess * weights[i] / free;
            }
            if (orphaned > 0)
            {
                double free = 0;
                for (int i = 0; i < n; i++) if (!capped[i]) free += weights[i];
                if (!(free > 0)) return iterations; // cap × N = 1: every member sits at the cap
                for (int i = 0; i < n; i++) if (!capped[i]) weights[i] += orphaned * weights[i] / free;
            }
        }
    }
}
