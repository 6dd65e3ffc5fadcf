using System.Globalization;

namespace IndexEngine.Data.Output;

/// <summary>CSV output conventions: UTF-8 without BOM, \n line ends, round-trip numbers, empty for missing
/// (<see cref="CsvFile"/> writes them).</summary>
public static class Csv
{
    /// <exception cref="IOException">The file exists or cannot be created.</exception>
    public static CsvFile Create(string path) => CsvFile.Create(path);

    /// <summary>Shortest text that parses back to the same double; empty for NaN.</summary>
    public static string Number(double value) => double.IsNaN(value) ? "" : Invariant.Number(value);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => Invariant.Date(date);

    /// <summary>One record of text fields (for files of a few rows; a large file writes its fields to the <see cref="CsvFile"/>).</summary>
    public static void WriteRow(CsvFile writer, IEnumerable<string> fields)
    {
        foreach (var field in fields) writer.Text(field);
        writer.EndRow();
    }
}
