using System.Globalization;
using System.Text.Json;
using IndexEngine.Core.Model;
using IndexEngine.Data.Csv;

namespace IndexEngine.Data.Index;

/// <summary>A rebalance output folder as the daily index reads it: the screening date (summary.json
/// <c>as_of</c>) and the weights of constituents.csv in file order, with that file's SHA-256.</summary>
public sealed record RebalanceFolder(string ConstituentsPath, DateOnly Screening, IReadOnlyList<(string Id, double Weight)> Weights, string Sha256)
{
    public const double SumTolerance = 1e-6;

    /// <summary>Reads <c>summary.json</c> and <c>constituents.csv</c> of a <c>rebalance</c> output folder.</summary>
    /// <exception cref="InputException">A file is missing or malformed (file, line and column named), an id
    /// repeats, a weight is negative, or the weights do not sum to 1.</exception>
    public static RebalanceFolder Load(string directory)
    {
        var summaryPath = Path.Combine(directory, "summary.json");
        DateOnly screening;
        try
        {
            using var summary = JsonDocument.Parse(File.ReadAllText(summaryPath));
            if (summary.RootElement.ValueKind != JsonValueKind.Object
                || !summary.RootElement.TryGetProperty("as_of", out var asOf) || asOf.ValueKind != JsonValueKind.String
                || !DateOnly.TryParseExact(asOf.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out screening))
                throw new InputException("expected a rebalance summary with \"as_of\": \"yyyy-MM-dd\" (the screening date)", summaryPath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException("--rebalance: not a rebalance output folder (no summary.json)", summaryPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new InputException($"cannot read the rebalance summary: {e.Message}", summaryPath);
        }

        var path = Path.Combine(directory, "constituents.csv");
        using var table = CsvTable.Open(path, "constituents");
        var c = table.Require(["id", "weight"], "id,...,weight");
        var weights = new List<(string, double)>();
        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        double sum = 0;
        while (table.Read())
        {
            var id = table.RequiredText(c[0]);
            if (!lines.TryAdd(id, table.Line)) throw table.Error($"duplicate id '{id}' (first on line {lines[id]})", c[0]);
            double weight = table.RequiredNumber(c[1], "weight");
            if (weight < 0) throw table.Error($"weight must not be negative, got {CsvTable.Quote(table.Field(c[1]))}", c[1]);
            weights.Add((id, weight));
            sum += weight;
        }
        if (weights.Count == 0) throw new InputException("the file has a header but no rows", path, 2);
        if (Math.Abs(sum - 1) > SumTolerance)
            throw new InputException($"the weights sum to {Invariant.Number(sum)}, not 1", path, null, "weight");
        return new RebalanceFolder(path, screening, weights, table.Complete().Sha256);
    }
}
