using IndexEngine.Data.Csv;

namespace IndexEngine.Data;

/// <summary>
/// The trading calendar of a universe folder (METHODOLOGY §2: the sorted distinct dates of prices.csv),
/// read from the date column alone for commands that need no prices, such as `schedule`.
/// </summary>
public static class TradingCalendarLoader
{
    public static IReadOnlyList<DateOnly> Load(string directory)
    {
        using var table = CsvTable.Open(UniverseLoader.Locate(directory, UniverseLoader.PricesName), UniverseLoader.PricesName);
        int date = table.Require(["date"], "date,id,close,volume")[0];
        var dates = new HashSet<DateOnly>();
        while (table.Read()) dates.Add(table.RequiredDate(date));
        return dates.Order().ToArray();
    }
}
