using IndexEngine.Core.Methodology;
using IndexEngine.Core.Methodology.Research;
using IndexEngine.Tests.Methodology;
using NUnit.Framework;

namespace IndexEngine.Tests.Statistics;

/// <summary>
/// The factor diagnostics' rank and forward-return helpers (issue 10: computed without LINQ sorts and in one walk per
/// security): hand-computed cases, and bit-for-bit agreement with the LINQ implementations they replaced, kept here as
/// the reference.
/// </summary>
public class FactorRankHelperTests
{
    [Test]
    public void Ties_share_the_mean_of_their_ranks()
    {
        // Sorted: 1 (rank 1), 2 (rank 2), 3, 3, 3 (ranks 3, 4, 5: each 4).
        Assert.That(Ranks([3, 1, 3, 2, 3]), Is.EqualTo(new[] { 4.0, 1, 4, 2, 4 }));
    }

    [Test]
    public void Minus_zero_ties_with_zero()
    {
        Assert.That(Ranks([0.0, -0.0, 1]), Is.EqualTo(new[] { 1.5, 1.5, 3 }));
    }

    [Test]
    public void NaNs_rank_first_each_on_its_own_in_input_order()
    {
        // As a stable sort by Comparer<double>.Default: NaN below every number, and no NaN equal to another.
        Assert.That(Ranks([double.NaN, 2, double.NaN, 1, 2]), Is.EqualTo(new[] { 1.0, 4.5, 2, 3, 4.5 }));
        Assert.That(Ranks([double.NaN, double.NaN]), Is.EqualTo(new[] { 1.0, 2 }));
    }

    [Test]
    public void Infinities_sort_at_the_ends()
    {
        Assert.That(Ranks([double.PositiveInfinity, 0, double.NegativeInfinity, double.PositiveInfinity]), Is.EqualTo(new[] { 3.5, 2, 1, 3.5 }));
    }

    [Test]
    public void No_values_have_no_ranks_and_no_correlation()
    {
        Assert.That(Ranks([]), Is.Empty);
        Assert.That(FactorDiagnostics.Spearman([], []), Is.NaN);
    }

    [Test]
    public void A_short_rank_buffer_is_refused()
    {
        Assert.Throws<ArgumentException>(() => FactorDiagnostics.AverageRanks([1, 2, 3], new double[2]));
    }

    [Test]
    public void Ranks_and_Spearman_match_the_LINQ_implementation_bit_for_bit()
    {
        var random = new Random(20261130);
        for (int trial = 0; trial < 300; trial++)
        {
            int n = random.Next(0, 400);
            // Few distinct values (many ties), some NaN, both zeros, and percentile-like ranks as the factors have.
            var x = Enumerable.Range(0, n).Select(_ => Value(random, distinct: 1 + trial % 40)).ToArray();
            var y = Enumerable.Range(0, n).Select(_ => Value(random, distinct: 1 + trial % 7 * 50)).ToArray();
            Assert.That(Bits(Ranks(x)), Is.EqualTo(Bits(LinqAverageRanks(x))), $"trial {trial}: ranks");
            Assert.That(BitConverter.DoubleToInt64Bits(FactorDiagnostics.Spearman(x, y)), Is.EqualTo(BitConverter.DoubleToInt64Bits(LinqSpearman(x, y))),
                $"trial {trial}: Spearman");
        }
    }

    [Test]
    public void A_subset_ranked_off_one_sort_correlates_as_Spearman_of_the_subset_bit_for_bit()
    {
        var random = new Random(5);
        var spearman = new FactorDiagnostics.SubsetSpearman(500);
        for (int trial = 0; trial < 200; trial++)
        {
            int count = random.Next(3, 500);
            var xs = Enumerable.Range(0, count).Select(_ => Value(random, distinct: 1 + trial % 30)).ToArray();
            var ys = Enumerable.Range(0, count).Select(_ => Value(random, distinct: 1 + trial % 9 * 40)).ToArray();
            // A subset of the pairs with both values, as the ICs take: slots number it in member order.
            var slot = new int[count];
            var x = new List<double>();
            var y = new List<double>();
            for (int u = 0; u < count; u++)
            {
                bool taken = !double.IsNaN(xs[u]) && !double.IsNaN(ys[u]) && random.Next(4) > 0;
                slot[u] = taken ? x.Count : -1;
                if (!taken) continue;
                x.Add(xs[u]);
                y.Add(ys[u]);
            }
            if (x.Count < 3) continue;
            double expected = FactorDiagnostics.Spearman(x.ToArray(), y.ToArray());
            double actual = spearman.Correlation(xs, FactorDiagnostics.SubsetSpearman.Ascending(xs), slot, ys, FactorDiagnostics.SubsetSpearman.Ascending(ys), slot, x.Count);
            Assert.That(BitConverter.DoubleToInt64Bits(actual), Is.EqualTo(BitConverter.DoubleToInt64Bits(expected)), $"trial {trial}");
        }
    }

    [Test]
    public void Ascending_leaves_out_NaN_and_a_slotted_NaN_is_refused()
    {
        double[] values = [3, double.NaN, 1, 2];
        var order = FactorDiagnostics.SubsetSpearman.Ascending(values);
        Assert.That(order, Is.EqualTo(new[] { 2, 3, 0 }));
        var spearman = new FactorDiagnostics.SubsetSpearman(4);
        Assert.Throws<ArgumentException>(() => spearman.Correlation(values, order, [0, 1, 2, 3], values, order, [0, 1, 2, 3], 4));
    }

    [Test]
    public void One_walk_gives_each_horizon_exactly_the_return_of_a_walk_to_it()
    {
        // 40 days: a dividend on day 5, no close on days 12 and 13 (day 12 carried from 11 with fallback 1, day 13 not).
        var universe = new TestUniverseBuilder(40).AddSecurity("A")
            .Closes("A", t => t is 12 or 13 ? double.NaN : 10 + 0.37 * t + 0.1 * Math.Sin(t)).Volumes("A", _ => 1)
            .Dividend("A", 5, 0.25).Dividend("A", 9, 0.4).Build();
        int[] ends = [2, 3, 5, 9, 9, 12, 13, 20];
        var walked = new double[ends.Length];
        FactorDiagnostics.ForwardTotalReturns(universe, 0, 2, ends, fallbackDays: 1, walked);
        var separate = ends.Select(e => LinqForwardTotalReturn(universe, 0, 2, e, fallbackDays: 1)).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Bits(walked), Is.EqualTo(Bits(separate)));
            Assert.That(walked[0], Is.Zero, "no day: no return");
            Assert.That(walked[5], Is.Not.NaN, "day 12 carries day 11's close");
            Assert.That(walked[6..], Is.All.NaN, "day 13 has no close within the fallback: this end and every later one");
            Assert.That(FactorDiagnostics.ForwardTotalReturn(universe, 0, 13, 20, fallbackDays: 0), Is.NaN, "no start close");
        }
    }

    private static double[] Ranks(double[] values)
    {
        var ranks = new double[values.Length];
        FactorDiagnostics.AverageRanks(values, ranks);
        return ranks;
    }

    private static double Value(Random random, int distinct) => random.Next(20) switch
    {
        0 => double.NaN,
        1 => -0.0,
        2 => 0.0,
        _ => random.Next(distinct) / (double)distinct,
    };

    private static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    // The implementations before issue 10, as they were.
    private static double LinqSpearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var rx = LinqAverageRanks(x);
        var ry = LinqAverageRanks(y);
        if (rx.Length == 0) return double.NaN; // Average() of nothing throws; the old code was never called below 3 values
        double mx = rx.Average(), my = ry.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
    }

    private static double[] LinqAverageRanks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (int a = 0; a < order.Length;)
        {
            int b = a;
            while (b + 1 < order.Length && values[order[b + 1]] == values[order[a]]) b++;
            double rank = (a + b) / 2.0 + 1;
            for (int k = a; k <= b; k++) ranks[order[k]] = rank;
            a = b + 1;
        }
        return ranks;
    }

    private static double LinqForwardTotalReturn(Core.Model.Universe universe, int security, int start, int end, int fallbackDays)
    {
        var closes = universe.Closes(security);
        double first = ScreeningView.FallbackClose(closes, start, fallbackDays);
        if (double.IsNaN(first)) return double.NaN;
        double reinvested = 1, last = first;
        for (int t = start + 1; t <= end; t++)
        {
            last = ScreeningView.FallbackClose(closes, t, fallbackDays);
            if (double.IsNaN(last)) return double.NaN;
            if (!double.IsNaN(closes[t]) && universe.Dividend(security, t) is > 0 and var dividend) reinvested *= 1 + dividend / last;
        }
        return last / first * reinvested - 1;
    }
}
