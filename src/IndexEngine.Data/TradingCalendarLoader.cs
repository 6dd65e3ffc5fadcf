namespace IndexEngine.Data;

/// <summary>
/// The trading calendar of a universe folder (METHODOLOGY §2: the sorted distinct dates of prices),
/// read from the date column alone for commands that need no prices, such as `schedule`.
/// </summary>
public static class TradingCalendarLoader
{
    /// <exception cref="Core.Model.InputException">The folder or its prices are bad input.</exception>
    public static IReadOnlyList<DateOnly> Load(string directory) => UniverseSources.Open(directory).LoadCalendar();
}
