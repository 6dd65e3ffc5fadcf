using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;
using IndexEngine.Data.Csv;

namespace IndexEngine.Data;

/// <summary>A universe folder of <c>securities</c>, <c>metrics</c> and <c>prices</c> as <c>.csv</c> or <c>.csv.gz</c>.</summary>
public sealed class CsvUniverseSource(string directory) : IUniverseSource
{
    public string Location => directory;
    public string Format => "csv";

    /// <exception cref="InputException">Bad input, naming the file, line and column.</exception>
    public Universe Load(UnknownIdPolicy unknownIds, PriceWindow? window = null) =>
        UniverseLoader.Load((role, _) => new CsvRows(CsvTable.Open(UniverseLoader.Locate(directory, role), role)), unknownIds, window,
            UniverseLoader.WindowedRead.OnePass);

    /// <exception cref="InputException">Bad input, naming the file, line and column.</exception>
    public IReadOnlyList<DateOnly> LoadCalendar()
    {
        using var table = CsvTable.Open(UniverseLoader.Locate(directory, UniverseLoader.PricesName), UniverseLoader.PricesName);
        return UniverseLoader.LoadCalendar(new CsvRows(table));
    }
}
