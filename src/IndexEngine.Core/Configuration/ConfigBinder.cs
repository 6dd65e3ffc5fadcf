using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Configuration;

/// <summary>
/// Turns a config JSON tree plus <c>--set key=value</c> overrides into a validated
/// <see cref="MethodologyConfig"/>. Keys are the dotted snake_case names of METHODOLOGY.md.
/// Unknown keys and bad values are <see cref="ConfigException"/>s (exit 2) naming the key.
/// </summary>
public static class ConfigBinder
{
    private enum Kind { Int, NullableInt, Double, NullableDouble, String, StringList, IntList }

    private sealed record KeySpec(string Key, Kind Kind, string Help);

    // Fixed keys. The four map sections below take any child key (a factor or metric name).
    private static readonly KeySpec[] FixedKeys =
    [
        new("data.unknown_ids", Kind.String, "error | ignore"),
        new("eligibility.countries", Kind.StringList, "list of country codes"),
        new("eligibility.types", Kind.StringList, "list of security types"),
        new("eligibility.min_adv", Kind.Double, "USD, >= 0"),
        new("eligibility.adv_days", Kind.Int, "trading days, > 0"),
        new("eligibility.adv_periods", Kind.Int, "> 0, divides adv_days"),
        new("technical.window", Kind.Int, "trading days, 2..25200"),
        new("technical.min_observations", Kind.Int, "returns, 2..window"),
        new("technical.close_fallback_days", Kind.Int, "trading days, >= 0"),
        new("technical.momentum_skip", Kind.Int, "trading days, >= 0"),
        new("technical.momentum_long", Kind.Int, "trading days, > momentum_skip"),
        new("technical.momentum_short", Kind.Int, "trading days, > momentum_skip"),
        new("technical.annualisation", Kind.Double, "> 0"),
        new("universe.size", Kind.Int, "> 0"),
        new("universe.rule", Kind.String, "largest_by_cap"),
        new("universe.rank_from", Kind.Int, ">= 1 (default 1)"),
        new("universe.rank_to", Kind.NullableInt, "null (= universe.size) or >= rank_from"),
        new("schedule.screening_months", Kind.IntList, "list of distinct months 1..12 (default [2, 5, 8, 11])"),
        new("schedule.effective_rule", Kind.String, "second_friday_next_month | third_friday_next_month | next_trading_day"),
        new("market.source", Kind.String, "universe | benchmark"),
        new("metrics.max_age_days", Kind.Int, "calendar days, >= 0 (dated metrics.csv only)"),
        new("scoring.z_clip", Kind.Double, "> 0"),
        new("scoring.min_metric_count", Kind.Int, ">= 2"),
        new("scoring.min_factors", Kind.Int, "1..number of factors"),
        new("selection.count", Kind.Int, "> 0"),
        new("selection.fraction", Kind.NullableDouble, "null or in (0, 1]"),
        new("selection.buffer_rank", Kind.NullableInt, "null or >= selection size"),
        new("weighting.scheme", Kind.String, "multifactor | equal | modified_equal | cap"),
        new("weighting.cfs_share", Kind.Double, "in [0, 1]"),
        new("weighting.sector_cap", Kind.NullableDouble, "null or in (0, 1]"),
        new("weighting.security_cap", Kind.Double, "in (0, 1], cap * N >= 1"),
        new("levels.model", Kind.String, "fixed_units"),
        new("levels.base_value", Kind.Double, "> 0"),
        new("levels.max_stale_days", Kind.Int, ">= 0"),
        new("levels.max_missing_share", Kind.Double, "in [0, 1]"),
        new("statistics.periods_per_year", Kind.Int, "> 0"),
        new("statistics.risk_free_rate", Kind.Double, "annual rate"),
        new("costs.one_way_bps", Kind.Double, "basis points of traded value, in [0, 10000) (default 0)"),
        new("capacity.aum", Kind.Double, "USD, > 0 (default 1e9)"),
        new("capacity.max_adv_fraction", Kind.Double, "in (0, 1] (default 0.2)"),
    ];

    private static readonly (string Prefix, Kind Kind, string Help)[] MapSections =
    [
        ("factors", Kind.StringList, "factors.<name> = list of metrics"),
        ("scoring.factor_weights", Kind.Double, "scoring.factor_weights.<factor> = weight >= 0"),
        ("metrics.direction", Kind.Int, "metrics.direction.<metric> = 1 | -1 (default 1)"),
        ("metrics.weight", Kind.Double, "metrics.weight.<metric> = weight > 0 (default 1)"),
    ];

    private static readonly string[] MetaKeys = ["extends", "description"];

    /// <summary>The largest count of trading days a key may give (100 years of 252 days): a longer window
    /// only asks for memory (securities × window returns) and for history no price file has.</summary>
    public const int MaxTradingDays = 25_200;

    /// <summary>All valid keys, for error messages and <c>--help</c>.</summary>
    public static IReadOnlyList<string> ValidKeys { get; } =
        FixedKeys.Select(k => k.Key).Concat(MapSections.Select(m => m.Prefix + ".<name>")).ToArray();

    /// <summary>Merges an overlay onto a base tree: objects merge key by key, except the map
    /// sections (factors, factor weights, metric directions and weights), which an overlay
    /// replaces whole so that a variant can drop a factor or metric.</summary>
    public static JsonObject Merge(JsonObject baseTree, JsonObject overlay)
    {
        var result = (JsonObject)baseTree.DeepClone();
        MergeInto(result, overlay, "");
        return result;
    }

    private static void MergeInto(JsonObject target, JsonObject overlay, string prefix)
    {
        foreach (var (name, value) in overlay)
        {
            if (name == "extends") continue;
            var path = prefix.Length == 0 ? name : prefix + "." + name;
            bool isMap = MapSections.Any(m => m.Prefix == path);
            if (!isMap && value is JsonObject child && target[name] is JsonObject existing)
                MergeInto(existing, child, path);
            else
                target[name] = value?.DeepClone();
        }
    }

    /// <summary>Applies <c>key=value</c> overrides to the tree (in order) and binds it.</summary>
    public static MethodologyConfig Bind(JsonObject tree, IEnumerable<string> overrides)
    {
        var working = (JsonObject)tree.DeepClone();
        foreach (var assignment in overrides) ApplyOverride(working, assignment);
        return Bind(working);
    }

    /// <summary>Applies one <c>key=value</c> override.</summary>
    public static void ApplyOverride(JsonObject tree, string assignment)
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0)
            throw new ConfigException(assignment, eq == 0
                ? "expected key=value, e.g. selection.count=200: the key is missing"
                : $"expected key=value with no space around '=', e.g. --set {assignment.Trim()}=VALUE");
        var key = assignment[..eq].Trim();
        var text = assignment[(eq + 1)..].Trim();
        var kind = KindOf(key) ?? throw UnknownKey(key);
        var node = ParseOverrideValue(key, kind, text);
        var parts = key.Split('.');
        JsonObject parent = tree;
        for (int p = 0; p < parts.Length - 1; p++)
        {
            if (parent[parts[p]] is not JsonObject next)
            {
                next = new JsonObject();
                parent[parts[p]] = next;
            }
            parent = next;
        }
        parent[parts[^1]] = node;
    }

    private static Kind? KindOf(string key)
    {
        foreach (var spec in FixedKeys)
            if (spec.Key == key) return spec.Kind;
        foreach (var (prefix, kind, _) in MapSections)
            if (key.StartsWith(prefix + ".", StringComparison.Ordinal) && key.Length > prefix.Length + 1
                && !key[(prefix.Length + 1)..].Contains('.'))
                return kind;
        return null;
    }

    private static ConfigException UnknownKey(string key)
    {
        var nearest = NearestKeys(key);
        return nearest.Count > 0
            ? new(key, "unknown key; did you mean " + string.Join(" or ", nearest.Select(k => $"'{k}'")) + "?")
            : new(key, "unknown key. Valid keys: " + string.Join(", ", ValidKeys));
    }

    /// <summary>The valid keys closest to a mistyped one (edit distance at most a third of its length, at
    /// least 2, and at most one more than the best), best first, at most three. A map section's key is compared with the mistyped key's last
    /// segment as the name, so that <c>scoring.factor_weight.value</c> finds <c>scoring.factor_weights.value</c>.</summary>
    public static IReadOnlyList<string> NearestKeys(string key)
    {
        int lastDot = key.LastIndexOf('.');
        var name = lastDot >= 0 ? key[(lastDot + 1)..] : key;
        var candidates = FixedKeys.Select(k => k.Key)
            .Concat(name.Length > 0 ? MapSections.Select(m => m.Prefix + "." + name) : []);
        int limit = Math.Max(2, key.Length / 3);
        var near = candidates
            .Select(c => (Key: c, Distance: EditDistance(key, c)))
            .Where(c => c.Distance <= limit && c.Key != key)
            .OrderBy(c => c.Distance).ThenBy(c => c.Key, StringComparer.Ordinal)
            .ToArray();
        // Only the best and those one edit behind: a one-letter typo should not also suggest a far-off key.
        return near.TakeWhile(c => c.Distance <= near[0].Distance + 1).Take(3).Select(c => c.Key).ToArray();
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
    /// neighbours (the usual typo) each cost 1.</summary>
    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int best = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) best = Math.Min(best, d[i - 2, j - 2] + 1);
                d[i, j] = best;
            }
        return d[a.Length, b.Length];
    }

    private static JsonNode? ParseOverrideValue(string key, Kind kind, string text)
    {
        bool isNull = text.Equals("null", StringComparison.OrdinalIgnoreCase) || text.Length == 0;
        switch (kind)
        {
            case Kind.NullableInt or Kind.NullableDouble when isNull:
                return null;
            case Kind.Int or Kind.NullableInt:
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                    && l is >= int.MinValue and <= int.MaxValue)
                    return JsonValue.Create((int)l);
                throw new ConfigException(key, $"expected an integer, got '{text}'");
            case Kind.Double or Kind.NullableDouble:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
                    return JsonValue.Create(d);
                throw new ConfigException(key, $"expected a finite number, got '{text}'");
            case Kind.String:
                return JsonValue.Create(text);
            case Kind.IntList:
                {
                    var parts = text.TrimStart('[').TrimEnd(']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                    var list = new JsonArray();
                    foreach (var part in parts)
                        // Typed as JsonNode: the generic Add<T> is not trim/AOT safe (it may wrap any T by reflection).
                        list.Add((JsonNode)(int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                            ? JsonValue.Create(n)
                            : throw new ConfigException(key, $"expected a list of integers such as 2,8 or [2,8], got '{text}'")));
                    return list;
                }
            case Kind.StringList:
                if (text.StartsWith('['))
                {
                    try { return JsonNode.Parse(text); }
                    catch (JsonException) { throw new ConfigException(key, $"expected a JSON list or a comma-separated list, got '{text}'"); }
                }
                var items = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                return new JsonArray(items.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
            default:
                throw new InvalidOperationException($"unhandled kind {kind}");
        }
    }

    /// <summary>Validates every key of the tree and builds the typed config.</summary>
    public static MethodologyConfig Bind(JsonObject tree)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        Flatten(tree, "", values);

        var r = new Reader(values);
        var factorNames = r.MapKeys("factors");
        var weightNames = r.MapKeys("scoring.factor_weights");
        if (factorNames.Count == 0) throw new ConfigException("factors", "at least one factor is required");
        foreach (var f in factorNames)
            if (!weightNames.Contains(f))
                throw new ConfigException($"scoring.factor_weights.{f}", $"factor '{f}' has no weight");
        foreach (var w in weightNames)
            if (!factorNames.Contains(w))
                throw new ConfigException($"scoring.factor_weights.{w}", $"weight given for unknown factor '{w}' (factors: {string.Join(", ", factorNames)})");

        var usedMetrics = new HashSet<string>(StringComparer.Ordinal);
        var factors = new List<FactorDefinition>();
        double weightSum = 0;
        foreach (var f in factorNames)
        {
            var metricNames = r.StringList($"factors.{f}");
            if (metricNames.Count == 0) throw new ConfigException($"factors.{f}", "a factor needs at least one metric");
            var metrics = new List<MetricDefinition>();
            foreach (var m in metricNames)
            {
                if (!usedMetrics.Add(m))
                    throw new ConfigException($"factors.{f}", $"metric '{m}' is used twice; a metric belongs to one factor");
                int direction = r.OptionalInt($"metrics.direction.{m}") ?? 1;
                if (direction is not (1 or -1)) throw new ConfigException($"metrics.direction.{m}", "expected 1 or -1");
                double mw = r.OptionalDouble($"metrics.weight.{m}") ?? 1.0;
                if (!(mw > 0)) throw new ConfigException($"metrics.weight.{m}", "expected a weight > 0");
                metrics.Add(new MetricDefinition(m, direction, mw));
            }
            double fw = r.Double($"scoring.factor_weights.{f}");
            if (fw < 0) throw new ConfigException($"scoring.factor_weights.{f}", "expected a weight >= 0");
            weightSum += fw;
            factors.Add(new FactorDefinition(f, fw, metrics));
        }
        if (!(weightSum > 0)) throw new ConfigException("scoring.factor_weights", "factor weights sum to 0");
        foreach (var m in r.MapKeys("metrics.direction").Concat(r.MapKeys("metrics.weight")))
            if (!usedMetrics.Contains(m))
                throw new ConfigException($"metrics.*.{m}", $"metric '{m}' is not used by any factor");

        var unknownIds = r.String("data.unknown_ids") switch
        {
            "error" => UnknownIdPolicy.Error,
            "ignore" => UnknownIdPolicy.Ignore,
            var s => throw new ConfigException("data.unknown_ids", $"expected error or ignore, got '{s}'"),
        };
        var market = r.String("market.source") switch
        {
            "universe" => MarketSource.Universe,
            "benchmark" => MarketSource.Benchmark,
            var s => throw new ConfigException("market.source", $"expected universe or benchmark, got '{s}'"),
        };

        var eligibility = new EligibilityConfig(
            r.StringList("eligibility.countries"),
            r.StringList("eligibility.types"),
            r.Double("eligibility.min_adv", min: 0),
            r.Int("eligibility.adv_days", min: 1, max: MaxTradingDays),
            r.Int("eligibility.adv_periods", min: 1));
        if (eligibility.AdvDays % eligibility.AdvPeriods != 0)
            throw new ConfigException("eligibility.adv_periods", $"must divide eligibility.adv_days ({eligibility.AdvDays})");

        int window = r.Int("technical.window", min: 2, max: MaxTradingDays);
        int skip = r.Int("technical.momentum_skip", min: 0, max: MaxTradingDays - 1);
        var technical = new TechnicalConfig(
            window,
            r.Int("technical.min_observations", min: 2, max: window),
            r.Int("technical.close_fallback_days", min: 0, max: MaxTradingDays),
            skip,
            r.Int("technical.momentum_long", min: skip + 1, max: MaxTradingDays),
            r.Int("technical.momentum_short", min: skip + 1, max: MaxTradingDays),
            r.Double("technical.annualisation", minExclusive: 0));

        var scoring = new ScoringConfig(
            r.Double("scoring.z_clip", minExclusive: 0),
            r.Int("scoring.min_metric_count", min: 2),
            r.Int("scoring.min_factors", min: 1, max: factors.Count));

        var fraction = r.OptionalDouble("selection.fraction");
        if (fraction is not null && !(fraction > 0 && fraction <= 1))
            throw new ConfigException("selection.fraction", $"expected a fraction in (0, 1], got {Fmt(fraction.Value)}");
        var selection = new SelectionConfig(r.Int("selection.count", min: 1), fraction, r.OptionalInt("selection.buffer_rank"));
        if (selection.BufferRank is < 1)
            throw new ConfigException("selection.buffer_rank", "expected null or a rank >= 1");

        var sectorCap = r.OptionalDouble("weighting.sector_cap");
        if (sectorCap is not null && !(sectorCap > 0 && sectorCap <= 1))
            throw new ConfigException("weighting.sector_cap", $"expected null or a value in (0, 1], got {Fmt(sectorCap.Value)}");
        var weighting = new WeightingConfig(
            r.Double("weighting.cfs_share", min: 0, max: 1),
            sectorCap,
            r.Double("weighting.security_cap", minExclusive: 0, max: 1))
        {
            Scheme = (r.OptionalString("weighting.scheme") ?? "multifactor") switch
            {
                "multifactor" => WeightingScheme.Multifactor,
                "equal" => WeightingScheme.Equal,
                "modified_equal" => WeightingScheme.ModifiedEqual,
                "cap" => WeightingScheme.Cap,
                var s => throw new ConfigException("weighting.scheme", $"expected multifactor, equal, modified_equal or cap, got '{s}'"),
            },
        };
        if (fraction is null && weighting.SecurityCap * selection.Count < 1 - 1e-12)
            throw SecurityCapTooLow(weighting.SecurityCap, selection.Count);

        var config = new MethodologyConfig(
            new DataConfig(unknownIds),
            eligibility,
            technical,
            r.Int("universe.size", min: 1),
            market,
            factors,
            scoring,
            selection,
            weighting,
            new LevelsConfig(r.Double("levels.base_value", minExclusive: 0), r.Int("levels.max_stale_days", min: 0, max: MaxTradingDays),
                r.Double("levels.max_missing_share", min: 0, max: 1))
            {
                Model = (r.OptionalString("levels.model") ?? "fixed_units") switch
                {
                    "fixed_units" => LevelModel.FixedUnits,
                    var s => throw new ConfigException("levels.model", $"expected fixed_units, got '{s}'"),
                },
            },
            new StatisticsConfig(r.Int("statistics.periods_per_year", min: 1), r.Double("statistics.risk_free_rate")),
            new MetricsConfig(r.Int("metrics.max_age_days", min: 0)))
        {
            Universe = BindUniverseRule(r),
            Schedule = BindSchedule(r),
            Costs = BindCosts(r),
            Capacity = BindCapacity(r),
        };

        r.ThrowOnUnusedKeys();
        return config;
    }

    // The stage keys are optional (a config written before they existed still binds); absent means today's rule.
    private static UniverseRuleConfig BindUniverseRule(Reader r)
    {
        var rule = (r.OptionalString("universe.rule") ?? "largest_by_cap") switch
        {
            "largest_by_cap" => UniverseRule.LargestByCap,
            var s => throw new ConfigException("universe.rule", $"expected largest_by_cap, got '{s}'"),
        };
        int from = r.OptionalInt("universe.rank_from") ?? UniverseRuleConfig.Default.RankFrom;
        if (from < 1) throw new ConfigException("universe.rank_from", $"expected an integer >= 1, got {from}");
        int? to = r.OptionalInt("universe.rank_to");
        if (to < from) throw new ConfigException("universe.rank_to", $"expected null or a rank >= universe.rank_from ({from}), got {to}");
        return new UniverseRuleConfig(rule, from, to);
    }

    // Research keys of a backtest, optional like the stage keys; summary.json leaves them out (a rebalance does not use them).
    private static CostsConfig BindCosts(Reader r)
    {
        double bps = r.OptionalDouble("costs.one_way_bps") ?? CostsConfig.Default.OneWayBps;
        if (!(bps >= 0 && bps < 10_000))
            throw new ConfigException("costs.one_way_bps", $"expected basis points in [0, 10000), got {Fmt(bps)}");
        return new CostsConfig(bps);
    }

    private static CapacityConfig BindCapacity(Reader r)
    {
        double aum = r.OptionalDouble("capacity.aum") ?? CapacityConfig.Default.Aum;
        if (!(aum > 0)) throw new ConfigException("capacity.aum", $"expected assets in USD > 0, got {Fmt(aum)}");
        double fraction = r.OptionalDouble("capacity.max_adv_fraction") ?? CapacityConfig.Default.MaxAdvFraction;
        if (!(fraction > 0 && fraction <= 1))
            throw new ConfigException("capacity.max_adv_fraction", $"expected a fraction in (0, 1], got {Fmt(fraction)}");
        return new CapacityConfig(aum, fraction);
    }

    private static ScheduleConfig BindSchedule(Reader r)
    {
        var months = r.OptionalIntList("schedule.screening_months") ?? [.. ScheduleConfig.Default.ScreeningMonths];
        if (months.Count == 0) throw new ConfigException("schedule.screening_months", "expected at least one month");
        foreach (var m in months)
            if (m is < 1 or > 12) throw new ConfigException("schedule.screening_months", $"expected months 1..12, got {m}");
        if (months.Distinct().Count() != months.Count) throw new ConfigException("schedule.screening_months", "a month is listed twice");
        months.Sort();
        var rule = (r.OptionalString("schedule.effective_rule") ?? EffectiveRuleName(ScheduleConfig.Default.EffectiveRule)) switch
        {
            "second_friday_next_month" => EffectiveRule.SecondFridayNextMonth,
            "third_friday_next_month" => EffectiveRule.ThirdFridayNextMonth,
            "next_trading_day" => EffectiveRule.NextTradingDay,
            var s => throw new ConfigException("schedule.effective_rule", $"expected second_friday_next_month, third_friday_next_month or next_trading_day, got '{s}'"),
        };
        return new ScheduleConfig(months, rule);
    }

    /// <summary>The config name of an effective rule.</summary>
    public static string EffectiveRuleName(EffectiveRule rule) => rule switch
    {
        EffectiveRule.SecondFridayNextMonth => "second_friday_next_month",
        EffectiveRule.ThirdFridayNextMonth => "third_friday_next_month",
        EffectiveRule.NextTradingDay => "next_trading_day",
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    private static string SchemeName(WeightingScheme scheme) => scheme switch
    {
        WeightingScheme.Multifactor => "multifactor",
        WeightingScheme.Equal => "equal",
        WeightingScheme.ModifiedEqual => "modified_equal",
        WeightingScheme.Cap => "cap",
        _ => throw new ArgumentOutOfRangeException(nameof(scheme)),
    };

    /// <summary>The config error for a security cap that N members cannot satisfy (§7.4).</summary>
    public static ConfigException SecurityCapTooLow(double cap, int selected) =>
        new("weighting.security_cap",
            $"cap {Fmt(cap)} x {selected} selected securities < 1: the weights cannot sum to 1 (need cap >= {Fmt(1.0 / selected)})");

    /// <summary>The effective config as a canonical JSON tree (keys in schema order) for summary.json.</summary>
    public static JsonObject ToJson(MethodologyConfig c)
    {
        static JsonArray List(IEnumerable<string> items) => new(items.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
        var factors = new JsonObject();
        var weights = new JsonObject();
        var directions = new JsonObject();
        var metricWeights = new JsonObject();
        foreach (var f in c.Factors)
        {
            factors[f.Name] = List(f.Metrics.Select(m => m.Name));
            weights[f.Name] = f.Weight;
            foreach (var m in f.Metrics)
            {
                directions[m.Name] = m.Direction;
                metricWeights[m.Name] = m.Weight;
            }
        }
        return new JsonObject
        {
            ["data"] = new JsonObject { ["unknown_ids"] = c.Data.UnknownIds == UnknownIdPolicy.Error ? "error" : "ignore" },
            ["eligibility"] = new JsonObject
            {
                ["countries"] = List(c.Eligibility.Countries),
                ["types"] = List(c.Eligibility.Types),
                ["min_adv"] = c.Eligibility.MinAdv,
                ["adv_days"] = c.Eligibility.AdvDays,
                ["adv_periods"] = c.Eligibility.AdvPeriods,
            },
            ["technical"] = new JsonObject
            {
                ["window"] = c.Technical.Window,
                ["min_observations"] = c.Technical.MinObservations,
                ["close_fallback_days"] = c.Technical.CloseFallbackDays,
                ["momentum_skip"] = c.Technical.MomentumSkip,
                ["momentum_long"] = c.Technical.MomentumLong,
                ["momentum_short"] = c.Technical.MomentumShort,
                ["annualisation"] = c.Technical.Annualisation,
            },
            ["universe"] = new JsonObject
            {
                ["size"] = c.UniverseSize,
                ["rule"] = "largest_by_cap",
                ["rank_from"] = c.Universe.RankFrom,
                ["rank_to"] = c.Universe.RankTo,
            },
            ["schedule"] = new JsonObject
            {
                ["screening_months"] = new JsonArray(c.Schedule.ScreeningMonths.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray()),
                ["effective_rule"] = EffectiveRuleName(c.Schedule.EffectiveRule),
            },
            ["market"] = new JsonObject { ["source"] = c.MarketSource == MarketSource.Universe ? "universe" : "benchmark" },
            ["factors"] = factors,
            ["metrics"] = new JsonObject { ["direction"] = directions, ["weight"] = metricWeights, ["max_age_days"] = c.Metrics.MaxAgeDays },
            ["scoring"] = new JsonObject
            {
                ["z_clip"] = c.Scoring.ZClip,
                ["min_metric_count"] = c.Scoring.MinMetricCount,
                ["factor_weights"] = weights,
                ["min_factors"] = c.Scoring.MinFactors,
            },
            ["selection"] = new JsonObject
            {
                ["count"] = c.Selection.Count,
                ["fraction"] = c.Selection.Fraction,
                ["buffer_rank"] = c.Selection.BufferRank,
            },
            ["weighting"] = new JsonObject
            {
                ["scheme"] = SchemeName(c.Weighting.Scheme),
                ["cfs_share"] = c.Weighting.CfsShare,
                ["sector_cap"] = c.Weighting.SectorCap,
                ["security_cap"] = c.Weighting.SecurityCap,
            },
            ["levels"] = new JsonObject
            {
                ["model"] = "fixed_units",
                ["base_value"] = c.Levels.BaseValue,
                ["max_stale_days"] = c.Levels.MaxStaleDays,
                ["max_missing_share"] = c.Levels.MaxMissingShare,
            },
            ["statistics"] = new JsonObject
            {
                ["periods_per_year"] = c.Statistics.PeriodsPerYear,
                ["risk_free_rate"] = c.Statistics.RiskFreeRate,
            },
        };
    }

    private static string Fmt(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static void Flatten(JsonObject node, string prefix, Dictionary<string, JsonNode?> into)
    {
        foreach (var (name, value) in node)
        {
            var path = prefix.Length == 0 ? name : prefix + "." + name;
            if (prefix.Length == 0 && MetaKeys.Contains(name)) continue;
            bool isMapSection = MapSections.Any(m => m.Prefix == path);
            bool isFixedLeaf = FixedKeys.Any(k => k.Key == path);
            if (value is JsonObject child && !isFixedLeaf)
            {
                if (isMapSection && child.Count == 0) into[path + ".{}"] = null; // an explicitly empty map
                Flatten(child, path, into);
            }
            else if (isMapSection)
                throw new ConfigException(path, "expected an object of name: value pairs");
            else
                into[path] = value;
        }
    }

    /// <summary>Reads typed values from the flattened tree and remembers which keys were used.</summary>
    private sealed class Reader(Dictionary<string, JsonNode?> values)
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        public List<string> MapKeys(string prefix)
        {
            _used.Add(prefix + ".{}");
            var keys = new List<string>();
            foreach (var key in values.Keys)
                if (key.StartsWith(prefix + ".", StringComparison.Ordinal) && key != prefix + ".{}")
                {
                    var rest = key[(prefix.Length + 1)..];
                    if (!rest.Contains('.')) keys.Add(rest);
                }
            return keys; // file order: factor order is the order the user wrote
        }

        private JsonNode? Required(string key)
        {
            if (!values.TryGetValue(key, out var node))
                throw new ConfigException(key, "missing");
            _used.Add(key);
            return node;
        }

        private JsonNode? Optional(string key)
        {
            if (!values.TryGetValue(key, out var node)) return null;
            _used.Add(key);
            return node;
        }

        public string String(string key) =>
            Required(key) is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new ConfigException(key, "expected a string");

        public string? OptionalString(string key) => Optional(key) switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => throw new ConfigException(key, "expected a string"),
        };

        public List<int>? OptionalIntList(string key)
        {
            var node = Optional(key);
            if (node is null) return null;
            if (node is not JsonArray array) throw new ConfigException(key, "expected a list of integers, e.g. [2, 5, 8, 11]");
            return array.Select(item => AsInt(key, item) ?? throw new ConfigException(key, "expected a list of integers, got a null")).ToList();
        }

        public List<string> StringList(string key)
        {
            if (Required(key) is not JsonArray array) throw new ConfigException(key, "expected a list of names");
            var list = new List<string>();
            foreach (var item in array)
            {
                if (item is not JsonValue v || !v.TryGetValue<string>(out var s) || string.IsNullOrWhiteSpace(s))
                    throw new ConfigException(key, "expected a list of non-empty names");
                list.Add(s);
            }
            return list;
        }

        public double Double(string key, double? min = null, double? max = null, double? minExclusive = null) =>
            CheckRange(key, AsDouble(key, Required(key)) ?? throw new ConfigException(key, "expected a number, got null"), min, max, minExclusive);

        public double? OptionalDouble(string key) => AsDouble(key, Optional(key));

        public int Int(string key, int? min = null, int? max = null)
        {
            int value = AsInt(key, Required(key)) ?? throw new ConfigException(key, "expected an integer, got null");
            if (value < min) throw new ConfigException(key, $"expected an integer >= {min}, got {value}");
            if (value > max) throw new ConfigException(key, $"expected an integer <= {max}, got {value}");
            return value;
        }

        public int? OptionalInt(string key) => AsInt(key, Optional(key));

        private static double CheckRange(string key, double value, double? min, double? max, double? minExclusive)
        {
            if (value < min) throw new ConfigException(key, $"expected a value >= {Fmt(min!.Value)}, got {Fmt(value)}");
            if (value > max) throw new ConfigException(key, $"expected a value <= {Fmt(max!.Value)}, got {Fmt(value)}");
            if (value <= minExclusive) throw new ConfigException(key, $"expected a value > {Fmt(minExclusive!.Value)}, got {Fmt(value)}");
            return value;
        }

        private static double? AsDouble(string key, JsonNode? node)
        {
            if (node is null) return null;
            if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
            {
                double d = NumberOf(v);
                if (double.IsFinite(d)) return d;
            }
            throw new ConfigException(key, $"expected a finite number, got {node.ToJsonString()}");
        }

        // A value built in memory (a --set override, ToJson) holds its CLR type, and GetValue<double>() throws
        // on an int; the JSON text of any number node parses as a double.
        private static double NumberOf(JsonValue v) =>
            double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

        private static int? AsInt(string key, JsonNode? node)
        {
            if (node is null) return null;
            if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
            {
                double d = NumberOf(v);
                if (d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue) return (int)d;
            }
            throw new ConfigException(key, $"expected an integer, got {node.ToJsonString()}");
        }

        public void ThrowOnUnusedKeys()
        {
            foreach (var key in values.Keys)
                if (!_used.Contains(key) && !key.EndsWith(".{}", StringComparison.Ordinal))
                    throw UnknownKey(key);
        }
    }
}
