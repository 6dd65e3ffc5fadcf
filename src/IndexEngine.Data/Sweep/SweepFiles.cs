using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using IndexEngine.Core.Model;
using IndexEngine.Data.Configuration;
using IndexEngine.Data.Output;

namespace IndexEngine.Data.Sweep;

/// <summary>
/// What a sweep ran (sweep.json): dates, the paths as given, every input file's SHA-256, the SHA-256 of the
/// effective base config and the variants in grid order with their overrides. Every shard of a sweep writes the
/// same bytes, which is how <c>sweep merge</c> knows that shards belong together.
/// </summary>
public sealed record SweepDescription(
    DateOnly From, DateOnly To, string Universe, string? Config, string? Benchmark, string ConfigSha256,
    IReadOnlyList<InputFileInfo> Inputs, IReadOnlyList<GridVariant> Variants)
{
    public const string FileName = "sweep.json";

    /// <summary>Every overridden key, in order of first appearance (the override columns of sweep.csv).</summary>
    public IReadOnlyList<string> Keys => [.. Variants.SelectMany(v => v.Overrides.Select(o => o.Key)).Distinct(StringComparer.Ordinal)];

    /// <summary>The SHA-256 of the effective config tree a grid starts from (its file, what that extends, the defaults).</summary>
    /// <exception cref="InputException">The config file cannot be read.</exception>
    public static string HashConfig(string? configPath) =>
        Sha256(ConfigLoader.LoadTree(configPath).ToJsonString());

    /// <summary>The SHA-256 of the variants (names and overrides, in order) and the base config: the grid's identity.</summary>
    public string GridSha256 => Sha256(ConfigSha256 + "\n" + string.Join("\n", Variants.Select(v => v.Name + "\t" + string.Join("\t", v.Assignments))));

    public string ToJson() => SweepJson.Write(w =>
    {
        w.WriteString("from", Invariant.Date(From));
        w.WriteString("to", Invariant.Date(To));
        w.WriteString("universe", Universe);
        SweepJson.StringOrNull(w, "config", Config);
        SweepJson.StringOrNull(w, "benchmark", Benchmark);
        w.WriteString("config_sha256", ConfigSha256);
        w.WriteString("grid_sha256", GridSha256);
        w.WriteStartArray("inputs");
        foreach (var input in Inputs)
        {
            w.WriteStartObject();
            w.WriteString("role", input.Role);
            w.WriteString("path", input.Path);
            w.WriteString("sha256", input.Sha256);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("variants");
        foreach (var variant in Variants)
        {
            w.WriteStartObject();
            w.WriteString("name", variant.Name);
            w.WriteStartArray("overrides");
            foreach (var assignment in variant.Assignments) w.WriteStringValue(assignment);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    /// <summary>Reads the sweep.json of a sweep output folder.</summary>
    /// <exception cref="InputException">It is missing or not a sweep.json this engine wrote.</exception>
    public static SweepDescription Read(string folder)
    {
        var path = System.IO.Path.Combine(folder, FileName);
        return SweepJson.Read(path, root =>
        {
            var variants = root.GetProperty("variants").EnumerateArray().Select(v => new GridVariant(
                v.GetProperty("name").GetString()!,
                [.. v.GetProperty("overrides").EnumerateArray().Select(o => o.GetString()!).Select(a => new GridOverride(a[..a.IndexOf('=')], a[(a.IndexOf('=') + 1)..]))])).ToArray();
            var inputs = root.GetProperty("inputs").EnumerateArray().Select(i => new InputFileInfo(
                i.GetProperty("role").GetString()!, i.GetProperty("path").GetString()!, i.GetProperty("sha256").GetString()!)).ToArray();
            return new SweepDescription(
                DateOnly.ParseExact(root.GetProperty("from").GetString()!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                DateOnly.ParseExact(root.GetProperty("to").GetString()!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                root.GetProperty("universe").GetString()!, root.GetProperty("config").GetString(), root.GetProperty("benchmark").GetString(),
                root.GetProperty("config_sha256").GetString()!, inputs, variants);
        });
    }

    internal static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary><c>--shard K/N</c>: run the variants whose position in the grid (0-based) is K modulo N; K counts from 0
/// like a Kubernetes Indexed Job's <c>JOB_COMPLETION_INDEX</c>.</summary>
public sealed record ShardSpec(int Index, int Count)
{
    public const string FileName = "shard.json";

    public override string ToString() => $"{Index}/{Count}";

    public bool Runs(int position) => position % Count == Index;

    /// <exception cref="InputException">Not K/N with whole numbers 0 ≤ K &lt; N.</exception>
    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var k)
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n >= 1 && k < n)
            return new ShardSpec(k, n);
        throw new InputException($"option --shard: expected K/N with 0 <= K < N (K counts from 0, e.g. 0/3, 1/3, 2/3), got '{text}'");
    }

    /// <summary>shard.json: this shard, the SHA-256 of its sweep.json and the variants it ran.</summary>
    public string ToJson(string sweepJson, IEnumerable<string> variants) => SweepJson.Write(w =>
    {
        w.WriteNumber("shard", Index);
        w.WriteNumber("shards", Count);
        w.WriteString("sweep_sha256", SweepDescription.Sha256(sweepJson));
        w.WriteStartArray("variants");
        foreach (var v in variants) w.WriteStringValue(v);
        w.WriteEndArray();
    });

    /// <summary>Reads a shard output's shard.json.</summary>
    /// <exception cref="InputException">It is missing or unreadable.</exception>
    public static (ShardSpec Shard, string SweepSha256, IReadOnlyList<string> Variants) Read(string folder) =>
        SweepJson.Read(System.IO.Path.Combine(folder, FileName), root => (
            new ShardSpec(root.GetProperty("shard").GetInt32(), root.GetProperty("shards").GetInt32()),
            root.GetProperty("sweep_sha256").GetString()!,
            (IReadOnlyList<string>)[.. root.GetProperty("variants").EnumerateArray().Select(v => v.GetString()!)]));
}

internal static class SweepJson
{
    public static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public static void StringOrNull(Utf8JsonWriter w, string key, string? value)
    {
        if (value is null) w.WriteNull(key);
        else w.WriteString(key, value);
    }

    /// <exception cref="InputException">The file is missing, not JSON or lacks a member the engine writes.</exception>
    public static T Read<T>(string path, Func<JsonElement, T> read)
    {
        if (!File.Exists(path)) throw new InputException("not found: the folder is not the output of `indexengine sweep`", path);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentOutOfRangeException)
        {
            throw new InputException($"not a file `indexengine sweep` wrote ({e.Message})", path);
        }
    }
}
