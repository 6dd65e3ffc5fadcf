using System.Collections.Concurrent;
using System.Text.Json;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Methodology.Sweep;
using IndexEngine.Core.Model;
using IndexEngine.Data;
using IndexEngine.Tests.Methodology;
using IndexEngine.Tests.Support;
using NUnit.Framework;

namespace IndexEngine.Tests.Sweep;

/// <summary>
/// A sweep's variant is exactly its own backtest: every level, weight, score, warning and statistic, compared as
/// exact text of every field (doubles round-trip), whatever the parallelism, with the shared stages really shared.
/// </summary>
public class SweepRunnerTests
{
    /// <summary>The shipped universe, loaded once for the sweep tests, and the backtest range they use.</summary>
    internal static readonly Lazy<Universe> Shipped = new(() => UniverseSources.Open(TestPaths.DefaultUniverse).Load(UnknownIdPolicy.Error));
    internal static readonly DateOnly From = new(2015, 1, 1), To = new(2017, 11, 10);

    /// <summary>The variants the issue names: selection size, the CFS share, a factor weight, the buffer, the security
    /// cap, a schedule change and a universe band, plus ones that change a screen and a factor key.</summary>
    private static readonly string[][] Changes =
    [
        [],
        ["selection.count=150"],
        ["weighting.cfs_share=0.8"],
        ["scoring.factor_weights.momentum=0.5"],
        ["selection.buffer_rank=260"],
        ["weighting.security_cap=0.03"],
        ["schedule.screening_months=3,6,9,12"],
        ["universe.rank_from=101", "universe.rank_to=700"],
        ["scoring.z_clip=2.5"],
        ["technical.momentum_skip=10"],
    ];

    [Test]
    public void Each_variant_equals_its_own_backtest_on_the_shipped_universe()
    {
        var variants = Changes.Select(c => new SweepVariant(string.Join(" ", c), TestConfigs.Default(c))).ToArray();
        AssertEachEqualsItsBacktest(Shipped.Value, variants, From, To, parallelism: 2);
    }

    [Test]
    public void Each_variant_equals_its_own_backtest_on_the_point_in_time_sp500()
    {
        var universe = UniverseSources.Open(TestPaths.SharedData("sp500-pit")).Load(UnknownIdPolicy.Error);
        string[][] changes = [[], ["selection.count=100"], ["weighting.cfs_share=1", "selection.buffer_rank=200"], ["universe.rank_from=101"]];
        var variants = changes.Select(c => new SweepVariant(string.Join(" ", c), TestConfigs.Default(["universe.size=500", "selection.count=125", .. c]))).ToArray();
        AssertEachEqualsItsBacktest(universe, variants, new DateOnly(2013, 5, 31), new DateOnly(2017, 11, 10), parallelism: 2);
    }

    [Test]
    public void A_given_benchmark_and_a_benchmark_market_give_the_backtests_results_too()
    {
        var universe = Shipped.Value;
        // A benchmark series on the price calendar: the cap-weighted index of the base config, so every date has a level.
        var benchmark = Backtest.Run(universe, TestConfigs.Default(), new DateOnly(2014, 6, 1), To, null).Index.TotalReturn;
        var variants = new[]
        {
            new SweepVariant("universe market", TestConfigs.Default()),
            new SweepVariant("benchmark market", TestConfigs.Default("market.source=benchmark")),
            new SweepVariant("benchmark market, 150", TestConfigs.Default("market.source=benchmark", "selection.count=150")),
        };
        AssertEachEqualsItsBacktest(universe, variants, From, To, parallelism: 2, benchmark);
    }

    [Test]
    public void Parallelism_does_not_change_any_result()
    {
        var variants = new List<SweepVariant>();
        foreach (int count in new[] { 100, 150, 200, 250 })
            foreach (string share in new[] { "0", "0.25", "0.5", "0.75", "1" })
                variants.Add(new SweepVariant($"{count}/{share}", TestConfigs.Default($"selection.count={count}", $"weighting.cfs_share={share}", "selection.buffer_rank=300")));
        var from = new DateOnly(2016, 1, 1);
        var serial = Texts(Shipped.Value, variants, from, To, parallelism: 1);
        var parallel = Texts(Shipped.Value, variants, from, To, parallelism: 8);
        Assert.That(serial.Distinct().Count(), Is.EqualTo(variants.Count), "the variants differ, so a mix-up would show");
        for (int i = 0; i < variants.Count; i++) Assert.That(parallel[i], Is.EqualTo(serial[i]), variants[i].Name);
    }

    [Test]
    public void Variants_share_a_stage_result_exactly_when_its_key_is_equal()
    {
        var variants = new[]
        {
            new SweepVariant("base", TestConfigs.Default()),
            new SweepVariant("count", TestConfigs.Default("selection.count=150")),        // every stage key equal
            new SweepVariant("z clip", TestConfigs.Default("scoring.z_clip=2.5")),         // factor keys differ
            new SweepVariant("band", TestConfigs.Default("universe.rank_from=101")),       // universe key differs
            new SweepVariant("window", TestConfigs.Default("technical.min_observations=150")), // screen key differs
        };
        var results = new ConcurrentDictionary<int, BacktestResult>();
        SweepRunner.Run(Shipped.Value, variants, new DateOnly(2017, 1, 1), To, null, 2, (i, r) => results[i] = r);
        var first = results.ToDictionary(p => variants[p.Key].Name, p => p.Value.Steps[0].Result);

        Assert.That(first["count"].Members, Is.SameAs(first["base"].Members));
        Assert.That(first["count"].OutsideUniverse, Is.SameAs(first["base"].OutsideUniverse));
        Assert.That(first["count"].MemberVolatility, Is.SameAs(first["base"].MemberVolatility));
        Assert.That(first["count"].Scores.FactorRanks["value"], Is.SameAs(first["base"].Scores.FactorRanks["value"]));

        Assert.That(first["z clip"].Members, Is.SameAs(first["base"].Members));
        Assert.That(first["z clip"].MemberVolatility, Is.SameAs(first["base"].MemberVolatility));
        Assert.That(first["z clip"].Scores.FactorRanks["value"], Is.Not.SameAs(first["base"].Scores.FactorRanks["value"]));

        foreach (var other in new[] { "band", "window" })
        {
            Assert.That(first[other].Members, Is.Not.SameAs(first["base"].Members), other);
            Assert.That(first[other].OutsideUniverse, Is.Not.SameAs(first["base"].OutsideUniverse), other);
            Assert.That(first[other].MemberVolatility, Is.Not.SameAs(first["base"].MemberVolatility), other);
        }

        // Across dates nothing is shared: each screening date has its own view.
        Assert.That(results[0].Steps[1].Result.Members, Is.Not.SameAs(first["base"].Members));
    }

    [Test]
    public void A_sweep_releases_each_dates_stage_results_once_every_variant_is_past_it()
    {
        var universe = Shipped.Value;
        var one = TestConfigs.Default();
        var other = TestConfigs.Default("selection.count=150");
        var shared = new SharedStages(universe);
        var dates = Backtest.ScreeningIndices(universe, one, From, To).ToArray();
        shared.Expect(dates);
        shared.Expect(Backtest.ScreeningIndices(universe, other, From, To));

        Backtest.Run(shared, one, From, To, null);
        Assert.That(shared.DatesHeld, Is.EqualTo(dates.Length), "the second variant still needs every date");
        Backtest.Run(shared, other, From, To, null);
        Assert.That(shared.DatesHeld, Is.Zero);

        var alone = new SharedStages(universe);
        Backtest.Run(alone, one, From, To, null);
        Assert.That(alone.DatesHeld, Is.Zero, "a lone backtest holds no date after it");
    }

    [Test]
    public void A_shared_stage_that_fails_fails_every_variant_reading_it_with_the_backtests_error_naming_the_variant()
    {
        var config = TestConfigs.Default("eligibility.min_adv=1e15");
        var expected = Assert.Throws<InputException>(() => Backtest.Run(Shipped.Value, config, From, To, null))!;
        var variants = new[] { new SweepVariant("a", config), new SweepVariant("b", TestConfigs.Default("eligibility.min_adv=1e15", "selection.count=150")) };
        var done = new ConcurrentBag<int>();
        var e = Assert.Throws<InputException>(() => SweepRunner.Run(Shipped.Value, variants, From, To, null, 2, (i, _) => done.Add(i)))!;
        Assert.That(e.Message, Is.EqualTo("variant 'a': " + expected.Message).Or.EqualTo("variant 'b': " + expected.Message));
        Assert.That(expected.Message, Does.StartWith("no security is eligible on"));
        Assert.That(done, Is.Empty);
    }

    private static void AssertEachEqualsItsBacktest(
        Universe universe, IReadOnlyList<SweepVariant> variants, DateOnly from, DateOnly to, int parallelism, LevelSeries? benchmark = null)
    {
        var swept = Texts(universe, variants, from, to, parallelism, benchmark);
        Assert.That(swept.Distinct().Count(), Is.EqualTo(variants.Count), "every variant changes the result");
        for (int i = 0; i < variants.Count; i++)
        {
            var alone = Backtest.Run(universe, variants[i].Config, from, to, benchmark);
            Assert.That(swept[i], Is.EqualTo(Text(alone)), variants[i].Name);
        }
    }

    private static string[] Texts(Universe universe, IReadOnlyList<SweepVariant> variants, DateOnly from, DateOnly to, int parallelism, LevelSeries? benchmark = null)
    {
        var texts = new string?[variants.Count];
        SweepRunner.Run(universe, variants, from, to, benchmark, parallelism, (i, result) =>
        {
            Assert.That(texts[i], Is.Null, "each variant is handed out once");
            texts[i] = Text(result);
        });
        Assert.That(texts, Has.None.Null);
        return texts!;
    }

    private static readonly JsonSerializerOptions Exact = new()
    {
        IncludeFields = true, // the (security, weight) tuples of the level periods
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Every public field of the result as JSON: doubles in their shortest round-trip form, so equal text is equal bits.</summary>
    internal static string Text(BacktestResult result) => JsonSerializer.Serialize(result, Exact);
}
