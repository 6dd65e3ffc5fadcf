using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;
using NUnit.Framework;

namespace IndexEngine.Tests.Methodology;

/// <summary>METHODOLOGY §6: selection size, ordering, and the buffer rule.</summary>
[TestFixture]
public sealed class SelectionTests
{
    private static Security Member(string id, double marketCap) => new(id, id, "Tech", "US", "common", marketCap);

    [Test]
    public void Count_or_fraction_rounded_half_away_from_zero()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Selection.TargetCount(new SelectionConfig(200, null, null), 494), Is.EqualTo(200));
            // 0.25 × 494 = 123.5 -> 124 (banker's rounding would give 124 too; 122.5 shows the difference)
            Assert.That(Selection.TargetCount(new SelectionConfig(200, 0.25, null), 494), Is.EqualTo(124));
            // 0.25 × 490 = 122.5 -> 123 (to even would be 122)
            Assert.That(Selection.TargetCount(new SelectionConfig(200, 0.25, null), 490), Is.EqualTo(123));
            // 0.25 × 493 = 123.25 -> 123
            Assert.That(Selection.TargetCount(new SelectionConfig(200, 0.25, null), 493), Is.EqualTo(123));
            Assert.That(Selection.TargetCount(new SelectionConfig(200, 1.0, null), 7), Is.EqualTo(7));
        }
    }

    [Test]
    public void Positions_order_by_cfs_then_market_cap_then_id()
    {
        Security[] members = [Member("a", 5), Member("b", 7), Member("c", 7), Member("d", 1), Member("e", 100), Member("B", 5)];
        double[] cfs = [0.5, 0.5, 0.5, 1.0, double.NaN, 0.5];
        // d (CFS 1) first; the 0.5 tie: b and c (cap 7) by id, then B and a (cap 5) by ordinal id (B < a); e has no CFS.
        Assert.That(Selection.Positions(members, cfs), Is.EqualTo(new[] { 5, 2, 3, 1, 0, 4 }));
    }

    /// <summary>Members whose position equals their index + 1 (CFS strictly decreasing), ids m001...</summary>
    private static (Security[] Members, int[] Position) Ranked(int count)
    {
        var members = Enumerable.Range(1, count).Select(k => Member($"m{k:D3}", 1e9)).ToArray();
        var cfs = Enumerable.Range(0, count).Select(u => 1.0 - u / (double)count).ToArray();
        return (members, Selection.Positions(members, cfs));
    }

    private static PreviousIndex Previous(Security[] members, params int[] positions) =>
        new(positions.ToDictionary(p => members[p - 1].Id, _ => 1.0 / positions.Length));

    [Test]
    public void Without_a_buffer_the_first_n_positions()
    {
        var (members, position) = Ranked(300);
        var result = Selection.Select(members, position, 200, null, Previous(members, 250));
        Assert.That(result.Selected.Select(u => position[u]), Is.EqualTo(Enumerable.Range(1, 200)));
        Assert.That(result.BufferKept, Is.Zero);
    }

    [Test]
    public void Buffer_keeps_current_members_within_rank_b()
    {
        // N = 200, B = 240. Current members at positions 1, 230 and 250: K = {1, 230} (250 > B).
        // Selection = K plus the best others until 200: positions 2..199. Position 200 is displaced, 250 dropped.
        var (members, position) = Ranked(300);
        var result = Selection.Select(members, position, 200, 240, Previous(members, 1, 230, 250));
        var selectedPositions = result.Selected.Select(u => position[u]).ToArray();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(selectedPositions, Has.Length.EqualTo(200));
            Assert.That(selectedPositions, Does.Contain(230));
            Assert.That(selectedPositions, Does.Not.Contain(250));
            Assert.That(selectedPositions, Does.Not.Contain(200));
            Assert.That(selectedPositions, Is.EqualTo(Enumerable.Range(1, 199).Append(230)));
            Assert.That(result.BufferKept, Is.EqualTo(2));
        }
    }

    [Test]
    public void When_k_has_at_least_n_members_the_best_positioned_of_k()
    {
        // N = 3, B = 10, current members at 4, 5, 6, 7, 9 and 11: K = {4, 5, 6, 7, 9}, |K| = 5 >= 3 -> 4, 5, 6.
        var (members, position) = Ranked(20);
        var result = Selection.Select(members, position, 3, 10, Previous(members, 9, 11, 7, 6, 5, 4));
        Assert.That(result.Selected.Select(u => position[u]), Is.EqualTo(new[] { 4, 5, 6 }));
        Assert.That(result.BufferKept, Is.EqualTo(3));
    }

    [Test]
    public void A_universe_too_small_to_fill_the_selection_is_an_input_error()
    {
        Security[] members = [Member("a", 1), Member("b", 2), Member("c", 3), Member("d", 4), Member("e", 5)];
        double[] cfs = [0, 1.0 / 3, 2.0 / 3, 1, double.NaN];
        var position = Selection.Positions(members, cfs);
        var error = Assert.Throws<InputException>(() => Selection.Select(members, position, 5, null, null));
        Assert.That(error!.Message, Does.Contain("5 securities requested but only 4"));
        Assert.That(Selection.Select(members, position, 4, null, null).Selected, Has.Length.EqualTo(4));
        Assert.Throws<InputException>(() => Selection.Select(members, position, 0, null, null), "a selection of 0 securities");
    }
}
