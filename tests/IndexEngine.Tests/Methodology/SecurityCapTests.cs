using IndexEngine.Core.Methodology;
using NUnit.Framework;

namespace IndexEngine.Tests.Methodology;

/// <summary>METHODOLOGY §7.3: the iterative security cap, keeping excess in the sector where it can.</summary>
[TestFixture]
public sealed class SecurityCapTests
{
    [Test]
    public void Excess_stays_in_the_sector()
    {
        // Tech a 0.5, b 0.2, c 0.1; Health d 0.15, e 0.05. Cap 0.4: a -> 0.4, its 0.1 goes to b and c in proportion
        // 0.2 : 0.1 -> b 0.2 + 0.0667 = 0.26667, c 0.1 + 0.0333 = 0.13333. Health is untouched; Tech stays at 0.8.
        double[] w = [0.5, 0.2, 0.1, 0.15, 0.05];
        int iterations = SecurityCap.Apply(w, ["Tech", "Tech", "Tech", "Health", "Health"], 0.4);
        Assert.That(w, Is.EqualTo(new[] { 0.4, 0.8 / 3, 0.4 / 3, 0.15, 0.05 }).Within(1e-15));
        Assert.That(iterations, Is.EqualTo(1));
    }

    [Test]
    public void Excess_of_a_sector_with_no_uncapped_member_goes_to_all_uncapped_members_until_none_exceeds()
    {
        // Tech a 0.35 (alone); Health b 0.30, c 0.20; Energy d 0.10, e 0.05. Cap 0.25.
        // Round 1: a -> 0.25 (excess 0.10, Tech has no uncapped member); b -> 0.25 (excess 0.05 -> c = 0.25).
        //   Tech's 0.10 goes to all uncapped members c 0.25, d 0.10, e 0.05 (sum 0.40):
        //   c 0.3125, d 0.125, e 0.0625.
        // Round 2: c -> 0.25 (excess 0.0625; Health has no uncapped member left) -> d, e (sum 0.1875):
        //   d 0.125 + 0.0625 × 2/3 = 1/6, e 0.0625 + 0.0625 × 1/3 = 1/12.
        // Round 3: nobody exceeds.
        double[] w = [0.35, 0.30, 0.20, 0.10, 0.05];
        int iterations = SecurityCap.Apply(w, ["Tech", "Health", "Health", "Energy", "Energy"], 0.25);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(w, Is.EqualTo(new[] { 0.25, 0.25, 0.25, 1.0 / 6, 1.0 / 12 }).Within(1e-15));
            Assert.That(iterations, Is.EqualTo(2));
            Assert.That(w.Sum(), Is.EqualTo(1.0).Within(1e-15));
        }
    }

    [Test]
    public void Capping_repeats_while_redistribution_pushes_others_over()
    {
        // One sector, cap 0.3: 0.5, 0.25, 0.15, 0.1.
        // Round 1: 0.5 -> 0.3, excess 0.2 over 0.5: 0.25 -> 0.35, 0.15 -> 0.21, 0.1 -> 0.14.
        // Round 2: 0.35 -> 0.3, excess 0.05 over 0.35: 0.21 -> 0.24, 0.14 -> 0.16.
        double[] w = [0.5, 0.25, 0.15, 0.1];
        int iterations = SecurityCap.Apply(w, ["S", "S", "S", "S"], 0.3);
        Assert.That(w, Is.EqualTo(new[] { 0.3, 0.3, 0.24, 0.16 }).Within(1e-15));
        Assert.That(iterations, Is.EqualTo(2));
    }

    [Test]
    public void Cap_times_n_equal_to_one_puts_everyone_at_the_cap()
    {
        double[] w = [0.4, 0.3, 0.2, 0.1];
        SecurityCap.Apply(w, ["A", "B", "B", "C"], 0.25);
        Assert.That(w, Is.All.EqualTo(0.25).Within(1e-15));
        Assert.That(w.Sum(), Is.EqualTo(1.0).Within(1e-15));
    }

    [Test]
    public void Nothing_changes_when_no_weight_exceeds_the_cap()
    {
        double[] w = [0.25, 0.25, 0.5];
        Assert.That(SecurityCap.Apply(w, ["A", "A", "B"], 0.5), Is.Zero);
        Assert.That(w, Is.EqualTo(new[] { 0.25, 0.25, 0.5 }));
        // Within 1e-12 of the cap is not "exceeding".
        double[] close = [0.5 + 5e-13, 0.5 - 5e-13];
        Assert.That(SecurityCap.Apply(close, ["A", "B"], 0.5), Is.Zero);
    }
}
