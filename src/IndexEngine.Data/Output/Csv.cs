using System.Globalization;
using System.Text;
using CsvHelper;

namespace IndexEngine.Data.Output;

/// <summary>CSV output conventions: UTF-8 without BOM, \n line ends, round-trip numbers, empty for missing.</summary>
public static class Csv
{
    public static CsvWriter Create(string path)
    {
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        return CsvWriter.Create(writer, new CsvWriterOptions { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: false);
    }

    /// <summary>Shortest text that parses back to the same double; empty for NaN.</summary>
    public static string Number(double value) => double.IsNaN(value) ? "" : Invariant.Number(value);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => Invariant.Date(date);

    public static void WriteRow(CsvWriter writer, IEnumerable<string> fields)
    {
        foreach (var field in fields) writer.WriteField(field);
        writer.EndRecord();
    }
}
