using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;
using NUnit.Framework;

namespace IndexEngine.Tests.Methodology;

/// <summary>
/// Properties of §6–§7 on thousands of random cases drawn from fixed seeds: the weights are non-negative,
/// sum to 1, respect the security cap, meet the sector targets when no security cap binds, and depend only
/// on the input (not on its order). A failing case prints its seed and number so that it can be replayed.
/// </summary>
[TestFixture]
public sealed class MethodologyPropertyTests
{
    private const int WeightCases = 2000;
    private const int PipelineCases = 200;

    /// <summary>One random weighting problem: U (securities with sector and cap), the selected set, CFS and vol.</summary>
    private sealed record WeightProblem(
        Security[] Members, int[] Selected, double[] Cfs, double[] Vol, double CfsShare, double SecurityCap, double? SectorCap);

    private sealed record WeightOutcome(IReadOnlyList<SectorTarget> Targets, double[] Weights, int CapIterations);

    private static WeightProblem DrawWeightProblem(TestRandom random)
    {
        int universeSize = random.Int(1, 40);
        int sectorCount = random.Int(1, 6);
        var members = Enumerable.Range(0, universeSize)
            .Select(k => new Security($"m{k:D2}", $"m{k:D2}", $"S{random.Int(0, sectorCount - 1)}", "US", "common",
                Math.Exp(random.Uniform(Math.Log(1e8), Math.Log(1e12)))))
            .ToArray();

        int n = random.Int(1, universeSize);
        var order = Enumerable.Range(0, universeSize).ToList();
        random.Shuffle(order);
        var selected = order.Take(n).ToArray();

        // CFS in (0, 1]; a fifth of the cases on a coarse grid so that ties occur.
        bool grid = random.Chance(0.2);
        var cfs = selected.Select(_ => grid ? random.Int(1, 10) / 10.0 : 1.0 - random.NextDouble()).ToArray();
        var vol = selected.Select(_ => random.Uniform(0.05, 0.8)).ToArray();
        double cfsShare = random.Int(0, 3) switch { 0 => 0.0, 1 => 0.5, 2 => 1.0, _ => random.NextDouble() };

        // The security cap: exactly 1/N (the cap × N = 1 edge), no cap at all (1), or one that often binds.
        double securityCap = random.Int(0, 6) switch
        {
            0 => 1.0 / n,
            1 => 1.0,
            _ => Math.Min(1.0, random.Uniform(1.0 / n, 3.0 / n)),
        };

        int represented = selected.Select(u => members[u].Sector).Distinct().Count();
        double? sectorCap = random.Int(0, 4) switch
        {
            0 => 1.0 / represented,
            1 or 2 => random.Uniform(1.0 / represented, 1.0),
            _ => null,
        };
        return new WeightProblem(members, selected, cfs, vol, cfsShare, securityCap, sectorCap);
    }

    private static WeightOutcome Solve(WeightProblem p)
    {
        var sectors = p.Selected.Select(u => p.Members[u].Sector).ToArray();
        var targets = SectorNeutrality.Targets(p.Members, p.Selected, p.SectorCap);
        var raw = Weighting.Raw(p.Cfs, p.Vol, p.CfsShare);
        var weights = SectorNeutrality.Apply(sectors, raw.Raw, targets);
        int iterations = SecurityCap.Apply(weights, sectors, p.SecurityCap);
        return new WeightOutcome(targets, weights, iterations);
    }

    /// <summary>The same problem with the selected members (and their CFS and vol) in another order.</summary>
    private static WeightProblem Permuted(WeightProblem p, TestRandom random)
    {
        var order = Enumerable.Range(0, p.Selected.Length).ToList();
        random.Shuffle(order);
        return p with
        {
            Selected = order.Select(k => p.Selected[k]).ToArray(),
            Cfs = order.Select(k => p.Cfs[k]).ToArray(),
            Vol = order.Select(k => p.Vol[k]).ToArray(),
        };
    }

    private static Dictionary<string, double> ById(WeightProblem p, double[] weights) =>
        p.Selected.Select((u, k) => (p.Members[u].Id, weights[k])).ToDictionary(x => x.Id, x => x.Item2);

    [Test]
    public void Weighting_sector_neutrality_and_security_cap_on_random_problems()
    {
        var random = new TestRandom(0xC0FFEE);
        int capBound = 0, sectorCapped = 0, edgeCases = 0;
        for (int c = 0; c < WeightCases; c++)
        {
            var problem = DrawWeightProblem(random);
            var outcome = Solve(problem);
            var w = outcome.Weights;
            string where = $"case {c}: U = {problem.Members.Length}, N = {problem.Selected.Length}, λ = {problem.CfsShare:R}, " +
                           $"security cap = {problem.SecurityCap:R}, sector cap = {problem.SectorCap?.ToString("R") ?? "none"}";

            Assert.That(w, Has.Length.EqualTo(problem.Selected.Length), where);
            Assert.That(w, Is.All.GreaterThanOrEqualTo(0.0), where);
            Assert.That(w.Sum(), Is.EqualTo(1.0).Within(1e-12), where);
            Assert.That(w.Max(), Is.LessThanOrEqualTo(problem.SecurityCap + 1e-12), where);

            // Targets: sum to 1, zero for unrepresented sectors, within the sector cap.
            var targets = outcome.Targets;
            Assert.That(targets.Sum(t => t.Target), Is.EqualTo(1.0).Within(1e-12), where);
            Assert.That(targets.Where(t => t.Selected == 0).Select(t => t.Target), Is.All.Zero, where);
            if (problem.SectorCap is { } sectorCap)
            {
                Assert.That(targets.Max(t => t.Target), Is.LessThanOrEqualTo(sectorCap + 1e-12), where);
                if (targets.Any(t => Math.Abs(t.Target - sectorCap) < 1e-12)) sectorCapped++;
            }
            else
            {
                double represented = targets.Where(t => t.Selected > 0).Sum(t => t.UniverseWeight);
                foreach (var t in targets.Where(t => t.Selected > 0))
                    Assert.That(t.Target, Is.EqualTo(t.UniverseWeight / represented).Within(1e-15), where);
            }

            // No security cap binding: every sector holds exactly its target.
            if (outcome.CapIterations == 0)
            {
                var bySector = problem.Selected.Select((u, k) => (problem.Members[u].Sector, w[k]))
                    .GroupBy(x => x.Sector).ToDictionary(g => g.Key, g => g.Sum(x => x.Item2));
                foreach (var t in targets.Where(t => t.Selected > 0))
                    Assert.That(bySector[t.Sector], Is.EqualTo(t.Target).Within(1e-12), where + ", sector " + t.Sector);
            }
            else capBound++;
            if (Math.Abs(problem.SecurityCap * problem.Selected.Length - 1) < 1e-12)
            {
                edgeCases++;
                Assert.That(w, Is.All.EqualTo(problem.SecurityCap).Within(1e-12), where + ": cap × N = 1 puts everyone at the cap");
            }

            // Determinism and independence of the selected members' order.
            var again = Solve(problem);
            Assert.That(again.Weights.Select(BitConverter.DoubleToInt64Bits), Is.EqualTo(w.Select(BitConverter.DoubleToInt64Bits)), where);
            var permuted = Permuted(problem, random);
            var permutedById = ById(permuted, Solve(permuted).Weights);
            foreach (var (id, weight) in ById(problem, w))
                Assert.That(permutedById[id], Is.EqualTo(weight).Within(1e-15), where + ", permuted, " + id);
        }

        // The generator must actually reach the interesting regions.
        Assert.That(capBound, Is.GreaterThan(WeightCases / 4), "cases where the security cap binds");
        Assert.That(sectorCapped, Is.GreaterThan(WeightCases / 10), "cases where the sector cap binds");
        Assert.That(edgeCases, Is.GreaterThan(WeightCases / 20), "cases with cap × N = 1");
    }

    [Test]
    public void Full_rebalances_of_random_universes()
    {
        var random = new TestRandom(0xFEED);
        int buffered = 0;
        for (int c = 0; c < PipelineCases; c++)
        {
            ulong seed = random.NextUInt64();
            int securityCount = random.Int(25, 60);
            var universe = SyntheticUniverse.Create(seed, securityCount, random.Int(260, 300));
            int universeSize = random.Int(15, securityCount);

            // Count-based selection with a cap the count can meet, or a fraction of |U| (N unknown here, so no cap).
            bool byFraction = random.Chance(0.3);
            int count = random.Int(1, 12);
            double fraction = Math.Round(random.Uniform(0.05, 0.4), 3);
            double cap = byFraction ? 1.0 : random.Chance(0.2) ? 1.0 / count : Math.Min(1.0, random.Uniform(1.0 / count, 3.0 / count));
            var overrides = new List<string>
            {
                $"universe.size={universeSize}",
                $"selection.count={count}",
                $"weighting.security_cap={cap:R}",
                $"weighting.cfs_share={random.Pick([0.0, 0.5, 1.0, Math.Round(random.NextDouble(), 3)]):R}",
            };
            if (byFraction) overrides.Add($"selection.fraction={fraction:R}");
            PreviousIndex? previous = null;
            if (random.Chance(0.3))
            {
                buffered++;
                overrides.Add($"selection.buffer_rank={count + random.Int(0, 10)}");
                var ids = universe.Securities.Select(s => s.Id).Where(_ => random.Chance(0.3)).ToArray();
                previous = new PreviousIndex(ids.ToDictionary(id => id, _ => 1.0 / Math.Max(1, ids.Length)));
            }
            var config = TestConfigs.Default(overrides.ToArray());
            string where = $"case {c} (seed {seed}): {securityCount} securities, {string.Join(" ", overrides)}";

            var result = RebalancePipeline.Run(universe, config, new RebalanceInputs(Previous: previous));
            var weights = result.Constituents.Select(k => k.Weight).ToArray();
            int n = byFraction ? (int)Math.Round(fraction * result.Counts.StartingUniverse, MidpointRounding.AwayFromZero) : count;

            Assert.That(result.Constituents, Has.Count.EqualTo(n), where);
            Assert.That(result.Constituents.Select(k => k.Security.Id).Distinct().Count(), Is.EqualTo(n), where);
            Assert.That(weights, Is.All.GreaterThanOrEqualTo(0.0), where);
            Assert.That(weights.Sum(), Is.EqualTo(1.0).Within(1e-12), where);
            Assert.That(weights.Max(), Is.LessThanOrEqualTo(cap + 1e-12), where);
            if (cap == 1.0)
                foreach (var sector in result.Sectors)
                    Assert.That(sector.IndexWeight, Is.EqualTo(sector.Target).Within(1e-12), where + ", sector " + sector.Sector);
            if (previous is not null)
            {
                // Current members within the buffer are kept as long as they fit in N.
                int bufferRank = config.Selection.BufferRank!.Value;
                var kept = result.Members.Select((m, u) => (m.Id, Position: result.Selection.Position[u]))
                    .Where(x => x.Position > 0 && x.Position <= bufferRank && previous.Weights.ContainsKey(x.Id)).ToArray();
                var selectedIds = result.Constituents.Select(k => k.Security.Id).ToHashSet();
                Assert.That(kept.OrderBy(x => x.Position).Take(n).Select(x => x.Id), Is.SubsetOf(selectedIds), where);
                Assert.That(result.Selection.BufferKept, Is.EqualTo(Math.Min(kept.Length, n)), where);
            }
            else
                Assert.That(result.Constituents.Select(k => k.Position).Order(), Is.EqualTo(Enumerable.Range(1, n)), where);

            // CFS lies in [0, 1]; a unique best composite gets exactly 1 and a unique worst exactly 0 (§5.5);
            // composites within rounding of each other are one tied score.
            var composite = result.Scores.Composite.Where(x => !double.IsNaN(x)).ToArray();
            var cfs = result.Scores.Cfs.Where(x => !double.IsNaN(x)).ToArray();
            Assert.That(cfs, Has.Length.EqualTo(composite.Length).And.All.InRange(0.0, 1.0), where);
            if (composite.Count(x => composite.Max() - x <= 1e-12) == 1) Assert.That(cfs.Count(x => x == 1.0), Is.EqualTo(1), where);
            if (composite.Count(x => x - composite.Min() <= 1e-12) == 1) Assert.That(cfs.Count(x => x == 0.0), Is.EqualTo(1), where);

            var again = RebalancePipeline.Run(universe, config, new RebalanceInputs(Previous: previous));
            Assert.That(again.Constituents.Select(k => k.Security.Id), Is.EqualTo(result.Constituents.Select(k => k.Security.Id)), where);
            Assert.That(again.Constituents.Select(k => BitConverter.DoubleToInt64Bits(k.Weight)),
                Is.EqualTo(weights.Select(BitConverter.DoubleToInt64Bits)), where);
        }
        Assert.That(buffered, Is.GreaterThan(PipelineCases / 10), "cases with a buffer and a current index");
    }
}
