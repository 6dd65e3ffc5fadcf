using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Data.Parquet;

/// <summary>A universe folder of <c>securities.parquet</c>, <c>metrics.parquet</c> and <c>prices.parquet</c>
/// (same columns and rules as the CSV form; types in <see cref="ParquetTable"/>).</summary>
public sealed class ParquetUniverseSource(string directory) : IUniverseSource
{
    public const string Extension = ".parquet";

    public string Location => directory;
    public string Format => "parquet";

    public static string PathOf(string directory, string role) => Path.Combine(directory, role + Extension);

    /// <exception cref="InputException">Bad input, naming the file, row and column.</exception>
    public Universe Load(UnknownIdPolicy unknownIds, PriceWindow? window = null) =>
        UniverseLoader.Load((role, columns) => ParquetTable.Open(PathOf(directory, role), role, columns), unknownIds, window,
            UniverseLoader.WindowedRead.CalendarFirst);

    /// <exception cref="InputException">Bad input, naming the file, row and column.</exception>
    public IReadOnlyList<DateOnly> LoadCalendar()
    {
        using var table = ParquetTable.Open(PathOf(directory, UniverseLoader.PricesName), UniverseLoader.PricesName, ["date"]);
        return UniverseLoader.LoadCalendar(table);
    }
}
