using System.Text.Json;
using System.Text.RegularExpressions;
using IndexEngine.Core.Methodology.Blend;
using IndexEngine.Core.Model;

namespace IndexEngine.Data.Blend;

/// <summary>
/// Reads a blend spec (JSON, docs/blend.md "Spec file") and loads its series. Paths in the spec resolve
/// relative to the spec file. Every bad value is an <see cref="InputException"/> naming the spec file and
/// the JSON path of the value (e.g. <c>sleeves[1].target</c>); unknown keys are rejected so that a typo
/// cannot silently fall back to a default.
/// </summary>
public static partial class BlendSpecLoader
{
    private static readonly string[] TopKeys = ["name", "description", "base_value", "sleeves", "financing", "rebalance", "fee"];
    private static readonly string[] SleeveKeys = ["name", "series", "column", "target", "funded"];
    private static readonly string[] FinancingKeys = ["series", "column", "rate"];
    private static readonly string[] RebalanceKeys = ["schedule", "drift_band"];

    // Sleeve names become column names of levels.csv and rebalances.csv.
    private static readonly string[] ReservedNames = ["date", "level", "cash", "reason", "turnover"];

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex SleeveName();

    /// <summary>The spec at <paramref name="path"/> with every series loaded.</summary>
    /// <exception cref="InputException">The file is missing or not JSON, a value is bad or unknown, or a series file is bad.</exception>
    public static BlendDefinition Load(string path) => Load(path, out _);

    /// <summary>The spec at <paramref name="path"/> with every series loaded, and the series files it read (the run's
    /// inputs, which an output must never overwrite).</summary>
    /// <exception cref="InputException">The file is missing or not JSON, a value is bad or unknown, or a series file is bad.</exception>
    public static BlendDefinition Load(string path, out IReadOnlyList<string> seriesFiles)
    {
        if (!File.Exists(path)) throw new InputException("blend spec file not found", path);
        var spec = new Spec(path);
        using var document = Parse(path);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw spec.Error("(top level)", "expected a JSON object");
        spec.OnlyKeys(root, "", TopKeys);

        string name = spec.String(root, "name", required: true)!;
        if (name.Trim().Length == 0) throw spec.Error("name", "expected a non-empty name");
        spec.String(root, "description", required: false);
        double baseValue = spec.Number(root, "base_value", 100, v => v > 0, "a positive number");
        double fee = spec.Number(root, "fee", 0, v => v is >= 0 and < 1, "an annual fee in [0, 1), e.g. 0.005");

        var sleeves = new List<BlendSleeve>();
        if (!root.TryGetProperty("sleeves", out var sleeveArray)) throw spec.Error("sleeves", "missing: expected a list of sleeves");
        if (sleeveArray.ValueKind != JsonValueKind.Array || sleeveArray.GetArrayLength() == 0)
            throw spec.Error("sleeves", "expected a non-empty list of sleeves");
        int k = 0;
        foreach (var item in sleeveArray.EnumerateArray())
        {
            string at = $"sleeves[{k++}]";
            if (item.ValueKind != JsonValueKind.Object) throw spec.Error(at, "expected an object with name, series, target and funded");
            spec.OnlyKeys(item, at + ".", SleeveKeys);
            string sleeveName = spec.String(item, "name", required: true, at + ".")!;
            if (!SleeveName().IsMatch(sleeveName))
                throw spec.Error(at + ".name", $"expected 1 to 64 letters, digits, '_', '-' or '.', got '{sleeveName}'");
            if (ReservedNames.Contains(sleeveName, StringComparer.OrdinalIgnoreCase))
                throw spec.Error(at + ".name", $"'{sleeveName}' is a column of the output; choose another name");
            if (sleeves.Any(s => string.Equals(s.Name, sleeveName, StringComparison.OrdinalIgnoreCase)))
                throw spec.Error(at + ".name", $"duplicate sleeve name '{sleeveName}'");
            double target = spec.Number(item, "target", null, v => v is >= 0 and <= 10, "a target exposure in [0, 10], e.g. 0.6", at + ".");
            bool funded = spec.Boolean(item, "funded", true, at + ".");
            var series = spec.Series(item, at + ".", "sleeve " + sleeveName);
            sleeves.Add(new BlendSleeve(sleeveName, series, target, funded));
        }

        if (!root.TryGetProperty("financing", out var financingElement))
            throw spec.Error("financing", "missing: expected {\"series\": FILE} or {\"rate\": 0.02}");
        if (financingElement.ValueKind != JsonValueKind.Object) throw spec.Error("financing", "expected {\"series\": FILE} or {\"rate\": 0.02}");
        spec.OnlyKeys(financingElement, "financing.", FinancingKeys);
        bool hasSeries = financingElement.TryGetProperty("series", out _), hasRate = financingElement.TryGetProperty("rate", out _);
        if (hasSeries == hasRate) throw spec.Error("financing", "expected exactly one of 'series' and 'rate'");
        BlendFinancing financing;
        if (hasRate)
        {
            if (financingElement.TryGetProperty("column", out _)) throw spec.Error("financing.column", "only a financing series has a column");
            financing = BlendFinancing.FromRate(spec.Number(financingElement, "rate", null, v => v > -1 && v < 1, "an annual rate in (-1, 1), e.g. 0.02", "financing."));
        }
        else
            financing = BlendFinancing.FromSeries(spec.Series(financingElement, "financing.", "financing"));

        var schedule = RebalanceSchedule.None;
        double? band = null;
        if (root.TryGetProperty("rebalance", out var rebalance))
        {
            if (rebalance.ValueKind != JsonValueKind.Object) throw spec.Error("rebalance", "expected {\"schedule\": ..., \"drift_band\": ...}");
            spec.OnlyKeys(rebalance, "rebalance.", RebalanceKeys);
            schedule = spec.String(rebalance, "schedule", required: false, "rebalance.") switch
            {
                null or "none" => RebalanceSchedule.None,
                "monthly" => RebalanceSchedule.Monthly,
                "quarterly" => RebalanceSchedule.Quarterly,
                var other => throw spec.Error("rebalance.schedule", $"expected quarterly, monthly or none, got '{other}'"),
            };
            if (rebalance.TryGetProperty("drift_band", out var b) && b.ValueKind != JsonValueKind.Null)
                band = spec.Number(rebalance, "drift_band", null, v => v is > 0 and < 10, "a positive band, e.g. 0.05 (or null for none)", "rebalance.");
        }
        seriesFiles = spec.SeriesFiles;
        return new BlendDefinition(name, baseValue, sleeves, financing, schedule, band, fee);
    }

    private static JsonDocument Parse(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InputException($"invalid JSON: {e.Message}", path, e.LineNumber + 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read the blend spec: {e.Message}", path);
        }
    }

    /// <summary>Reads values of one spec file, naming it and the JSON path in every error.</summary>
    private sealed class Spec(string path)
    {
        private readonly string _directory = Path.GetDirectoryName(Path.GetFullPath(path))!;

        public List<string> SeriesFiles { get; } = [];

        public InputException Error(string at, string message) => new($"{at}: {message}", path);

        public void OnlyKeys(JsonElement element, string prefix, string[] allowed)
        {
            foreach (var property in element.EnumerateObject())
                if (!allowed.Contains(property.Name, StringComparer.Ordinal))
                    throw Error(prefix + property.Name, $"unknown key; expected one of {string.Join(", ", allowed)}");
        }

        public string? String(JsonElement element, string key, bool required, string prefix = "")
        {
            if (!element.TryGetProperty(key, out var value))
                return required ? throw Error(prefix + key, "missing: expected a string") : null;
            if (value.ValueKind != JsonValueKind.String) throw Error(prefix + key, $"expected a string, got {Describe(value)}");
            return value.GetString()!;
        }

        public double Number(JsonElement element, string key, double? fallback, Func<double, bool> valid, string expected, string prefix = "")
        {
            if (!element.TryGetProperty(key, out var value))
                return fallback ?? throw Error(prefix + key, $"missing: expected {expected}");
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double v) || !double.IsFinite(v) || !valid(v))
                throw Error(prefix + key, $"expected {expected}, got {Describe(value)}");
            return v;
        }

        public bool Boolean(JsonElement element, string key, bool fallback, string prefix)
        {
            if (!element.TryGetProperty(key, out var value)) return fallback;
            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Error(prefix + key, $"expected true or false, got {Describe(value)}"),
            };
        }

        /// <summary>The series named by <c>series</c> (relative to the spec) and its value column (<c>column</c>, default close).</summary>
        public LevelSeries Series(JsonElement element, string prefix, string role)
        {
            string file = String(element, "series", required: true, prefix)!;
            if (file.Trim().Length == 0) throw Error(prefix + "series", "expected a file name");
            string column = String(element, "column", required: false, prefix) ?? "close";
            if (column.Length == 0 || column == "date") throw Error(prefix + "column", $"expected a value column such as close or index_tr, got '{column}'");
            var resolved = Path.GetFullPath(Path.Combine(_directory, file));
            if (!File.Exists(resolved)) throw Error(prefix + "series", $"file not found: {resolved}");
            SeriesFiles.Add(resolved);
            return LevelSeriesLoader.Load(resolved, column, out _, role + " series");
        }

        private static string Describe(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => $"\"{value.GetString()}\"",
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            JsonValueKind.Null => "null",
            JsonValueKind.Array => "a list",
            _ => "an object",
        };
    }
}
