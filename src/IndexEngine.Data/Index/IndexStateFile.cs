using System.Globalization;
using System.Text;
using System.Text.Json;
using IndexEngine.Core.Model;

namespace IndexEngine.Data.Index;

/// <summary>A constituent in the state file, by id (security indices depend on the universe's contents).</summary>
public sealed record StateHolding(string Id, double UnitsPr, double UnitsTr, double LastClose, DateOnly LastCloseDate);

/// <summary>The rebalance whose holdings the index has: screening and effective date and the SHA-256 of
/// its constituents.csv, which tells a rerun with the same folder from a different rebalance.</summary>
public sealed record StateRebalance(DateOnly Screening, DateOnly Effective, string Sha256);

/// <summary>A rebalance given before its effective date, put in place at that date's close; weights by id
/// in the order of its constituents.csv (the order the units are bought in).</summary>
public sealed record PendingRebalance(DateOnly Screening, string Sha256, IReadOnlyList<(string Id, double Weight)> Weights);

/// <summary>
/// The persistent state of a daily index (docs/daily-index.md): the index after the close of
/// <paramref name="Date"/>. Holdings are in the calculator's order, which is part of the state (sums run
/// in it). Doubles are written in round-trip form so that a reloaded state continues bit-identically.
/// </summary>
public sealed record IndexStateDocument(
    string Name,
    string ConfigSha256,
    double BaseValue,
    DateOnly FirstDate,
    DateOnly Date,
    double LevelPr,
    double LevelTr,
    StateRebalance Rebalance,
    IReadOnlyList<StateHolding> Holdings,
    PendingRebalance? Pending);

/// <summary>Reads and writes the state file (JSON, schema <see cref="SchemaVersion"/>).</summary>
public static class IndexStateFile
{
    public const int SchemaVersion = 1;

    /// <summary>The state as JSON text: indented, keys in a fixed order, numbers in round-trip form.</summary>
    public static string ToJson(IndexStateDocument state)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            json.WriteStartObject();
            json.WriteNumber("schema_version", SchemaVersion);
            json.WriteString("index", state.Name);
            json.WriteString("config_sha256", state.ConfigSha256);
            Number(json, "base_value", state.BaseValue);
            json.WriteString("first_date", Invariant.Date(state.FirstDate));
            json.WriteString("date", Invariant.Date(state.Date));
            Number(json, "level_pr", state.LevelPr);
            Number(json, "level_tr", state.LevelTr);
            json.WriteStartObject("rebalance");
            json.WriteString("screening", Invariant.Date(state.Rebalance.Screening));
            json.WriteString("effective", Invariant.Date(state.Rebalance.Effective));
            json.WriteString("constituents_sha256", state.Rebalance.Sha256);
            json.WriteEndObject();
            if (state.Pending is { } pending)
            {
                json.WriteStartObject("pending");
                json.WriteString("screening", Invariant.Date(pending.Screening));
                json.WriteString("constituents_sha256", pending.Sha256);
                json.WriteStartArray("weights");
                foreach (var (id, weight) in pending.Weights)
                {
                    json.WriteStartObject();
                    json.WriteString("id", id);
                    Number(json, "weight", weight);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            else json.WriteNull("pending");
            json.WriteStartArray("holdings");
            foreach (var h in state.Holdings)
            {
                json.WriteStartObject();
                json.WriteString("id", h.Id);
                Number(json, "units_pr", h.UnitsPr);
                Number(json, "units_tr", h.UnitsTr);
                Number(json, "last_close", h.LastClose);
                json.WriteString("last_close_date", Invariant.Date(h.LastCloseDate));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Writes the state durably (<see cref="DurableFile.Replace"/>).</summary>
    /// <exception cref="InputException">The file cannot be written.</exception>
    public static void Write(string path, IndexStateDocument state) => DurableFile.Replace(path, ToJson(state));

    /// <summary>Reads a state file.</summary>
    /// <exception cref="InputException">Missing, unreadable, not JSON, another schema version, or a field
    /// missing or of the wrong form (the message names the file and the field).</exception>
    public static IndexStateDocument Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path, Encoding.UTF8); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException("no index state here: start the index with `index init`", path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read the index state: {e.Message}", path);
        }
        JsonDocument document;
        try { document = JsonDocument.Parse(text); }
        catch (JsonException e)
        {
            throw new InputException($"the index state is not valid JSON (line {e.LineNumber + 1}): {e.Message}", path);
        }
        using (document)
        {
            var reader = new Reader(path);
            var root = reader.Object(document.RootElement, "$");
            int version = reader.Int(root, "schema_version");
            if (version != SchemaVersion)
                throw new InputException($"schema_version {version} is not supported (this engine reads {SchemaVersion})", path);
            var rebalance = reader.Object(reader.Property(root, "rebalance"), "rebalance");
            PendingRebalance? pending = null;
            var pendingElement = reader.Property(root, "pending");
            if (pendingElement.ValueKind != JsonValueKind.Null)
            {
                var p = reader.Object(pendingElement, "pending");
                var weights = new List<(string, double)>();
                foreach (var w in reader.Array(p, "weights"))
                {
                    var o = reader.Object(w, "pending.weights[]");
                    weights.Add((reader.String(o, "id"), reader.Double(o, "weight")));
                }
                pending = new PendingRebalance(reader.Date(p, "screening"), reader.String(p, "constituents_sha256"), weights);
            }
            var holdings = new List<StateHolding>();
            foreach (var h in reader.Array(root, "holdings"))
            {
                var o = reader.Object(h, "holdings[]");
                holdings.Add(new StateHolding(reader.String(o, "id"), reader.Double(o, "units_pr"), reader.Double(o, "units_tr"),
                    reader.Double(o, "last_close"), reader.Date(o, "last_close_date")));
            }
            return new IndexStateDocument(
                reader.String(root, "index"),
                reader.String(root, "config_sha256"),
                reader.Double(root, "base_value"),
                reader.Date(root, "first_date"),
                reader.Date(root, "date"),
                reader.Double(root, "level_pr"),
                reader.Double(root, "level_tr"),
                new StateRebalance(reader.Date(rebalance, "screening"), reader.Date(rebalance, "effective"), reader.String(rebalance, "constituents_sha256")),
                holdings,
                pending);
        }
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        json.WritePropertyName(name);
        json.WriteRawValue(Invariant.Number(value));
    }

    /// <summary>Field access that names the file and field in every error.</summary>
    private sealed class Reader(string path)
    {
        public JsonElement Object(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object ? e : throw Error(name, "an object");

        public JsonElement Property(JsonElement o, string name) =>
            o.TryGetProperty(name, out var value) ? value : throw new InputException($"field '{name}' is missing", path);

        public JsonElement.ArrayEnumerator Array(JsonElement o, string name)
        {
            var e = Property(o, name);
            return e.ValueKind == JsonValueKind.Array ? e.EnumerateArray() : throw Error(name, "an array");
        }

        public string String(JsonElement o, string name)
        {
            var e = Property(o, name);
            return e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 } s ? s : throw Error(name, "a non-empty string");
        }

        public int Int(JsonElement o, string name)
        {
            var e = Property(o, name);
            return e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int v) ? v : throw Error(name, "an integer");
        }

        /// <summary>Parsed from the raw text with the invariant parser, so a round-trip number reads back exactly.</summary>
        public double Double(JsonElement o, string name)
        {
            var e = Property(o, name);
            if (e.ValueKind == JsonValueKind.Number
                && double.TryParse(e.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
                return v;
            throw Error(name, "a finite number");
        }

        public DateOnly Date(JsonElement o, string name)
        {
            var e = Property(o, name);
            return e.ValueKind == JsonValueKind.String
                && DateOnly.TryParseExact(e.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d : throw Error(name, "a date yyyy-MM-dd");
        }

        private InputException Error(string name, string expected) => new($"field '{name}' must be {expected}", path);
    }
}
