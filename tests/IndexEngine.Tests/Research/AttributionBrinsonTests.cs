using IndexEngine.Core.Methodology.Research;
using NUnit.Framework;

namespace IndexEngine.Tests.Research;

/// <summary>Brinson–Fachler of one period and Carino's linking, against hand-computed figures.</summary>
public class AttributionBrinsonTests
{
    private static readonly DateOnly D0 = new(2017, 3, 10), D1 = new(2017, 6, 9), D2 = new(2017, 9, 15);

    [Test]
    public void Two_sectors_give_the_hand_computed_effects_which_add_up_to_the_active_return()
    {
        // Index: A 60% returning 10%, B 40% returning 2% (R = 6.8%); benchmark: A and B 50% each, 8% and 4% (B = 6%).
        var p = BrinsonFachler.Period(D0, D1,
            [new("A", 0.6, 0.06), new("B", 0.4, 0.008)],
            [new("A", 0.3, 0.024), new("A", 0.2, 0.016), new("B", 0.5, 0.02)], ["A", "B"]);
        Assert.That(p.IndexReturn, Is.EqualTo(0.068).Within(1e-15));
        Assert.That(p.BenchmarkReturn, Is.EqualTo(0.06).Within(1e-15));
        var (a, b) = (p.Groups[0], p.Groups[1]);
        Assert.Multiple(() =>
        {
            Assert.That((a.Group, a.IndexWeight, a.BenchmarkWeight), Is.EqualTo(("A", 0.6, 0.5)));
            Assert.That(a.IndexReturn, Is.EqualTo(0.10).Within(1e-15));
            Assert.That(a.BenchmarkReturn, Is.EqualTo(0.08).Within(1e-15));
            Assert.That(a.Allocation, Is.EqualTo(0.1 * (0.08 - 0.06)).Within(1e-15));
            Assert.That(a.Selection, Is.EqualTo(0.5 * (0.10 - 0.08)).Within(1e-15));
            Assert.That(a.Interaction, Is.EqualTo(0.1 * (0.10 - 0.08)).Within(1e-15));
            Assert.That(b.Allocation, Is.EqualTo(-0.1 * (0.04 - 0.06)).Within(1e-15));
            Assert.That(b.Selection, Is.EqualTo(0.5 * (0.02 - 0.04)).Within(1e-15));
            Assert.That(b.Interaction, Is.EqualTo(-0.1 * (0.02 - 0.04)).Within(1e-15));
            Assert.That(p.Groups.Sum(g => g.Total), Is.EqualTo(p.ActiveReturn).Within(1e-15));
        });
    }

    [Test]
    public void A_sector_the_index_does_not_hold_has_only_allocation_and_one_neither_holds_has_no_row()
    {
        // Index all in A (5%); benchmark half A (3%), half C (7%): both return 5%.
        var p = BrinsonFachler.Period(D0, D1, [new("A", 1.0, 0.05)], [new("A", 0.5, 0.015), new("C", 0.5, 0.035)], ["A", "B", "C"]);
        Assert.That(p.Groups.Select(g => g.Group), Is.EqualTo(new[] { "A", "C" }), "B has no weight on either side");
        var c = p.Groups[1];
        Assert.Multiple(() =>
        {
            Assert.That(c.IndexWeight, Is.Zero);
            Assert.That(c.IndexReturn, Is.EqualTo(c.BenchmarkReturn), "R_i = R_b,i where the index holds nothing");
            Assert.That(c.Allocation, Is.EqualTo(-0.5 * (0.07 - 0.05)).Within(1e-15));
            Assert.That(c.Selection, Is.Zero);
            Assert.That(c.Interaction, Is.Zero);
            Assert.That(p.Groups[0].Allocation, Is.EqualTo(0.5 * (0.03 - 0.05)).Within(1e-15));
            Assert.That(p.Groups.Sum(g => g.Total), Is.EqualTo(0).Within(1e-16));
        });
    }

    [Test]
    public void A_holding_whose_group_is_not_listed_is_a_programming_error() =>
        Assert.Throws<ArgumentException>(() => BrinsonFachler.Period(D0, D1, [new("X", 1, 0)], [new("A", 1, 0)], ["A"]));

    [Test]
    public void Carino_linking_scales_each_period_by_k_t_over_K_and_the_linked_effects_add_up_to_the_compounded_active_return()
    {
        // Period 1: R 10%, B 5%; period 2: R -2%, B 1%. One group each, all active return in selection.
        var p1 = BrinsonFachler.Period(D0, D1, [new("A", 1, 0.10)], [new("A", 1, 0.05)], ["A"]);
        var p2 = BrinsonFachler.Period(D1, D2, [new("A", 1, -0.02)], [new("A", 1, 0.01)], ["A"]);
        var linked = BrinsonFachler.Link([p1, p2]).Linked;
        double r = 1.10 * 0.98 - 1, b = 1.05 * 1.01 - 1;
        double k = (Math.Log(1 + r) - Math.Log(1 + b)) / (r - b);
        double k1 = (Math.Log(1.10) - Math.Log(1.05)) / 0.05, k2 = (Math.Log(0.98) - Math.Log(1.01)) / -0.03;
        var row = linked.Groups.Single();
        Assert.Multiple(() =>
        {
            Assert.That((linked.Start, linked.End), Is.EqualTo((D0, D2)));
            Assert.That(linked.IndexReturn, Is.EqualTo(r).Within(1e-15));
            Assert.That(linked.BenchmarkReturn, Is.EqualTo(b).Within(1e-15));
            Assert.That(row.Selection, Is.EqualTo((k1 * 0.05 + k2 * -0.03) / k).Within(1e-14));
            Assert.That(row.Total, Is.EqualTo(r - b).Within(1e-15), "not the sum of the periods' active returns, 0.02");
            Assert.That(row.IndexReturn, Is.EqualTo(r).Within(1e-15), "the group's return compounded");
            Assert.That(row.IndexWeight, Is.EqualTo(1));
        });
    }

    [Test]
    public void The_linked_weights_are_means_over_all_periods_and_a_group_absent_from_a_period_counts_zero_there()
    {
        var p1 = BrinsonFachler.Period(D0, D1, [new("A", 0.5, 0.01), new("B", 0.5, 0.02)], [new("A", 1, 0.01)], ["A", "B"]);
        var p2 = BrinsonFachler.Period(D1, D2, [new("A", 1, 0.03)], [new("A", 1, 0.02)], ["A", "B"]);
        var linked = BrinsonFachler.Link([p1, p2]).Linked;
        Assert.That(linked.Groups.Select(g => (g.Group, g.IndexWeight, g.BenchmarkWeight)), Is.EqualTo(new[] { ("A", 0.75, 1.0), ("B", 0.25, 0.0) }));
        Assert.That(linked.Groups.Sum(g => g.Total), Is.EqualTo(linked.ActiveReturn).Within(1e-16));
    }

    [Test]
    public void The_Carino_factor_is_continuous_where_the_returns_meet()
    {
        Assert.That(BrinsonFachler.CarinoFactor(0.03, 0.03), Is.EqualTo(1 / 1.03));
        Assert.That(BrinsonFachler.CarinoFactor(0.03 + 1e-13, 0.03), Is.EqualTo(1 / 1.03).Within(1e-13));
        Assert.That(BrinsonFachler.CarinoFactor(0.2, -0.1), Is.EqualTo((Math.Log(1.2) - Math.Log(0.9)) / 0.3).Within(1e-15));
        Assert.That(BrinsonFachler.CarinoFactor(-1, 0), Is.NaN, "a total loss has no logarithm");
    }
}
