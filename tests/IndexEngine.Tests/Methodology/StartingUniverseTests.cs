using IndexEngine.Core.Methodology;
using NUnit.Framework;

namespace IndexEngine.Tests.Methodology;

/// <summary>METHODOLOGY §3: U = the universe.size eligible securities with the largest market cap, ties by id.</summary>
[TestFixture]
public sealed class StartingUniverseTests
{
    [Test]
    public void Largest_eligible_market_caps_with_an_ordinal_id_tie_break()
    {
        // Ordinal order of ids is B < a < c < d < e (upper case sorts before lower case).
        var universe = new TestUniverseBuilder(3)
            .AddSecurity("B", marketCap: 5e9)
            .AddSecurity("a", marketCap: 5e9)
            .AddSecurity("c", marketCap: 7e9)
            .AddSecurity("d", marketCap: 1e9)
            .AddSecurity("e", marketCap: 100e9)
            .Build();
        EligibilityFailure[] eligibility =
            [EligibilityFailure.None, EligibilityFailure.None, EligibilityFailure.None, EligibilityFailure.None, EligibilityFailure.Liquidity];

        string[] Ids(int size) => StartingUniverse.Select(universe.Securities, eligibility, size).Select(i => universe.Securities[i].Id).ToArray();

        using (Assert.EnterMultipleScope())
        {
            // e is the largest but not eligible; B and a tie at 5e9 and B wins by ordinal id.
            Assert.That(Ids(3), Is.EqualTo(new[] { "c", "B", "a" }));
            Assert.That(Ids(2), Is.EqualTo(new[] { "c", "B" }));
            Assert.That(Ids(800), Is.EqualTo(new[] { "c", "B", "a", "d" }), "fewer eligible than universe.size: all of them");
        }
    }
}
