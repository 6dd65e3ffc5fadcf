using IndexEngine.Core.Model;
using IndexEngine.Data.Csv;

namespace IndexEngine.Data;

/// <summary>
/// Loads the current index (<c>previous.csv</c>: <c>id,weight</c>), plain or gzip. Weights must be finite,
/// not negative and sum to 1 within <see cref="SumTolerance"/>; ids must be unique. Whether the ids are in
/// the universe is for the methodology to judge, not the loader.
/// </summary>
public static class PreviousIndexLoader
{
    public const double SumTolerance = 1e-6;
    public const string Role = "previous";
    private static readonly string[] Columns = ["id", "weight"];

    public static PreviousIndex Load(string path) => Load(path, out _);

    /// <summary>Loads the index and reports the file's SHA-256 in <paramref name="source"/>.</summary>
    public static PreviousIndex Load(string path, out InputFileInfo source)
    {
        using var table = CsvTable.Open(path, Role);
        var c = table.Require(Columns, "id,weight");
        int cId = c[0], cWeight = c[1];

        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        double sum = 0;
        while (table.Read())
        {
            var id = table.RequiredText(cId);
            if (!lines.TryAdd(id, table.Line))
                throw table.Error($"duplicate id '{id}' (first on line {lines[id]})", cId);
            double weight = table.RequiredNumber(cWeight, "weight");
            if (weight < 0) throw table.Error($"weight must not be negative, got {CsvTable.Quote(table.Field(cWeight))}", cWeight);
            weights.Add(id, weight);
            sum += weight;
        }
        if (weights.Count == 0) throw new InputException("the file has a header but no rows", path, 2);
        if (Math.Abs(sum - 1) > SumTolerance)
            throw new InputException(
                $"the weights sum to {Invariant.Number(sum)}, not 1 (tolerance {Invariant.Number(SumTolerance)})",
                path, null, "weight");
        source = table.Complete();
        return new PreviousIndex(weights);
    }
}
