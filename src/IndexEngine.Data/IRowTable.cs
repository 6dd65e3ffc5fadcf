using IndexEngine.Core.Model;

namespace IndexEngine.Data;

/// <summary>
/// One input table of a universe (securities, metrics or prices) read row by row, whatever its file format:
/// the rules of METHODOLOGY §1 are applied once, in <see cref="UniverseLoader"/>, to what this gives. Every
/// problem is an <see cref="InputException"/> naming the file, the row (a CSV line, a Parquet row number)
/// and the column.
/// </summary>
internal interface IRowTable : IDisposable
{
    string Path { get; }
    IReadOnlyList<string> Headers { get; }

    /// <summary>Where the current row is: the 1-based CSV line where the record starts, or the 1-based Parquet row.</summary>
    long Line { get; }

    /// <summary>"line" for CSV, "row" for Parquet: how <see cref="Line"/> is named in messages.</summary>
    string LineWord { get; }

    /// <summary>A guess of the number of rows for sizing buffers; not a limit.</summary>
    int RowCountHint { get; }

    /// <summary>Index of a column, or -1 when the table does not have it.</summary>
    int IndexOf(string name);

    /// <summary>Indexes of the required columns; names every missing one and what the file must have.</summary>
    /// <exception cref="InputException">A column is missing.</exception>
    int[] Require(IReadOnlyList<string> required, string expected);

    /// <summary>Moves to the next row; false at the end of the table.</summary>
    /// <exception cref="InputException">The file cannot be read further.</exception>
    bool Read();

    /// <summary>The field as UTF-8 text (a number in round-trip form, a date as yyyy-MM-dd), empty when missing;
    /// valid until the next read. Ids are matched on it.</summary>
    ReadOnlySpan<byte> Field(int column);

    bool IsEmpty(int column);

    /// <summary>The text of a text column ("" when missing).</summary>
    /// <exception cref="InputException">The column is not text.</exception>
    string Text(int column);

    /// <summary>A required text value such as an id: empty is an error.</summary>
    /// <exception cref="InputException">Empty or missing, or the column is not text.</exception>
    string RequiredText(int column);

    /// <summary>A finite number, or NaN when missing.</summary>
    /// <exception cref="InputException">Not a finite number.</exception>
    double OptionalNumber(int column);

    /// <summary>A finite number; missing is an error naming <paramref name="what"/>.</summary>
    /// <exception cref="InputException">Missing or not a finite number.</exception>
    double RequiredNumber(int column, string what);

    /// <summary>A required date.</summary>
    /// <exception cref="InputException">Missing or not a date.</exception>
    DateOnly RequiredDate(int column);

    /// <summary>A required date as its <see cref="DateOnly.DayNumber"/>; the fast path for prices.</summary>
    /// <exception cref="InputException">Missing or not a date.</exception>
    int RequiredDay(int column);

    /// <summary>An error at the current row and <paramref name="column"/>.</summary>
    InputException Error(string message, int column);

    /// <summary>The error for a table without rows; <paramref name="what"/> names what was expected ("prices").</summary>
    InputException NoRows(string what);

    /// <summary>From now on, rows whose date in <paramref name="column"/> lies outside [<paramref name="firstDay"/>,
    /// <paramref name="lastDay"/>] (day numbers) may be left unread where the format can tell without reading them
    /// (Parquet: a row group's date statistics); a hint, so the caller still filters the rows it gets.</summary>
    void SkipOutside(int column, int firstDay, int lastDay);

    /// <summary>Reads the rest of the file into the hash and returns its identity for the audit trail.</summary>
    /// <exception cref="InputException">The file cannot be read.</exception>
    InputFileInfo Complete();
}

/// <summary>The column lookup both table formats share: a name → index map built from the header or schema.</summary>
internal static class TableColumns
{
    /// <summary>Indexes of the required columns; names every missing one, what the file must have and what it has.</summary>
    /// <exception cref="InputException">A column is missing (located at <paramref name="headerLine"/>, the CSV header line, or no line).</exception>
    public static int[] Require(IReadOnlyDictionary<string, int> columns, IReadOnlyList<string> headers, IReadOnlyList<string> required,
        string expected, string path, long? headerLine, string headerWord)
    {
        var missing = required.Where(name => !columns.ContainsKey(name)).ToList();
        if (missing.Count > 0)
            throw new InputException(
                $"missing column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))}: " +
                $"expected columns {expected}; the {headerWord} has {string.Join(",", headers)}",
                path, headerLine, missing[0]);
        return required.Select(name => columns[name]).ToArray();
    }
}
