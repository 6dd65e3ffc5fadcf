using System.Diagnostics;
using System.Globalization;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology;

/// <summary>Receives each stage's name, duration and counts (the CLI logs them).</summary>
public delegate void StageObserver(string stage, TimeSpan elapsed, string detail);

/// <summary>Inputs of one rebalance besides the universe and config.</summary>
public sealed record RebalanceInputs(
    DateOnly? AsOf = null,
    PreviousIndex? Previous = null,
    LevelSeries? Benchmark = null,
    IReadOnlyDictionary<string, double>? TurnoverReference = null);

/// <summary>
/// One rebalance, METHODOLOGY §2–§8, top-down: screen, build U, measure, score, select, weight,
/// neutralise sectors, cap, describe.
/// </summary>
public static class RebalancePipeline
{
    public static RebalanceResult Run(Universe universe, MethodologyConfig config, RebalanceInputs inputs, StageObserver? observe = null)
    {
        var stage = new StageClock(observe);
        var warnings = new List<string>();

        var history = new ScreeningView(universe, ScreeningDateIndex(universe, inputs.AsOf, warnings), config.Technical, config.Metrics);
        var screen = Screen(history, config, stage);
        warnings.AddRange(RebalanceWarnings.For(universe, history.ScreeningDate, config, screen.Members.Length, inputs.Previous));
        var metrics = Measure(history, screen, config, inputs.Benchmark, stage);
        var scores = ScoreMembers(metrics, screen.Members.Length, config, warnings, stage);
        var selection = Select(screen.Members, scores, config, inputs.Previous, warnings, stage);
        var constituents = Weigh(screen.Members, scores, metrics[TechnicalMetrics.Volatility], selection, config, stage, out var targets);
        var result = Describe(history.ScreeningDate, config, inputs, screen.Eligibility, screen.Members, screen.MemberIndex,
            metrics[TechnicalMetrics.Volatility], scores, selection, constituents, targets, warnings)
            with
            {
                MetricAges = MetricAgesOf(history, screen.MemberIndex),
                OutsideUniverse = screen.Outside,
                Effective = EffectiveDate.After(universe.Calendar, history.ScreeningDate, config.Schedule),
            };
        stage.Done("analytics", $"turnover {(result.Turnover is { } t ? t.ToString("0.####", CultureInfo.InvariantCulture) : "n/a")}");
        return result;
    }

    /// <summary>The screened securities and the starting universe U (§3).</summary>
    private sealed record Screening(EligibilityFailure[] Eligibility, int[] MemberIndex, Security[] Members, ReturnMatrix MemberReturns)
    {
        /// <summary>Every security outside U, with why.</summary>
        public IReadOnlyList<ExcludedSecurity> Outside { get; init; } = [];
    }

    /// <summary>§2–§3: returns over W, the eligibility screens and the starting universe.</summary>
    private static Screening Screen(ScreeningView history, MethodologyConfig config, StageClock stage)
    {
        var returns = ReturnMatrix.ForAll(history);
        var counts = ReturnCounts(returns);
        var eligibility = Eligibility.Screen(history, config.Eligibility, counts, config.Technical.MinObservations);
        var memberIndex = LargestByCap.For(config).Select(history.Securities, eligibility);
        var members = memberIndex.Select(i => history.Securities[i]).ToArray();
        var outside = Exclusions.OutsideUniverse(history, config, eligibility, counts);
        stage.Done("eligibility", $"{history.SecurityCount} securities, {eligibility.Count(e => e == EligibilityFailure.None)} eligible, {members.Length} in U");
        if (members.Length == 0)
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"no security is eligible on {history.ScreeningDate:yyyy-MM-dd}: check the as-of date, the history ({config.Technical.MinObservations} returns needed) and the eligibility settings"));
        return new Screening(eligibility, memberIndex, members, returns.Subset(memberIndex))
        {
            Outside = outside,
        };
    }

    /// <summary>§4: every configured metric for the members of U (the technical ones computed, vol included).</summary>
    private static Dictionary<string, double[]> Measure(ScreeningView history, Screening screen, MethodologyConfig config, LevelSeries? benchmark, StageClock stage)
    {
        var market = MarketReturnFor(history, screen.MemberReturns, screen.Members, config, benchmark);
        var technical = TechnicalMetrics.Compute(history, screen.MemberIndex, screen.MemberReturns, market);
        var metrics = FactorMetrics.Collect(history, screen.MemberIndex, technical, config.Factors);
        metrics.TryAdd(TechnicalMetrics.Volatility, technical[TechnicalMetrics.Volatility]);
        stage.Done("metrics", $"{metrics.Count} metrics for {screen.Members.Length} members");
        return metrics;
    }

    /// <summary>§5: z-scores, factor scores and ranks, composite and CFS.</summary>
    private static ScoreTable ScoreMembers(Dictionary<string, double[]> metrics, int memberCount, MethodologyConfig config, List<string> warnings, StageClock stage)
    {
        var scores = CompositeScoring.Score(metrics, config.Factors, config.Scoring, memberCount);
        warnings.AddRange(scores.Warnings);
        stage.Done("scoring", $"{scores.Cfs.Count(c => !double.IsNaN(c))} members with a CFS");
        // Otherwise selection would report a universe too small, hiding why: the warnings say which metrics are missing.
        if (scores.Cfs.All(double.IsNaN))
            throw new InputException(string.Create(CultureInfo.InvariantCulture,
                $"no member of the starting universe has a Composite Factor Score (each needs scores in scoring.min_factors = {config.Scoring.MinFactors} factors){(scores.Warnings.Count > 0 ? ": " + string.Join("; ", scores.Warnings) : "")}"));
        return scores;
    }

    /// <summary>§6: positions and the selection (with the buffer when a current index is given).</summary>
    private static SelectionResult Select(Security[] members, ScoreTable scores, MethodologyConfig config, PreviousIndex? previous, List<string> warnings, StageClock stage)
    {
        int target = Selection.TargetCount(config.Selection, members.Length);
        if (target >= 1 && config.Weighting.SecurityCap * target < 1 - 1e-12)
            throw ConfigBinder.SecurityCapTooLow(config.Weighting.SecurityCap, target);
        if (config.Selection.BufferRank is not null && previous is null)
            warnings.Add("selection.buffer_rank is set but no current index (previous.csv) was given: selected without a buffer");
        var positions = Selection.Positions(members, scores.Cfs);
        var selection = Selection.Select(members, positions, target, config.Selection.BufferRank, previous);
        stage.Done("selection", $"{selection.Selected.Length} selected ({selection.BufferKept} kept by the buffer)");
        return selection;
    }

    /// <summary>§7: the weighting stage (by default raw weights, sector neutrality and the security cap); constituents by weight ↓, id ↑.</summary>
    private static Constituent[] Weigh(
        Security[] members, ScoreTable scores, double[] volatility, SelectionResult selection, MethodologyConfig config, StageClock stage,
        out IReadOnlyList<SectorTarget> targets)
    {
        targets = SectorNeutrality.Targets(members, selection.Selected, config.Weighting.SectorCap);
        var (raw, weights, capIterations) = WeightingSchemes.For(config.Weighting).Weigh(new WeightingInputs(
            selection.Selected.Select(u => members[u].Sector).ToArray(),
            selection.Selected.Select(u => members[u].MarketCap).ToArray(),
            selection.Selected.Select(u => scores.Cfs[u]).ToArray(),
            SelectedVolatility(selection.Selected, members, volatility),
            targets));
        EnsureFullyInvested(weights);
        stage.Done("weighting", $"{weights.Length} weights, " + (capIterations == 0 ? "security cap not binding" : $"security cap applied in {capIterations} iterations"));

        return selection.Selected
            .Select((u, k) => new Constituent(members[u], u, scores.Cfs[u], selection.Position[u], volatility[u], raw.CfsShare[k], raw.InverseVolShare[k], raw.Raw[k], weights[k]))
            .OrderByDescending(c => c.Weight).ThenBy(c => c.Security.Id, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>S: --as-of (or the last date of the calendar), rolled back to the last trading day on or before
    /// it; an index into <see cref="Universe.Dates"/>.</summary>
    /// <exception cref="InputException">--as-of is outside the price data.</exception>
    /// <exception cref="ArgumentException">The universe was loaded for a window that does not hold S (a bug of the caller).</exception>
    public static int ScreeningDateIndex(Universe universe, DateOnly? asOf, List<string>? warnings = null)
    {
        var calendar = universe.Calendar;
        if (calendar.Count == 0) throw new InputException("prices.csv has no rows");
        var first = calendar[0];
        var last = calendar[^1];
        var date = asOf ?? last;
        if (date < first || date > last)
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"--as-of {date:yyyy-MM-dd} is outside the price data ({first:yyyy-MM-dd}..{last:yyyy-MM-dd})"));
        int index = universe.DateIndexOnOrBefore(date);
        if (index < 0 || index + universe.CalendarOffset + 1 < calendar.Count && calendar[index + universe.CalendarOffset + 1] <= date)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the prices loaded ({universe.Dates[0]:yyyy-MM-dd}..{universe.Dates[^1]:yyyy-MM-dd}) do not reach {date:yyyy-MM-dd}"), nameof(universe));
        if (universe.Dates[index] != date)
            warnings?.Add(string.Create(CultureInfo.InvariantCulture, $"--as-of {date:yyyy-MM-dd} is not a trading day; screening on {universe.Dates[index]:yyyy-MM-dd}, the trading day before it"));
        return index;
    }

    /// <summary>§11 reporting: the age of the dated metrics rows the members of U used (null when undated).</summary>
    private static MetricAgeSummary? MetricAgesOf(ScreeningView history, int[] memberIndex) =>
        history.HasDatedMetrics ? MetricAgeSummary.Of(memberIndex.Select(history.MetricAgeDays).ToArray()) : null;

    private static int[] ReturnCounts(ReturnMatrix returns)
    {
        var counts = new int[returns.Count];
        for (int i = 0; i < returns.Count; i++) counts[i] = returns.CountAvailable(i);
        return counts;
    }

    private static double[] MarketReturnFor(ScreeningView history, ReturnMatrix memberReturns, Security[] members, MethodologyConfig config, LevelSeries? benchmark)
    {
        if (config.MarketSource == MarketSource.Universe)
            return MarketReturn.CapWeighted(memberReturns, members.Select(m => m.MarketCap).ToArray());
        if (benchmark is null)
            throw new ConfigException("market.source", "is 'benchmark' but no benchmark file was given (--benchmark)");
        return MarketReturn.FromBenchmark(history, benchmark);
    }

    private static double[] SelectedVolatility(int[] selected, Security[] members, double[] volatility)
    {
        var vol = selected.Select(u => volatility[u]).ToArray();
        for (int k = 0; k < vol.Length; k++)
            if (!(vol[k] > 0))
                throw new InputException($"security {members[selected[k]].Id} has zero volatility over the window: inverse-volatility weighting is undefined (are its prices constant?)");
        return vol;
    }

    private static void EnsureFullyInvested(ReadOnlySpan<double> weights)
    {
        double sum = 0;
        foreach (var w in weights)
        {
            if (!(w >= 0)) throw new InvalidOperationException($"negative or undefined weight {w}");
            sum += w;
        }
        if (Math.Abs(sum - 1) > 1e-12) throw new InvalidOperationException($"weights sum to {sum:R}, not 1 within 1e-12");
    }

    private static RebalanceResult Describe(
        DateOnly asOf, MethodologyConfig config, RebalanceInputs inputs, EligibilityFailure[] eligibility,
        Security[] members, int[] memberIndex, double[] volatility, ScoreTable scores, SelectionResult selection,
        Constituent[] constituents, IReadOnlyList<SectorTarget> targets, List<string> warnings)
    {
        int Failed(EligibilityFailure f) => eligibility.Count(e => (e & f) != 0);
        var counts = new ScreeningCounts(
            eligibility.Length,
            Failed(EligibilityFailure.CountryOrType),
            Failed(EligibilityFailure.Liquidity),
            Failed(EligibilityFailure.History),
            Failed(EligibilityFailure.MarketCap),
            eligibility.Count(e => e == EligibilityFailure.None),
            members.Length,
            scores.Cfs.Count(c => !double.IsNaN(c)),
            constituents.Length);

        var indexWeightBySector = constituents.GroupBy(c => c.Security.Sector, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Weight), StringComparer.Ordinal);
        var sectors = targets
            .Select(t => new SectorRow(t.Sector, t.UniverseWeight, t.Target, indexWeightBySector.GetValueOrDefault(t.Sector), t.Selected))
            .ToArray();

        var holdings = constituents.Select(c => (c.Security.Id, c.Security.MarketCap, c.Weight)).ToArray();
        var capWeights = IndexAnalytics.CapWeights(members);
        var universeHoldings = members.Select((m, u) => (m.Id, m.MarketCap, capWeights[u])).ToArray();

        var next = constituents.ToDictionary(c => c.Security.Id, c => c.Weight, StringComparer.Ordinal);
        var reference = inputs.TurnoverReference ?? inputs.Previous?.Weights;
        double? turnover = reference is null ? null : IndexAnalytics.Turnover(reference, next);
        var (adds, drops) = reference is null
            ? ([], [])
            : IndexAnalytics.Changes(reference, next);

        return new RebalanceResult(
            asOf, config, counts, members, memberIndex, volatility, scores, selection,
            ExclusionReasons(members, scores, selection, config),
            constituents, sectors,
            IndexAnalytics.Deciles(holdings), IndexAnalytics.Deciles(universeHoldings), IndexAnalytics.SizeMix(holdings),
            turnover, adds, drops, warnings);
    }

    private static string?[] ExclusionReasons(Security[] members, ScoreTable scores, SelectionResult selection, MethodologyConfig config)
    {
        var selected = new HashSet<int>(selection.Selected);
        var reasons = new string?[members.Length];
        for (int u = 0; u < members.Length; u++)
        {
            int position = selection.Position[u];
            reasons[u] = selected.Contains(u) ? null
                : double.IsNaN(scores.Cfs[u]) ? $"fewer than {config.Scoring.MinFactors} factors available ({scores.AvailableFactors[u]})"
                : position <= selection.TargetCount ? "displaced by buffered current members"
                : $"position {position} outside the selection of {selection.TargetCount}";
        }
        return reasons;
    }

    /// <summary>Times stages for the observer without the rules knowing about logging.</summary>
    private sealed class StageClock(StageObserver? observe)
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();

        public void Done(string stage, string detail)
        {
            observe?.Invoke(stage, _watch.Elapsed, detail);
            _watch.Restart();
        }
    }
}
