using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;
using NUnit.Framework;

namespace IndexEngine.Tests.Methodology;

/// <summary>METHODOLOGY §7.2: sector targets from U's cap weights, the sector cap and the neutral weights.</summary>
[TestFixture]
public sealed class SectorNeutralityTests
{
    private static Security Member(string id, string sector, double marketCap) => new(id, id, sector, "US", "common", marketCap);

    private static Dictionary<string, double> TargetsBySector(IReadOnlyList<SectorTarget> targets) =>
        targets.ToDictionary(t => t.Sector, t => t.Target);

    [Test]
    public void A_sector_without_a_selected_member_gives_up_its_weight()
    {
        // U: Tech 50 + 30, Health 15, Energy 5 (total 100) -> T = 0.80, 0.15, 0.05.
        // Selected: t1 and h (no Energy) -> T' = 0.80 / 0.95 = 16/19, 0.15 / 0.95 = 3/19, Energy 0.
        Security[] members = [Member("t1", "Tech", 50), Member("t2", "Tech", 30), Member("h", "Health", 15), Member("e", "Energy", 5)];
        var targets = SectorNeutrality.Targets(members, [0, 2], null);

        Assert.That(targets.Select(t => t.Sector), Is.EqualTo(new[] { "Energy", "Health", "Tech" }), "sorted by sector name");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(targets.Select(t => t.UniverseWeight), Is.EqualTo(new[] { 0.05, 0.15, 0.80 }).Within(1e-15));
            Assert.That(targets.Select(t => t.Target), Is.EqualTo(new[] { 0.0, 3.0 / 19, 16.0 / 19 }).Within(1e-15));
            Assert.That(targets.Select(t => t.Selected), Is.EqualTo(new[] { 0, 1, 1 }));
        }
    }

    [Test]
    public void A_sector_whose_members_all_have_zero_raw_weight_shares_its_target_equally()
    {
        // cfs_share = 1 and Health's two members have CFS 0: raw 0 + 0, so raw × T' / sum(raw) is 0/0.
        // Health's target 3/19 is split equally: 1.5/19 each; Tech keeps raw × 16/19 / 0.4.
        Security[] members = [Member("t1", "Tech", 50), Member("t2", "Tech", 30), Member("h1", "Health", 10), Member("h2", "Health", 5), Member("e", "Energy", 5)];
        var targets = SectorNeutrality.Targets(members, [0, 1, 2, 3], null);
        var weights = SectorNeutrality.Apply(["Tech", "Tech", "Health", "Health"], [0.3, 0.1, 0.0, 0.0], targets);
        Assert.That(weights, Is.EqualTo(new[] { 12.0 / 19, 4.0 / 19, 1.5 / 19, 1.5 / 19 }).Within(1e-15));
        Assert.That(weights.Sum(), Is.EqualTo(1).Within(1e-15));
    }

    [Test]
    public void Weights_scale_raw_within_each_sector_to_its_target()
    {
        // Targets as above with both Tech members selected: T'(Tech) = 16/19, T'(Health) = 3/19.
        // raw: t1 0.3, t2 0.1 (Tech sum 0.4), h 0.2 -> t1 = 0.3 × (16/19) / 0.4 = 12/19, t2 = 4/19, h = 3/19.
        Security[] members = [Member("t1", "Tech", 50), Member("t2", "Tech", 30), Member("h", "Health", 15), Member("e", "Energy", 5)];
        var targets = SectorNeutrality.Targets(members, [0, 1, 2], null);
        var weights = SectorNeutrality.Apply(["Tech", "Tech", "Health"], [0.3, 0.1, 0.2], targets);
        Assert.That(weights, Is.EqualTo(new[] { 12.0 / 19, 4.0 / 19, 3.0 / 19 }).Within(1e-15));
    }

    private static readonly Security[] FourSectors =
    [
        Member("t", "Tech", 60), Member("h", "Health", 25), Member("e", "Energy", 10), Member("u", "Utilities", 5),
    ];

    [Test]
    public void Sector_cap_hands_the_excess_to_uncapped_sectors_in_proportion()
    {
        // T' = 0.60, 0.25, 0.10, 0.05. Cap 0.4: Tech -> 0.4, excess 0.2 over the others' 0.40:
        // Health 0.25 + 0.2 × 0.25/0.4 = 0.375, Energy 0.10 + 0.05 = 0.15, Utilities 0.05 + 0.025 = 0.075.
        var targets = TargetsBySector(SectorNeutrality.Targets(FourSectors, [0, 1, 2, 3], 0.4));
        Assert.That(targets["Tech"], Is.EqualTo(0.4).Within(1e-15));
        Assert.That(targets["Health"], Is.EqualTo(0.375).Within(1e-15));
        Assert.That(targets["Energy"], Is.EqualTo(0.15).Within(1e-15));
        Assert.That(targets["Utilities"], Is.EqualTo(0.075).Within(1e-15));
    }

    [Test]
    public void Sector_cap_repeats_until_no_sector_exceeds()
    {
        // Cap 0.3. Round 1: Tech 0.6 -> 0.3, excess 0.3 over 0.4: Health 0.25 + 0.1875 = 0.4375,
        // Energy 0.10 + 0.075 = 0.175, Utilities 0.05 + 0.0375 = 0.0875.
        // Round 2: Health 0.4375 -> 0.3, excess 0.1375 over 0.2625: Energy 0.175 × (1 + 0.1375/0.2625) = 0.26667,
        // Utilities 0.0875 × (1 + 0.1375/0.2625) = 0.13333. Energy and Utilities keep their 2:1 ratio in the 0.4 left.
        var targets = TargetsBySector(SectorNeutrality.Targets(FourSectors, [0, 1, 2, 3], 0.3));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(targets["Tech"], Is.EqualTo(0.3).Within(1e-15));
            Assert.That(targets["Health"], Is.EqualTo(0.3).Within(1e-15));
            Assert.That(targets["Energy"], Is.EqualTo(0.8 / 3).Within(1e-15));
            Assert.That(targets["Utilities"], Is.EqualTo(0.4 / 3).Within(1e-15));
            Assert.That(targets.Values.Sum(), Is.EqualTo(1.0).Within(1e-15));
        }
    }

    [Test]
    public void An_infeasible_sector_cap_is_a_config_error()
    {
        // 4 represented sectors × 0.2 = 0.8 < 1.
        var error = Assert.Throws<ConfigException>(() => SectorNeutrality.Targets(FourSectors, [0, 1, 2, 3], 0.2));
        Assert.That(error!.Key, Is.EqualTo("weighting.sector_cap"));
        // 0.3 is feasible for 4 sectors but not for the 3 that have a selected member (0.9 < 1).
        Assert.Throws<ConfigException>(() => SectorNeutrality.Targets(FourSectors, [0, 1, 2], 0.3));
        // 0.25 × 4 = 1: every sector ends at the cap.
        var exact = TargetsBySector(SectorNeutrality.Targets(FourSectors, [0, 1, 2, 3], 0.25));
        Assert.That(exact.Values, Is.All.EqualTo(0.25).Within(1e-15));
    }
}
