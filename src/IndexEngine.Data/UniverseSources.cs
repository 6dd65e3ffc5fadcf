using IndexEngine.Core.Model;
using IndexEngine.Data.Parquet;

namespace IndexEngine.Data;

/// <summary>
/// Chooses a universe folder's source from the files it holds: <c>.csv</c>/<c>.csv.gz</c> files are read by
/// <see cref="CsvUniverseSource"/>, <c>.parquet</c> files by <see cref="ParquetUniverseSource"/>. One folder
/// holds one format: a table in both forms, or tables in different formats, is bad input, so that it is
/// never unclear which file fed a run.
/// </summary>
public static class UniverseSources
{
    private static readonly string[] Roles = [UniverseLoader.SecuritiesName, UniverseLoader.MetricsName, UniverseLoader.PricesName];

    /// <exception cref="InputException">The folder does not exist, or holds a table in both formats, or mixes formats.</exception>
    public static IUniverseSource Open(string directory)
    {
        if (!Directory.Exists(directory))
            throw new InputException(
                "universe folder not found (it must hold securities, metrics and prices as .csv, .csv.gz or .parquet)", directory);
        var csvRoles = new List<string>();
        var parquetRoles = new List<string>();
        foreach (var role in Roles)
        {
            var plain = Path.Combine(directory, role + ".csv");
            bool csv = File.Exists(plain) || File.Exists(plain + ".gz");
            var parquet = ParquetUniverseSource.PathOf(directory, role);
            bool isParquet = File.Exists(parquet);
            if (csv && isParquet)
                throw new InputException(
                    $"both {Path.GetFileName(File.Exists(plain) ? plain : plain + ".gz")} and {role}.parquet exist: keep only one so that it is clear which is used",
                    parquet);
            if (csv) csvRoles.Add(role);
            if (isParquet) parquetRoles.Add(role);
        }
        if (parquetRoles.Count == 0) return new CsvUniverseSource(directory);
        if (csvRoles.Count == 0) return new ParquetUniverseSource(directory);
        throw new InputException(
            $"the folder mixes formats ({string.Join(", ", csvRoles)} as CSV; {string.Join(", ", parquetRoles)} as Parquet): " +
            "keep all three tables in one format (indexengine convert writes a whole folder in the other)", directory);
    }
}
