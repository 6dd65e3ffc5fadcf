using IndexEngine.Core.Configuration;

namespace IndexEngine.Core.Model;

/// <summary>
/// Where a universe comes from (METHODOLOGY §1): a folder of CSV files, of Parquet files, or any other store.
/// Every command reads its universe and calendar through this seam, so a new source needs no change to the
/// methodology; each source must give the same <see cref="Universe"/> for the same data.
/// </summary>
public interface IUniverseSource
{
    /// <summary>What the source is read from, for messages and logs (e.g. the folder).</summary>
    string Location { get; }

    /// <summary>The format's name, e.g. "csv" or "parquet".</summary>
    string Format { get; }

    /// <summary>The validated universe; with a <paramref name="window"/>, only the prices of that window and the
    /// whole calendar (a source may load more than the window, never less).</summary>
    /// <exception cref="InputException">Bad input, naming the file, row and column.</exception>
    Universe Load(UnknownIdPolicy unknownIds, PriceWindow? window = null);

    /// <summary>The trading calendar (§2: the sorted distinct price dates), without loading prices.</summary>
    /// <exception cref="InputException">Bad input, naming the file, row and column.</exception>
    IReadOnlyList<DateOnly> LoadCalendar();
}
