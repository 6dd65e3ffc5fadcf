using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;
using NUnit.Framework;

namespace IndexEngine.Tests.Methodology;

/// <summary>
/// What a rebalance says about its decisions: the effective date (§9), the warnings for adjustments it makes
/// without failing, and the securities outside the starting universe with why.
/// </summary>
[TestFixture]
public sealed class RebalanceDecisionsTests
{
    private static DateOnly D(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd");

    /// <summary>Every weekday from <paramref name="first"/> to <paramref name="last"/>, less the holidays.</summary>
    private static List<DateOnly> Weekdays(string first, string last, params string[] holidays)
    {
        var days = new List<DateOnly>();
        for (var d = D(first); d <= D(last); d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(d.ToString("yyyy-MM-dd"))) days.Add(d);
        return days;
    }

    // 2017: screening Tuesday 28 February; March 1 is a Wednesday, so the second Friday is the 10th; June's is the 9th.
    [TestCase("2017-02-28", "2017-01-02", "2017-03-31", null, "2017-03-10", false, TestName = "screening date: the second Friday, in the calendar")]
    [TestCase("2017-02-28", "2017-01-02", "2017-03-31", "2017-03-10", "2017-03-09", false, TestName = "a holiday on the Friday: the trading day before")]
    [TestCase("2017-02-28", "2017-01-02", "2017-03-09", null, "2017-03-10", true, TestName = "the data ends before the Friday: estimated")]
    [TestCase("2017-03-10", "2017-01-02", "2017-03-31", null, "2017-06-09", true, TestName = "S on the effective date: the next quarter's")]
    [TestCase("2017-03-09", "2017-01-02", "2017-03-31", "2017-03-10", "2017-06-09", true, TestName = "effective date falling on S: the next quarter's")]
    [TestCase("2017-02-15", "2017-01-02", "2017-03-31", null, "2017-03-10", false, TestName = "S off the schedule: the next effective date")]
    [TestCase("2016-12-20", "2016-10-03", "2017-03-31", null, "2017-03-10", false, TestName = "across the year end")]
    public void Effective_date_is_the_first_of_the_schedule_after_S(string screening, string first, string last, string? holiday, string expected, bool estimated)
    {
        var calendar = holiday is null ? Weekdays(first, last) : Weekdays(first, last, holiday);
        Assert.That(EffectiveDate.After(calendar, D(screening)), Is.EqualTo(new EffectiveDate(D(expected), estimated)));
    }

    [Test]
    public void A_screening_date_off_the_schedule_is_warned_with_the_next_one()
    {
        // Memorial Day, Monday 2021-05-31, is not a trading day: Friday the 28th is May's last trading day.
        var calendar = Weekdays("2021-05-03", "2021-06-30", "2021-05-31");
        Assert.That(RebalanceWarnings.NotAScreeningDate(calendar, D("2021-05-28")), Is.Null);
        Assert.That(RebalanceWarnings.NotAScreeningDate(calendar, D("2021-05-27")), Is.EqualTo(
            "2021-05-27 is not a screening date of the schedule (the last trading day of February, May, August or November; " +
            "the next is 2021-05-28): rebalanced as of it anyway"));
        Assert.That(RebalanceWarnings.NotAScreeningDate(calendar, D("2021-06-30")), Does.Contain("the next is 2021-08-31"));
    }

    [Test]
    public void An_ignored_selection_count_is_warned_with_the_N_used()
    {
        Assert.That(RebalanceWarnings.SelectionCountIgnored(new SelectionConfig(200, null, null), 489), Is.Null);
        // 0.25 x 489 = 122.25, rounded 122.
        Assert.That(RebalanceWarnings.SelectionCountIgnored(new SelectionConfig(200, 0.25, null), 489), Is.EqualTo(
            "selection.count = 200 is ignored because selection.fraction = 0.25 is set: N = 0.25 x 489 in U, rounded = 122"));
    }

    private static FactorDefinition[] Factors(params double[] weights) =>
        weights.Select((w, k) => new FactorDefinition("f" + k, w, [new MetricDefinition("m" + k, 1, 1)])).ToArray();

    [Test]
    public void Factor_weights_not_summing_to_one_are_warned_with_the_effective_weights()
    {
        Assert.That(RebalanceWarnings.FactorWeightsRescaled(Factors(0.25, 0.25, 0.25, 0.25)), Is.Null);
        Assert.That(Factors(0.2, 0.7, 0.1).Sum(f => f.Weight), Is.Not.EqualTo(1.0), "in floating point the sum is 0.9999999999999999");
        Assert.That(RebalanceWarnings.FactorWeightsRescaled(Factors(0.2, 0.7, 0.1)), Is.Null, "rounding is not a rescaling");
        Assert.That(RebalanceWarnings.FactorWeightsRescaled(Factors(1, 1, 2)), Is.EqualTo("scoring.factor_weights sum to 4, not 1: rescaled to f0 0.25, f1 0.25, f2 0.5"));
        Assert.That(RebalanceWarnings.FactorWeightsRescaled(Factors(1, 1, 1)), Is.EqualTo("scoring.factor_weights sum to 3, not 1: rescaled to f0 0.3333, f1 0.3333, f2 0.3333"));
        Assert.That(RebalanceWarnings.FactorWeightsRescaled(Factors(0.2, 0.2, 0, 0.2)), Does.StartWith("scoring.factor_weights sum to 0.6000000000000001, not 1: rescaled to f0 0.3333"));
    }

    [Test]
    public void Unknown_previous_ids_are_warned_ten_by_name()
    {
        var universe = new TestUniverseBuilder(5).AddSecurity("A").AddSecurity("B").Build();
        var known = new PreviousIndex(new Dictionary<string, double> { ["A"] = 0.6, ["B"] = 0.4 });
        Assert.That(RebalanceWarnings.UnknownPreviousIds(universe, known), Is.Null);

        // A at 0.45 plus twelve unknown ids at 0.55 / 12 each, listed in ordinal order (X10 before X2).
        var weights = new Dictionary<string, double> { ["A"] = 0.45 };
        for (int k = 1; k <= 12; k++) weights["X" + k] = 0.55 / 12;
        Assert.That(RebalanceWarnings.UnknownPreviousIds(universe, new PreviousIndex(weights)), Is.EqualTo(
            "--previous: 12 of 13 ids are not in securities.csv (X1, X10, X11, X12, X2, X3, X4, X5, X6, X7 and 2 more), weight 0.55: " +
            "they cannot be kept by the buffer and count as deletions"));
    }

    [Test]
    public void The_pipeline_explains_every_security_outside_U_and_warns_of_unknown_previous_ids()
    {
        var universe = SyntheticUniverse.Create(20240301);
        var previous = new PreviousIndex(new Dictionary<string, double> { [universe.Securities[0].Id] = 0.7, ["GONE"] = 0.3 });
        var result = RebalancePipeline.Run(universe, TestConfigs.Default("universe.size=45", "selection.count=20"), new RebalanceInputs(Previous: previous));

        var outside = result.OutsideUniverse;
        Assert.That(outside.Count + result.Members.Count, Is.EqualTo(result.Counts.Input), "every security is a member or explained");
        Assert.That(outside.Select(o => o.Security.Id).Intersect(result.Members.Select(m => m.Id)), Is.Empty);
        Assert.That(outside.Select(o => o.Security.Id), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(outside.Count(o => o.Eligible), Is.EqualTo(result.Counts.Eligible - 45));
        Assert.That(outside.Where(o => o.Eligible).Select(o => o.Reason), Has.All.Match(@"^eligible but outside the largest universe\.size 45 \(size rank (4[6-9]|5[0-9]) of \d+ eligible\)$"));
        Assert.That(outside.Count(o => !o.Eligible), Is.EqualTo(result.Counts.Input - result.Counts.Eligible));
        Assert.That(outside.Where(o => !o.Eligible).Select(o => o.Reason), Has.All.Match("^(country|security_type|liquidity|history|no market cap|market_cap)"));
        // The counts per screen and the reasons agree.
        Assert.That(outside.Count(o => o.Reason.Contains("history: ", StringComparison.Ordinal)), Is.EqualTo(result.Counts.FailedHistory));
        Assert.That(outside.Count(o => o.Reason.Contains("liquidity: ", StringComparison.Ordinal)), Is.EqualTo(result.Counts.FailedLiquidity));

        Assert.That(result.Warnings, Has.Member(
            "--previous: 1 of 2 ids are not in securities.csv (GONE), weight 0.3: they cannot be kept by the buffer and count as deletions"));
        Assert.That(result.Drops.Select(d => d.Id), Has.Member("GONE"));
    }
}
