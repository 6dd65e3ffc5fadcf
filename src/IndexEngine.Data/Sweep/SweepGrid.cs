using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology.Sweep;
using IndexEngine.Core.Model;
using IndexEngine.Data.Configuration;

namespace IndexEngine.Data.Sweep;

/// <summary>One <c>--set</c> of a variant: the config key and its value as <c>--set key=value</c> takes it.</summary>
public sealed record GridOverride(string Key, string Value)
{
    public string Assignment => Key + "=" + Value;
}

/// <summary>One variant as the grid defines it: its name (its folder under <c>variants/</c>) and its overrides in the
/// order they apply: the grid's <c>set</c>, then its axis values or its named values.</summary>
public sealed record GridVariant(string Name, IReadOnlyList<GridOverride> Overrides)
{
    public IReadOnlyList<string> Assignments => [.. Overrides.Select(o => o.Assignment)];
}

/// <summary>
/// A sweep grid file, loaded and checked: the config every variant starts from (<see cref="ConfigPath"/>, as a
/// variant's report names it; null for the built-in default) and the variants in grid order (axes crossed first,
/// then the named variants), which is the order shards are cut by.
/// </summary>
public sealed record SweepGrid(string Path, string? ConfigPath, IReadOnlyList<GridVariant> Variants)
{
    /// <summary>Longest variant name: a folder name must stay under the usual 255-byte limit.</summary>
    public const int MaxNameLength = 200;

    private static readonly string[] Members = ["config", "set", "axes", "variants"];

    /// <summary>Every overridden key, in order of first appearance in the grid (the override columns of sweep.csv).</summary>
    public IReadOnlyList<string> Keys => [.. Variants.SelectMany(v => v.Overrides.Select(o => o.Key)).Distinct(StringComparer.Ordinal)];

    /// <summary>Reads and checks a grid file (its shape, not yet its config keys: see <see cref="Bind"/>).</summary>
    /// <exception cref="InputException">The file is missing, not JSON, has a key twice, or breaks the grid's shape; the
    /// message names the file and the JSON path (or line and column).</exception>
    public static SweepGrid Load(string path)
    {
        if (!File.Exists(path)) throw new InputException("grid file not found", path);
        JsonObject root;
        using (var stream = File.OpenRead(path)) root = ConfigLoader.Parse(stream, path);
        foreach (var (name, _) in root)
            if (!Members.Contains(name))
                throw Bad(path, "$." + name, $"unknown member; a grid has {string.Join(", ", Members)}");

        string? configPath = null;
        if (root["config"] is { } config)
        {
            if (config is not JsonValue v || !v.TryGetValue<string>(out var file) || file.Length == 0)
                throw Bad(path, "$.config", "expected a config file name (a string)");
            configPath = ResolveConfig(path, file);
        }

        var set = Assignments(path, "$.set", root["set"]);
        var variants = new List<GridVariant>();
        if (root["axes"] is { } axesNode)
        {
            if (axesNode is not JsonObject axes || axes.Count == 0) throw Bad(path, "$.axes", "expected an object of key: [values], with at least one key");
            var values = new List<(string Key, List<(string Value, string Spelling)> Values)>();
            foreach (var (key, list) in axes)
            {
                var at = "$.axes." + key;
                if (list is not JsonArray array || array.Count == 0) throw Bad(path, at, "expected a non-empty list of values");
                values.Add((key, [.. array.Select((item, k) => (ValueText(path, $"{at}[{k}]", item), Spelling(item)))]));
            }
            foreach (var combination in Cross(values))
            {
                var name = string.Join(",", combination.Select(c => c.Key + "=" + c.Spelling));
                if (name.StartsWith('.')) name = "_" + name[1..];
                variants.Add(new GridVariant(name, [.. set, .. combination.Select(c => new GridOverride(c.Key, c.Value))]));
            }
        }
        if (root["variants"] is { } namedNode)
        {
            if (namedNode is not JsonObject named || named.Count == 0) throw Bad(path, "$.variants", "expected an object of name: {key: value}, with at least one variant");
            foreach (var (name, body) in named)
            {
                var at = "$.variants." + name;
                if (name.Length == 0 || SafeName(name) != name || name.StartsWith('.'))
                    throw Bad(path, at, "a variant name is its folder name: letters, digits and . _ - = , + only, not starting with '.'");
                if (body is not JsonObject) throw Bad(path, at, "expected an object of key: value");
                variants.Add(new GridVariant(name, [.. set, .. Assignments(path, at, body)]));
            }
        }
        if (variants.Count == 0) throw Bad(path, "$", "expected \"axes\" or \"variants\" (or both): a grid without either has nothing to run");

        // Names are folder names: equal ignoring case would collide on case-insensitive file systems.
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int k = 0; k < variants.Count; k++)
        {
            var name = variants[k].Name;
            if (name.Length > MaxNameLength)
                throw Bad(path, "$.axes", $"variant {k + 1}'s name is {name.Length} characters long (at most {MaxNameLength}): '{name[..40]}...'; give such variants names under \"variants\"");
            if (!seen.TryAdd(name, k))
                throw Bad(path, "$", $"variants {seen[name] + 1} and {k + 1} have the same folder name '{name}' (names are compared ignoring case, after replacing characters a folder name cannot hold with '_')");
        }
        return new SweepGrid(path, configPath, variants);
    }

    /// <summary>
    /// Every variant's configuration: the grid's config with the variant's overrides, through the same loader as
    /// <c>--config</c> and <c>--set</c>. All are bound before any is run, so a bad key or value costs nothing.
    /// </summary>
    /// <exception cref="InputException">The config file is bad, or a variant's override is (naming the variant and the key),
    /// or variants differ in <c>data.unknown_ids</c> (the universe is loaded once for all).</exception>
    public IReadOnlyList<SweepVariant> Bind()
    {
        var tree = ConfigLoader.LoadTree(ConfigPath);
        var bound = new List<SweepVariant>(Variants.Count);
        foreach (var variant in Variants)
        {
            MethodologyConfig config;
            try
            {
                config = ConfigBinder.Bind(tree, variant.Assignments);
            }
            catch (InputException e)
            {
                throw new InputException($"variant '{variant.Name}': {e.Message}", Path);
            }
            if (bound.Count > 0 && config.Data.UnknownIds != bound[0].Config.Data.UnknownIds)
                throw new InputException($"variant '{variant.Name}': config key 'data.unknown_ids' differs from variant '{bound[0].Name}''s; " +
                    "the universe is loaded once for the whole sweep, so it must be the same in every variant", Path);
            bound.Add(new SweepVariant(variant.Name, config));
        }
        return bound;
    }

    /// <summary>A folder-safe spelling: letters, digits and <c>. _ - = , +</c> kept, anything else replaced by '_'.</summary>
    public static string SafeName(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '=' or ',' or '+' ? c : '_');
        return sb.ToString();
    }

    /// <summary>Like <c>--config</c>, but beside the grid first; <c>default.json</c> found nowhere is the built-in one.</summary>
    private static string? ResolveConfig(string gridPath, string file)
    {
        var besideGrid = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(gridPath) ?? "", file);
        if (File.Exists(besideGrid)) return besideGrid;
        if (File.Exists(file)) return file;
        if (file == ConfigLoader.DefaultName) return null;
        throw Bad(gridPath, "$.config", $"config file '{file}' not found beside the grid ({besideGrid}) nor from the current directory");
    }

    private static List<GridOverride> Assignments(string path, string at, JsonNode? node)
    {
        if (node is null) return [];
        if (node is not JsonObject obj) throw Bad(path, at, "expected an object of key: value");
        return [.. obj.Select(p => new GridOverride(p.Key, ValueText(path, at + "." + p.Key, p.Value)))];
    }

    /// <summary>A JSON value as <c>--set</c> takes it: a number as written, a string as it is, a list comma-separated
    /// (as a JSON list when an item holds a comma or a bracket), null as <c>null</c>.</summary>
    private static string ValueText(string path, string at, JsonNode? node)
    {
        switch (node)
        {
            case null:
                return "null";
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                return v.ToJsonString();
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var text = v.GetValue<string>();
                if (text.Contains('\n') || text.Contains('\r')) throw Bad(path, at, "a value may not hold a line break");
                return text;
            case JsonArray a when a.All(i => i is JsonValue iv && iv.GetValueKind() is JsonValueKind.Number or JsonValueKind.String):
                var items = a.Select(i => i!.GetValueKind() == JsonValueKind.String ? i.GetValue<string>() : i.ToJsonString()).ToArray();
                if (items.Length == 0) return "[]";
                return items.Any(i => i.Contains(',') || i.Contains('[') || i.Contains(']') || i.Length == 0 || i.Trim() != i)
                    ? a.ToJsonString()
                    : string.Join(",", items);
            default:
                throw Bad(path, at, "expected a number, a string, null or a list of numbers or strings");
        }
    }

    /// <summary>A value's spelling in a variant name: list items joined by '+', then <see cref="SafeName"/>.</summary>
    private static string Spelling(JsonNode? node) => SafeName(node switch
    {
        null => "null",
        JsonArray a => string.Join("+", a.Select(i => i is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : i?.ToJsonString())),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    });

    /// <summary>The cross product, the first axis varying slowest (as nested loops written in the grid's order).</summary>
    private static IEnumerable<(string Key, string Value, string Spelling)[]> Cross(List<(string Key, List<(string Value, string Spelling)> Values)> axes)
    {
        IEnumerable<(string Key, string Value, string Spelling)[]> result = [[]];
        foreach (var (key, values) in axes)
        {
            var prefixes = result;
            result = prefixes.SelectMany(prefix => values.Select(v => prefix.Append((key, v.Value, v.Spelling)).ToArray()));
        }
        return result;
    }

    private static InputException Bad(string path, string at, string message) => new($"{at}: {message}", path);

}
