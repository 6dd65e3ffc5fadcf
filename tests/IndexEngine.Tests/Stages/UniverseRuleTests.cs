using IndexEngine.Core.Methodology;
using IndexEngine.Tests.Methodology;
using NUnit.Framework;

namespace IndexEngine.Tests.Stages;

/// <summary>The starting-universe stage: <c>largest_by_cap</c> with the rank band universe.rank_from..rank_to.</summary>
[TestFixture]
public sealed class UniverseRuleTests
{
    // Eligible by size: c 7e9 (rank 1), B 5e9 (2), a 5e9 (3, B wins the tie by ordinal id), d 1e9 (4);
    // e 100e9 is the largest but fails liquidity, so it has no rank.
    private static readonly EligibilityFailure[] Eligibility =
        [EligibilityFailure.None, EligibilityFailure.None, EligibilityFailure.None, EligibilityFailure.None, EligibilityFailure.Liquidity];

    private static string[] Ids(int from, int to)
    {
        var universe = new TestUniverseBuilder(3)
            .AddSecurity("B", marketCap: 5e9)
            .AddSecurity("a", marketCap: 5e9)
            .AddSecurity("c", marketCap: 7e9)
            .AddSecurity("d", marketCap: 1e9)
            .AddSecurity("e", marketCap: 100e9)
            .Build();
        return new LargestByCap(from, to).Select(universe.Securities, Eligibility).Select(i => universe.Securities[i].Id).ToArray();
    }

    [Test]
    public void A_band_takes_the_eligible_securities_ranked_from_to_by_cap()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Ids(1, 3), Is.EqualTo(new[] { "c", "B", "a" }), "1..N is today's largest N");
            Assert.That(Ids(2, 3), Is.EqualTo(new[] { "B", "a" }), "the largest (c) is above the band");
            Assert.That(Ids(3, 10), Is.EqualTo(new[] { "a", "d" }), "a band beyond the eligible count ends with the smallest");
            Assert.That(Ids(4, 4), Is.EqualTo(new[] { "d" }));
            Assert.That(Ids(5, 9), Is.Empty, "the band starts after the last eligible security");
        }
    }

    [Test]
    public void Outside_reasons_keep_todays_wording_for_the_largest_N_and_name_the_band_otherwise()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new LargestByCap(1, 2).OutsideReason(3, 4), Is.EqualTo("eligible but outside the largest universe.size 2 (size rank 3 of 4 eligible)"));
            Assert.That(new LargestByCap(1, 2).OutsideReason(2, 4), Is.Null);
            Assert.That(new LargestByCap(2, 3).OutsideReason(1, 4),
                Is.EqualTo("eligible but outside the size band universe.rank_from 2 to rank_to 3 (size rank 1 of 4 eligible)"));
            Assert.That(new LargestByCap(2, 3).OutsideReason(4, 4), Does.Contain("size rank 4 of 4"));
            Assert.That(new LargestByCap(2, 3).OutsideReason(2, 4), Is.Null);
            Assert.That(new LargestByCap(1, 800).Describe(), Is.EqualTo("largest 800"));
            Assert.That(new LargestByCap(201, 500).Describe(), Is.EqualTo("size ranks 201–500"));
        }
    }

    [Test]
    public void The_config_chooses_the_band_whose_end_defaults_to_universe_size()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(LargestByCap.For(TestConfigs.Default()), Is.EqualTo(new LargestByCap(1, 800)));
            Assert.That(LargestByCap.For(TestConfigs.Default("universe.size=500")), Is.EqualTo(new LargestByCap(1, 500)));
            Assert.That(LargestByCap.For(TestConfigs.Default("universe.rank_from=201", "universe.rank_to=500")), Is.EqualTo(new LargestByCap(201, 500)));
            Assert.That(LargestByCap.For(TestConfigs.Default("universe.rank_from=201")), Is.EqualTo(new LargestByCap(201, 800)),
                "rank_to null: the band ends at universe.size");
        }
    }
}
