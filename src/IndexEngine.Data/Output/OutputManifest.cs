using System.Reflection;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace IndexEngine.Data.Output;

/// <summary>
/// <c>.indexengine.json</c> in every output folder: the tool, its version, the command, when it was written
/// and each file with its size and SHA-256. It is how a later run knows that it may replace the folder, and
/// how a reader can check the files. It is hidden (leading dot) and the only file that differs between two
/// runs on the same inputs (the time).
/// </summary>
public static class OutputManifest
{
    public const string FileName = ".indexengine.json";
    private const string Tool = "indexengine";

    /// <summary>The engine's version as recorded in manifests.</summary>
    public static string Version { get; } =
        typeof(OutputManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Lists every file under <paramref name="folder"/> in its manifest, written into the folder.</summary>
    /// <exception cref="IOException">A file cannot be read or the manifest written (e.g. no space left).</exception>
    internal static void Write(string folder, string command, DateTimeOffset written)
    {
        var files = OutputGuard.Entries(folder).Where(e => !e.IsFolder && e.Path != FileName).Select(e => e.Path).Order(StringComparer.Ordinal);
        using var stream = new FileStream(Path.Combine(folder, FileName), FileMode.CreateNew, FileAccess.Write, FileShare.None);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("tool", Tool);
        json.WriteString("version", Version);
        json.WriteString("command", command);
        json.WriteString("written_utc", written.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteStartArray("files");
        foreach (var file in files)
        {
            using var content = File.OpenRead(Path.Combine(folder, file));
            json.WriteStartObject();
            json.WriteString("path", file);
            json.WriteNumber("bytes", content.Length);
            json.WriteString("sha256", Convert.ToHexStringLower(SHA256.HashData(content)));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    /// <summary>The '/'-separated paths a manifest lists; null when the file is not a manifest the engine wrote.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlySet<string>? ReadFiles(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("tool", out var tool) || tool.ValueKind != JsonValueKind.String || tool.GetString() != Tool
                || !root.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
                return null;
            var paths = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in files.EnumerateArray())
            {
                if (file.ValueKind != JsonValueKind.Object || !file.TryGetProperty("path", out var p) || p.ValueKind != JsonValueKind.String) return null;
                paths.Add(p.GetString()!);
            }
            return paths;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
