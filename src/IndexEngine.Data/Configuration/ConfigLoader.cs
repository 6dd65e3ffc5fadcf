using System.Text.Json;
using System.Text.Json.Nodes;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Data.Configuration;

/// <summary>
/// Reads a methodology config: the built-in defaults (config/default.json) overlaid by a file, which
/// may <c>"extends"</c> another file instead (resolved next to it; "default.json" falls back to the
/// built-in copy), then the <c>--set</c> overrides. A file therefore only needs the keys it changes.
/// </summary>
public static class ConfigLoader
{
    public const string DefaultName = "default.json";

    public static MethodologyConfig Load(string? path, IEnumerable<string> overrides) =>
        ConfigBinder.Bind(LoadTree(path), overrides);

    public static JsonObject LoadTree(string? path) =>
        path is null ? BuiltInDefault() : LoadFile(Path.GetFullPath(path), depth: 0);

    public static JsonObject BuiltInDefault()
    {
        using var stream = typeof(ConfigLoader).Assembly.GetManifestResourceStream("IndexEngine.config.default.json")
            ?? throw new InvalidOperationException("built-in default config is missing from the assembly");
        return Parse(stream, "built-in default.json");
    }

    private static JsonObject LoadFile(string path, int depth)
    {
        if (depth > 8) throw new InputException("config 'extends' chain is deeper than 8 files (a cycle?)", path);
        if (!File.Exists(path)) throw new InputException("config file not found", path);
        JsonObject tree;
        using (var stream = File.OpenRead(path)) tree = Parse(stream, path);
        if (tree["extends"] is not { } extends) return ConfigBinder.Merge(BuiltInDefault(), tree);
        if (extends is not JsonValue v || !v.TryGetValue<string>(out var parentName))
            throw new ConfigException("extends", "expected a file name");
        var parentPath = Path.Combine(Path.GetDirectoryName(path)!, parentName);
        var parent = !File.Exists(parentPath) && parentName == DefaultName ? BuiltInDefault() : LoadFile(parentPath, depth + 1);
        return ConfigBinder.Merge(parent, tree);
    }

    private static JsonObject Parse(Stream stream, string name)
    {
        try
        {
            var node = JsonNode.Parse(stream, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return node as JsonObject ?? throw new InputException("expected a JSON object at the top level", name);
        }
        catch (JsonException e)
        {
            throw new InputException($"invalid JSON: {e.Message}", name, e.LineNumber + 1);
        }
    }
}
