namespace IndexEngine.Core.Methodology.Research;

/// <summary>
/// One group (a sector or a size decile) of a Brinson–Fachler attribution over one holding period, or, linked, over
/// the whole backtest: index and benchmark weight at the start, each side's return on the group, and the three effects.
/// </summary>
public sealed record AttributionRow(
    DateOnly Start,
    DateOnly End,
    string Group,
    double IndexWeight,
    double BenchmarkWeight,
    double IndexReturn,
    double BenchmarkReturn,
    double Allocation,
    double Selection,
    double Interaction)
{
    /// <summary>The group's part of the active return: allocation + selection + interaction.</summary>
    public double Total => Allocation + Selection + Interaction;

    public double ActiveWeight => IndexWeight - BenchmarkWeight;
}

/// <summary>One holding period (or the linked whole): the index's and the benchmark's return and the groups' effects,
/// which add up to <see cref="ActiveReturn"/>.</summary>
public sealed record AttributionPeriod(DateOnly Start, DateOnly End, double IndexReturn, double BenchmarkReturn, IReadOnlyList<AttributionRow> Groups)
{
    public double ActiveReturn => IndexReturn - BenchmarkReturn;
}

/// <summary>An attribution by one grouping: every holding period and their Carino-linked sum over the backtest.</summary>
public sealed record AttributionResult(IReadOnlyList<AttributionPeriod> Periods, AttributionPeriod Linked);

/// <summary>A holding at the start of a period: its group, its weight and its contribution (weight × its return over the period).</summary>
public readonly record struct GroupHolding(string Group, double Weight, double Contribution);

/// <summary>
/// Brinson–Fachler attribution of one period and Carino's linking of periods (docs/levels-and-statistics.md, Attribution).
/// Per group i with index weight w_i, benchmark weight b_i, returns R_i and R_b,i and benchmark return R_b: allocation
/// (w_i − b_i)(R_b,i − R_b), selection b_i(R_i − R_b,i), interaction (w_i − b_i)(R_i − R_b,i); they sum to R − R_b.
/// </summary>
public static class BrinsonFachler
{
    /// <summary>
    /// The attribution of one period. A group the index does not hold takes R_i = R_b,i (and one the benchmark does
    /// not hold R_b,i = R_i), so its only effect is allocation; a group neither holds has no row. Rows come in the
    /// order of <paramref name="groups"/>, which must name every group of both sides.
    /// </summary>
    /// <exception cref="ArgumentException">A holding's group is not in <paramref name="groups"/>.</exception>
    public static AttributionPeriod Period(
        DateOnly start, DateOnly end, IReadOnlyList<GroupHolding> index, IReadOnlyList<GroupHolding> benchmark, IReadOnlyList<string> groups)
    {
        var slot = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int g = 0; g < groups.Count; g++) slot.Add(groups[g], g);
        var (w, wr, r) = Sums(index, slot, groups.Count);
        var (b, br, rb) = Sums(benchmark, slot, groups.Count);
        var rows = new List<AttributionRow>(groups.Count);
        for (int g = 0; g < groups.Count; g++)
        {
            if (w[g] == 0 && b[g] == 0) continue;
            double ri = w[g] != 0 ? wr[g] / w[g] : double.NaN;
            double rbi = b[g] != 0 ? br[g] / b[g] : ri;
            if (w[g] == 0) ri = rbi;
            rows.Add(new AttributionRow(start, end, groups[g], w[g], b[g], ri, rbi,
                (w[g] - b[g]) * (rbi - rb), b[g] * (ri - rbi), (w[g] - b[g]) * (ri - rbi)));
        }
        return new AttributionPeriod(start, end, r, rb, rows);
    }

    /// <summary>
    /// Carino's linking: each period's effects scaled by k_t / K, with k_t = (ln(1 + R_t) − ln(1 + B_t)) / (R_t − B_t)
    /// of the period and K the same of the compounded returns R = Π(1 + R_t) − 1 and B, so that the linked effects sum
    /// to R − B. The linked rows carry the mean weight over the periods (0 where a group has no row) and the group's
    /// returns compounded over the periods where it has a row.
    /// </summary>
    /// <exception cref="ArgumentException">No periods.</exception>
    public static AttributionResult Link(IReadOnlyList<AttributionPeriod> periods)
    {
        if (periods.Count == 0) throw new ArgumentException("At least one period is needed.", nameof(periods));
        double growthR = 1, growthB = 1;
        foreach (var p in periods) { growthR *= 1 + p.IndexReturn; growthB *= 1 + p.BenchmarkReturn; }
        double total = growthR - 1, totalB = growthB - 1, k = CarinoFactor(total, totalB);

        var order = new List<string>();
        var sums = new Dictionary<string, double[]>(StringComparer.Ordinal); // w, b, growth R_i, growth R_b,i, allocation, selection, interaction
        foreach (var p in periods)
        {
            double scale = CarinoFactor(p.IndexReturn, p.BenchmarkReturn) / k;
            foreach (var row in p.Groups)
            {
                if (!sums.TryGetValue(row.Group, out var s))
                {
                    sums.Add(row.Group, s = [0, 0, 1, 1, 0, 0, 0]);
                    order.Add(row.Group);
                }
                s[0] += row.IndexWeight;
                s[1] += row.BenchmarkWeight;
                s[2] *= 1 + row.IndexReturn;
                s[3] *= 1 + row.BenchmarkReturn;
                s[4] += scale * row.Allocation;
                s[5] += scale * row.Selection;
                s[6] += scale * row.Interaction;
            }
        }
        var (first, last) = (periods[0].Start, periods[^1].End);
        var linked = order.Select(g =>
        {
            var s = sums[g];
            return new AttributionRow(first, last, g, s[0] / periods.Count, s[1] / periods.Count, s[2] - 1, s[3] - 1, s[4], s[5], s[6]);
        }).ToArray();
        return new AttributionResult(periods, new AttributionPeriod(first, last, total, totalB, linked));
    }

    /// <summary>
    /// Carino's factor (ln(1 + r) − ln(1 + b)) / (r − b), and its limit 1 / (1 + b) when r = b; computed as
    /// ln(1 + x) / x / (1 + b) with x = (r − b) / (1 + b), which stays accurate as r approaches b. NaN unless r, b &gt; −1.
    /// </summary>
    public static double CarinoFactor(double r, double b)
    {
        if (!(r > -1 && b > -1)) return double.NaN;
        double x = (r - b) / (1 + b);
        return x == 0 ? 1 / (1 + b) : Log1P(x) / x / (1 + b);
    }

    /// <summary>ln(1 + x) to full precision for small x (Goldberg's correction of the rounding in 1 + x).</summary>
    private static double Log1P(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    private static (double[] Weight, double[] Contribution, double Total) Sums(IReadOnlyList<GroupHolding> holdings, Dictionary<string, int> slot, int groups)
    {
        var weight = new double[groups];
        var contribution = new double[groups];
        double total = 0;
        foreach (var h in holdings)
        {
            if (!slot.TryGetValue(h.Group, out int g)) throw new ArgumentException($"group '{h.Group}' is not in the list of groups", nameof(holdings));
            weight[g] += h.Weight;
            contribution[g] += h.Contribution;
            total += h.Contribution;
        }
        return (weight, contribution, total);
    }
}
