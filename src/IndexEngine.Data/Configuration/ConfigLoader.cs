using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Data.Configuration;

/// <summary>
/// Reads a methodology config: the built-in defaults (config/default.json) overlaid by a file, which
/// may <c>"extends"</c> another file instead (resolved next to it; "default.json" falls back to the
/// built-in copy), then the <c>--set</c> overrides. A file therefore only needs the keys it changes.
/// </summary>
public static partial class ConfigLoader
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

    /// <summary>
    /// The config file named by <paramref name="option"/> and every file it <c>extends</c>, as inputs an output must
    /// never be, contain or lie inside. Best effort: the chain stops at a file that cannot be read or parsed, which
    /// the load itself then reports.
    /// </summary>
    public static (string Option, string? Path)[] Inputs(string option, string? path)
    {
        var inputs = new List<(string Option, string? Path)> { (option, path) };
        for (var current = path is null ? null : Path.GetFullPath(path); current is not null && inputs.Count <= 9;)
        {
            string? parentName;
            try
            {
                using var stream = File.OpenRead(current);
                parentName = Parse(stream, current)["extends"] is JsonValue v && v.TryGetValue<string>(out var name) ? name : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InputException)
            {
                break;
            }
            current = parentName is null ? null : Path.Combine(Path.GetDirectoryName(current)!, parentName);
            if (current is not null && File.Exists(current)) inputs.Add(($"{option} (extends)", current));
            else break;
        }
        return [.. inputs];
    }

    // A key given twice is an error (which one would win is not obvious to the reader of the file).
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        AllowDuplicateProperties = false,
    };

    /// <exception cref="InputException">The text is not JSON, has a duplicate key or is not an object.</exception>
    internal static JsonObject Parse(Stream stream, string name)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        try
        {
            var node = JsonNode.Parse(bytes, documentOptions: DocumentOptions);
            return node as JsonObject ?? throw new InputException("expected a JSON object at the top level", name);
        }
        catch (JsonException e) when (e.LineNumber is null && FindDuplicateKey(bytes) is { } duplicate)
        {
            // The parser names a duplicate key but not where it is.
            throw new InputException($"invalid JSON at column {duplicate.Column}: key '{duplicate.Key}' is given twice in the same object (first on line {duplicate.FirstLine})", name, duplicate.Line);
        }
        catch (JsonException e)
        {
            throw InvalidJson(e, name);
        }
    }

    private sealed record DuplicateKey(string Key, long Line, long Column, long FirstLine);

    /// <summary>The second occurrence of a key within one object, located by line and column (1-based).</summary>
    private static DuplicateKey? FindDuplicateKey(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var objects = new Stack<Dictionary<string, long>?>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        objects.Push(new Dictionary<string, long>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.StartArray:
                        objects.Push(null);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        objects.Pop();
                        break;
                    case JsonTokenType.PropertyName when objects.Peek() is { } keys:
                        var key = reader.GetString()!;
                        var (line, column) = Position(bytes, reader.TokenStartIndex);
                        if (!keys.TryAdd(key, line)) return new DuplicateKey(key, line, column, keys[key]);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not reachable for text the parser got as far as a duplicate in; nothing to locate.
        }
        return null;
    }

    private static (long Line, long Column) Position(byte[] bytes, long offset)
    {
        long line = 1, lineStart = 0;
        for (long k = 0; k < offset; k++)
            if (bytes[k] == (byte)'\n') { line++; lineStart = k + 1; }
        return (line, offset - lineStart + 1);
    }

    /// <summary>One located line: <c>file:line: invalid JSON at column c: reason</c>, without the parser's own
    /// "Path: ... | LineNumber: ... | BytePositionInLine: ..." suffix.</summary>
    internal static InputException InvalidJson(JsonException e, string name)
    {
        var reason = JsonPositionSuffix().Replace(e.Message, "").Trim();
        if (reason.Length == 0) reason = "unreadable";
        var at = e.BytePositionInLine is { } column ? $" at column {column + 1}" : "";
        return new InputException($"invalid JSON{at}: {reason}", name, e.LineNumber is { } line ? line + 1 : null);
    }

    [GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?\s*$")]
    private static partial Regex JsonPositionSuffix();
}
