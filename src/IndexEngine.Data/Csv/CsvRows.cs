using IndexEngine.Core.Model;

namespace IndexEngine.Data.Csv;

/// <summary>
/// A <see cref="CsvTable"/> as a struct <see cref="IRowTable"/>: the loader's generic methods are then compiled
/// for this type with direct calls into the table, so the CSV hot loop (tens of millions of rows, several fields
/// each) pays no interface call per field for the seam. (On the shared VM the difference was within the noise.)
/// </summary>
internal readonly struct CsvRows(CsvTable table) : IRowTable
{
    public string Path => table.Path;
    public IReadOnlyList<string> Headers => table.Headers;
    public long Line => table.Line;
    public string LineWord => table.LineWord;
    public int RowCountHint => table.RowCountHint;
    public int IndexOf(string name) => table.IndexOf(name);
    public int[] Require(IReadOnlyList<string> required, string expected) => table.Require(required, expected);
    public bool Read() => table.Read();
    public ReadOnlySpan<byte> Field(int column) => table.Field(column);
    public bool IsEmpty(int column) => table.IsEmpty(column);
    public string Text(int column) => table.Text(column);
    public string RequiredText(int column) => table.RequiredText(column);
    public double OptionalNumber(int column) => table.OptionalNumber(column);
    public double RequiredNumber(int column, string what) => table.RequiredNumber(column, what);
    public DateOnly RequiredDate(int column) => table.RequiredDate(column);
    public int RequiredDay(int column) => table.RequiredDay(column);
    public InputException Error(string message, int column) => table.Error(message, column);
    public InputException NoRows(string what) => table.NoRows(what);
    public void SkipOutside(int column, int firstDay, int lastDay) => table.SkipOutside(column, firstDay, lastDay);
    public InputFileInfo Complete() => table.Complete();
    public void Dispose() => table.Dispose();
}
