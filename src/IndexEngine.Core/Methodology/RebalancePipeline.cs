using System.Diagnostics;
using System.Globalization;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology.Sweep;
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
    public static RebalanceResult Run(Universe universe, MethodologyConfig config, RebalanceInputs inputs, StageObserver? observe = null) =>
        Run(new SharedStages(universe), config, inputs, observe);

    /// <summary>
    /// One rebalance whose data-only stages (screen, starting universe, technical metrics, factor scores) come from
    /// <paramref name="shared"/> under their keys (<see cref="StageKeys"/>), computed there on first use; selection,
    /// weighting and the description, which depend on the current index, are this rebalance's own.
    /// </summary>
    internal static RebalanceResult Run(SharedStages shared, MethodologyConfig config, RebalanceInputs inputs, StageObserver? observe = null)
    {
        var universe = shared.Universe;
        var stage = new StageClock(observe);
        var warnings = new List<string>();

        int s = ScreeningDateIndex(universe, inputs.AsOf, warnings);
        var measureKey = StageKeys.Measure(config, inputs.Benchmark);
        var screen = ScreenOf(shared, s, measureKey);
        var history = screen.Screened.View;
        stage.Done("eligibility", $"{history.SecurityCount} securities, {screen.Screened.Eligibility.Count(e => e == EligibilityFailure.None)} eligible, {screen.Members.Length} in U");
        if (screen.Members.Length == 0)
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"no security is eligible on {history.ScreeningDate:yyyy-MM-dd}: check the as-of date, the history ({config.Technical.MinObservations} returns needed) and the eligibility settings"));
        warnings.AddRange(RebalanceWarnings.For(universe, history.ScreeningDate, config, screen.Members.Length, inputs.Previous));
        var metrics = Measure(shared, s, screen, measureKey, config);
        stage.Done("metrics", $"{metrics.Count} metrics for {screen.Members.Length} members");
        var scores = ScoreMembers(metrics, screen.Members.Length, config, warnings, stage, factor => FactorScoreOf(shared, s, screen, measureKey, factor, config, metrics));
        var selection = Select(screen.Members, scores, config, inputs.Previous, warnings, stage);
        var constituents = Weigh(screen.Members, scores, metrics[TechnicalMetrics.Volatility], selection, config, stage, out var targets);
        var result = Describe(history.ScreeningDate, config, inputs, screen.Screened.Eligibility, screen.Members, screen.MemberIndex, screen.Deciles,
            metrics[TechnicalMetrics.Volatility], scores, selection, constituents, targets, warnings)
            with
            {
                MetricAges = screen.MetricAges,
                OutsideUniverse = screen.Outside,
                Effective = EffectiveDate.After(universe.Calendar, history.ScreeningDate, config.Schedule),
            };
        stage.Done("analytics", $"turnover {(result.Turnover is { } t ? t.ToString("0.####", CultureInfo.InvariantCulture) : "n/a")}");
        return result;
    }

    /// <summary>
    /// Computes into <paramref name="shared"/> the data-only stages of a rebalance at calendar day <paramref name="s"/>
    /// (screen, starting universe, technical metrics, factor scores) exactly as <see cref="Run(SharedStages, MethodologyConfig, RebalanceInputs, StageObserver?)"/>
    /// asks for them, so that a backtest can compute the next screening dates on another core while this one is
    /// selected and weighted. Run finds them there; what Prepare does not reach (no member in U) Run reports.
    /// </summary>
    /// <exception cref="InputException">A stage fails on the data; Run at the same date throws the same.</exception>
    internal static void Prepare(SharedStages shared, MethodologyConfig config, int s, LevelSeries? benchmark)
    {
        var measureKey = StageKeys.Measure(config, benchmark);
        var screen = ScreenOf(shared, s, measureKey);
        if (screen.Members.Length == 0) return;
        var metrics = Measure(shared, s, screen, measureKey, config);
        foreach (var factor in config.Factors) FactorScoreOf(shared, s, screen, measureKey, factor, config, metrics);
    }

    private static Screening ScreenOf(SharedStages shared, int s, MeasureKey measureKey) =>
        shared.At(s, measureKey.Universe, key => StartingUniverseOf(shared.At(s, key.Screen, screenKey => Screen(shared.Universe, s, screenKey)), key.Rule));

    private static FactorScore FactorScoreOf(
        SharedStages shared, int s, Screening screen, MeasureKey measureKey, FactorDefinition factor, MethodologyConfig config, IReadOnlyDictionary<string, double[]> metrics) =>
        shared.At(s, StageKeys.Factor(measureKey, factor, config.Scoring),
            key => CompositeScoring.ScoreFactor(key.Metrics, metrics, key.ZClip, key.MinMetricCount, screen.Members.Length));

    /// <summary>The point-in-time view at S, how many returns over W each security has, and the screens (§2–§3). The
    /// returns themselves are not kept: a date's results live while any variant needs the date, and U's own rows
    /// are all that later stages read.</summary>
    private sealed record Screened(ScreeningView View, int[] ReturnCounts, EligibilityFailure[] Eligibility, ScreenKey Key);

    /// <summary>The starting universe U (§3) of the screened securities, every security outside it with why, and what
    /// describes U alone: the ages of its metrics rows (§11) and its cap-weighted size deciles (§8).</summary>
    private sealed record Screening(
        Screened Screened, int[] MemberIndex, Security[] Members, ReturnMatrix MemberReturns, IReadOnlyList<ExcludedSecurity> Outside,
        MetricAgeSummary? MetricAges, IReadOnlyList<DecileWeight> Deciles);

    /// <summary>§2–§3: the view at S, returns over W and the eligibility screens; reads only <paramref name="key"/>.</summary>
    private static Screened Screen(Universe universe, int screeningIndex, ScreenKey key)
    {
        var history = new ScreeningView(universe, screeningIndex, key.Technical, key.Metrics);
        var counts = history.WindowReturnCounts();
        var eligibility = Eligibility.Screen(history, key.Eligibility, counts, key.Technical.MinObservations);
        return new Screened(history, counts, eligibility, key);
    }

    /// <summary>§3: U by the universe rule, and every security outside it with why.</summary>
    private static Screening StartingUniverseOf(Screened screened, IUniverseRule rule)
    {
        var history = screened.View;
        var memberIndex = rule.Select(history.Securities, screened.Eligibility);
        var members = memberIndex.Select(i => history.Securities[i]).ToArray();
        var outside = Exclusions.OutsideUniverse(history, screened.Key.Eligibility, screened.Key.Technical.MinObservations, rule, screened.Eligibility, screened.ReturnCounts);
        var capWeights = IndexAnalytics.CapWeights(members);
        var deciles = IndexAnalytics.Deciles(members.Select((m, u) => (m.Id, m.MarketCap, capWeights[u])).ToArray());
        return new Screening(screened, memberIndex, members, ReturnMatrix.For(history, memberIndex), outside, MetricAgesOf(history, memberIndex), deciles);
    }

    /// <summary>§4: the technical metrics of U's members against the market return the key names.</summary>
    private static IReadOnlyDictionary<string, double[]> TechnicalOf(Screening screen, MeasureKey key)
    {
        var history = screen.Screened.View;
        var market = MarketReturnFor(history, screen.MemberReturns, screen.Members, key.Source, key.Benchmark);
        return TechnicalMetrics.Compute(history, screen.MemberIndex, screen.MemberReturns, market);
    }

    /// <summary>§4: every configured metric for the members of U (the technical ones computed once per key, vol included).</summary>
    private static Dictionary<string, double[]> Measure(SharedStages shared, int s, Screening screen, MeasureKey measureKey, MethodologyConfig config)
    {
        var technical = shared.At(s, measureKey, key => TechnicalOf(screen, key));
        var metrics = FactorMetrics.Collect(screen.Screened.View, screen.MemberIndex, technical, config.Factors);
        metrics.TryAdd(TechnicalMetrics.Volatility, technical[TechnicalMetrics.Volatility]);
        return metrics;
    }

    /// <summary>§5: z-scores, factor scores and ranks, composite and CFS.</summary>
    private static ScoreTable ScoreMembers(
        Dictionary<string, double[]> metrics, int memberCount, MethodologyConfig config, List<string> warnings, StageClock stage, Func<FactorDefinition, FactorScore> scoreFactor)
    {
        var scores = CompositeScoring.Score(metrics, config.Factors, config.Scoring, memberCount, scoreFactor);
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

    private static double[] MarketReturnFor(ScreeningView history, ReturnMatrix memberReturns, Security[] members, MarketSource source, LevelSeries? benchmark)
    {
        if (source == MarketSource.Universe)
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
        Security[] members, int[] memberIndex, IReadOnlyList<DecileWeight> universeDeciles, double[] volatility, ScoreTable scores, SelectionResult selection,
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
            IndexAnalytics.Deciles(holdings), universeDeciles, IndexAnalytics.SizeMix(holdings),
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
