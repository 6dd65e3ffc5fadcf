using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using IndexEngine.Core.Model;
using IndexEngine.Data.Csv;
using ParquetSharp;

namespace IndexEngine.Data.Parquet;

/// <summary>
/// One input Parquet file read row group by row group (so memory follows one row group, not the file), giving
/// rows to <see cref="UniverseLoader"/> like a CSV table. Columns must be flat; text is a UTF-8 string
/// (BYTE_ARRAY), a date a DATE (INT32 days since 1970-01-01), a number a DOUBLE (FLOAT and signed INT32/INT64 are accepted
/// and widened, exactly up to 2^53). A null is a missing value. Every problem is an
/// <see cref="InputException"/> naming the file, the column and, for a value, the 1-based row.
/// </summary>
internal sealed class ParquetTable : IRowTable
{
    private enum Kind { Text, Date, Number }

    private readonly ParquetFileReader _reader;
    private readonly Kind[] _kinds;
    private readonly string[] _typeNames;
    private readonly bool[] _load;
    private readonly int _rowGroups;
    private readonly byte[]?[] _textBytes;  // a row group's UTF-8 values back to back
    private readonly int[]?[] _textStart;   // row r's value is [_textStart[r], _textStart[r + 1])
    private readonly int[]?[] _day;       // DayNumber
    private readonly double[]?[] _number; // NaN where null
    private readonly bool[]?[] _null;
    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);
    private readonly byte[] _fieldBuffer = new byte[256];
    private int _group = -1, _groupRows, _position = -1;
    private long _rowsBefore;
    private int _skipColumn = -1, _skipFirstDay, _skipLastDay;
    private readonly Task<string>? _hash;  // the file's SHA-256, computed beside the decoding
    private readonly CancellationTokenSource _hashCancel = new();

    private static readonly int EpochDay = new DateOnly(1970, 1, 1).DayNumber;

    private ParquetTable(string path, string role, ParquetFileReader reader, IReadOnlyCollection<string>? columns)
    {
        Path = path;
        Role = role;
        _reader = reader;
        var meta = reader.FileMetaData;
        var schema = meta.Schema;
        int n = meta.NumColumns;
        var headers = new string[n];
        _kinds = new Kind[n];
        _typeNames = new string[n];
        _load = new bool[n];
        for (int c = 0; c < n; c++)
        {
            var column = schema.Column(c);
            headers[c] = column.Name;
            string dotted;
            using (var columnPath = column.Path) dotted = columnPath.ToDotString();
            if (column.MaxRepetitionLevel > 0 || dotted.Contains('.'))
                throw new InputException("nested or repeated columns are not supported: each column must be a plain value", path, null, dotted);
            if (!_columns.TryAdd(column.Name, c))
                throw new InputException($"duplicated column name (columns {_columns[column.Name] + 1} and {c + 1})", path, null, column.Name);
            using var logical = column.LogicalType;
            _typeNames[c] = logical is NoneLogicalType ? column.PhysicalType.ToString().ToUpperInvariant() : $"{column.PhysicalType.ToString().ToUpperInvariant()} ({logical})";
            _kinds[c] = (column.PhysicalType, logical) switch
            {
                (PhysicalType.ByteArray, StringLogicalType) => Kind.Text,
                (PhysicalType.Int32, DateLogicalType) => Kind.Date,
                (PhysicalType.Double or PhysicalType.Float or PhysicalType.Int32 or PhysicalType.Int64, NoneLogicalType) => Kind.Number,
                (PhysicalType.Int32 or PhysicalType.Int64, IntLogicalType { IsSigned: true }) => Kind.Number,
                _ => throw new InputException(
                    $"unsupported column type {_typeNames[c]}: use a UTF-8 string, a DATE or a DOUBLE", path, null, column.Name),
            };
            _load[c] = columns is null || columns.Contains(column.Name);
        }
        Headers = headers;
        _rowGroups = meta.NumRowGroups;
        RowCountHint = (int)Math.Min(meta.NumRows + 16, int.MaxValue / 2);
        _textBytes = new byte[n][];
        _textStart = new int[n][];
        _day = new int[n][];
        _number = new double[n][];
        _null = new bool[n][];
        // A table read whole is hashed for the audit trail; on another thread, since the bytes decoded are not the
        // bytes stored and reading the file twice over is the cost either way.
        if (columns is null) _hash = Task.Run(() => Sha256(path, _hashCancel.Token));
    }

    public string Path { get; }
    public string Role { get; }
    public IReadOnlyList<string> Headers { get; }
    public long Line => _rowsBefore + _position + 1;
    public string LineWord => "row";
    public int RowCountHint { get; }

    /// <summary>Opens <paramref name="path"/>; only <paramref name="columns"/> (all when null) are read.</summary>
    /// <exception cref="InputException">The file is missing, not Parquet, corrupt, or has an unsupported schema.</exception>
    public static ParquetTable Open(string path, string role, IReadOnlyCollection<string>? columns = null)
    {
        if (!File.Exists(path))
            throw new InputException($"missing {role} file: expected {System.IO.Path.GetFileName(path)} in the universe folder", path);
        ParquetFileReader? reader = null;
        try
        {
            reader = new ParquetFileReader(path);
            return new ParquetTable(path, role, reader, columns);
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            reader?.Dispose();
            throw new InputException($"not a readable Parquet {role} file: {FirstLine(e.Message)}", path);
        }
        catch
        {
            reader?.Dispose();
            throw;
        }
    }

    private static bool IsReadFailure(Exception e) => e is ParquetException or IOException or UnauthorizedAccessException;

    private static string FirstLine(string message)
    {
        int newline = message.IndexOf('\n');
        return (newline < 0 ? message : message[..newline]).Trim();
    }

    public int IndexOf(string name) => _columns.TryGetValue(name, out var c) ? c : -1;

    public int[] Require(IReadOnlyList<string> required, string expected) =>
        TableColumns.Require(_columns, Headers, required, expected, Path, null, "file");

    public bool Read()
    {
        if (++_position < _groupRows) return true;
        if (!NextGroup())
        {
            _position = _groupRows - 1; // stays on the last row for messages
            return false;
        }
        _position = 0;
        return true;
    }

    /// <summary>Loads the next row group that has rows and is not skipped (<see cref="SkipOutside"/>); false at the end.</summary>
    private bool NextGroup()
    {
        while (_group + 1 < _rowGroups)
        {
            _rowsBefore += _groupRows;
            _group++;
            if (Skipped(_group) is { } rows)
            {
                _groupRows = rows; // counted, not read
                continue;
            }
            LoadGroup();
            if (_groupRows > 0) return true;
        }
        return false;
    }

    /// <summary>The calendar pass: every row's date in <paramref name="column"/> into <paramref name="days"/>, a row group
    /// at a time; a null or out-of-range date is reported at its row as <see cref="RequiredDay"/> does. False when the
    /// table has no rows.</summary>
    /// <exception cref="InputException">A date is null or out of range, or the column is not a DATE.</exception>
    public bool ReadDays(int column, DaySet days)
    {
        if (_kinds[column] != Kind.Date) throw WrongType(column, "a DATE (INT32 days since 1970-01-01)");
        bool any = false;
        while (NextGroup())
        {
            any = true;
            var isNull = _null[column]!;
            var day = _day[column]!;
            for (_position = 0; _position < _groupRows; _position++)
                if (isNull[_position] || day[_position] < 0) RequiredDay(column);
            _position = _groupRows - 1;
            days.AddAll(day.AsSpan(0, _groupRows));
        }
        return any;
    }

    public void SkipOutside(int column, int firstDay, int lastDay)
    {
        if (_kinds[column] != Kind.Date) return;
        (_skipColumn, _skipFirstDay, _skipLastDay) = (column, firstDay, lastDay);
    }

    /// <summary>The row count of row group <paramref name="group"/> when its date statistics put it wholly outside
    /// the range of <see cref="SkipOutside"/>; null when it must be read (no range, or no statistics).</summary>
    private int? Skipped(int group)
    {
        if (_skipColumn < 0) return null;
        try
        {
            using var reader = _reader.RowGroup(group);
            var meta = reader.MetaData;
            using var chunk = meta.GetColumnChunkMetaData(_skipColumn);
            if (!chunk.IsStatsSet || chunk.Statistics is not Statistics<int> { HasMinMax: true } stats) return null;
            using (stats)
            {
                long min = (long)EpochDay + stats.Min, max = (long)EpochDay + stats.Max;
                return max < _skipFirstDay || min > _skipLastDay ? (int)Math.Min(meta.NumRows, int.MaxValue / 8) : null;
            }
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            return null; // read the group, which reports the damage with its rows
        }
    }

    private void LoadGroup()
    {
        int c = 0;
        try
        {
            using var group = _reader.RowGroup(_group);
            long rows = group.MetaData.NumRows;
            if (rows > int.MaxValue / 8)
                throw new InputException($"row group {_group} has {rows:N0} rows: write smaller row groups", Path);
            _groupRows = (int)rows;
            for (c = 0; c < Headers.Count; c++)
            {
                if (!_load[c]) continue;
                using var column = group.Column(c);
                switch (_kinds[c])
                {
                    case Kind.Text:
                        ReadText(column, _groupRows, c);
                        break;
                    case Kind.Date:
                        ReadDates(column, _groupRows, _day[c] = Reuse(_day[c], _groupRows), _null[c] = Reuse(_null[c], _groupRows));
                        break;
                    default:
                        var numberNull = _null[c] = Reuse(_null[c], _groupRows);
                        ReadNumbers(column, _groupRows, _number[c] = Reuse(_number[c], _groupRows), numberNull);
                        break;
                }
            }
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            throw new InputException(
                $"corrupt Parquet data in row group {_group} (rows {_rowsBefore + 1}..{_rowsBefore + Math.Max(_groupRows, 1)}): {FirstLine(e.Message)}",
                Path, null, c < Headers.Count ? Headers[c] : null);
        }
    }

    /// <summary>
    /// Reads a text column as raw UTF-8 bytes, without a string per row: ids are matched on their bytes, and most
    /// of a price file is ids. Nulls are marked; the bytes are checked to be UTF-8 once per row group.
    /// </summary>
    private void ReadText(ColumnReader column, int rows, int c)
    {
        var reader = (ColumnReader<ByteArray>)column;
        var isNull = _null[c] = Reuse(_null[c], rows);
        var start = _textStart[c] = Reuse(_textStart[c], rows + 1);
        var bytes = _textBytes[c] is { } previous && previous.Length > 0 ? previous : new byte[Math.Max(1024, rows * 8)];
        var definitions = new short[Math.Min(rows, 4096) + 1];
        var values = new ByteArray[definitions.Length];
        short defined = (short)column.ColumnDescriptor.MaxDefinitionLevel;
        int row = 0, length = 0;
        while (row < rows && reader.HasNext)
        {
            long levels = reader.ReadBatch(Math.Min(rows - row, definitions.Length), definitions, default, values, out long valueCount);
            if (levels == 0) break;
            int v = 0;
            for (int k = 0; k < levels; k++, row++)
            {
                start[row] = length;
                if (defined > 0 && definitions[k] < defined)
                {
                    isNull[row] = true;
                    continue;
                }
                isNull[row] = false;
                var value = values[v++];
                if (length + value.Length > bytes.Length) Array.Resize(ref bytes, Math.Max(bytes.Length * 2, length + value.Length));
                if (value.Length > 0) System.Runtime.InteropServices.Marshal.Copy(value.Pointer, bytes, length, value.Length);
                length += value.Length;
            }
            if (v != valueCount) throw new ParquetException("ParquetSharp", $"{valueCount} values for {v} defined levels");
        }
        if (row != rows) throw new ParquetException("ParquetSharp", $"the column chunk has {row} values, the row group {rows} rows");
        start[rows] = length;
        _textBytes[c] = bytes;
        if (!System.Text.Unicode.Utf8.IsValid(bytes.AsSpan(0, length)))
        {
            int bad = 0;
            while (System.Text.Unicode.Utf8.IsValid(bytes.AsSpan(start[bad], start[bad + 1] - start[bad]))) bad++;
            throw new InputException("the value is not valid UTF-8", Path, _rowsBefore + bad + 1, Headers[c]);
        }
    }

    /// <summary>
    /// A DATE column as its physical INT32 values (days since 1970-01-01) turned into day numbers, without a logical
    /// conversion per value: the calendar pass reads this column for every row of the file.
    /// </summary>
    private static void ReadDates(ColumnReader column, int rows, int[] days, bool[] isNull)
    {
        var reader = (ColumnReader<int>)column;
        short defined = (short)column.ColumnDescriptor.MaxDefinitionLevel;
        var definitions = defined > 0 ? ArrayPool<short>.Shared.Rent(rows) : null;
        var values = defined > 0 ? ArrayPool<int>.Shared.Rent(rows) : days;
        try
        {
            int row = 0, valueCount = 0;
            while (row < rows && reader.HasNext)
            {
                long levels = reader.ReadBatch(rows - row, definitions is null ? default : definitions.AsSpan(row, rows - row), default,
                    values.AsSpan(valueCount, rows - valueCount), out long read);
                if (levels == 0) break;
                row += (int)levels;
                valueCount += (int)read;
            }
            if (row != rows) throw new ParquetException("ParquetSharp", $"the column chunk has {row} values, the row group {rows} rows");
            for (int r = 0, v = 0; r < rows; r++)
            {
                isNull[r] = definitions is not null && definitions[r] < defined;
                days[r] = isNull[r] ? 0 : InRange((long)EpochDay + values[definitions is null ? r : v++]);
            }
        }
        finally
        {
            if (definitions is not null)
            {
                ArrayPool<short>.Shared.Return(definitions);
                ArrayPool<int>.Shared.Return(values);
            }
        }
    }

    private ReadOnlySpan<byte> TextBytes(int column) =>
        _textBytes[column].AsSpan(_textStart[column]![_position], _textStart[column]![_position + 1] - _textStart[column]![_position]);

    /// <summary>The day number, or -1 outside what <see cref="DateOnly"/> can hold (reported when read).</summary>
    private static int InRange(long day) => day >= DateOnly.MinValue.DayNumber && day <= DateOnly.MaxValue.DayNumber ? (int)day : -1;

    /// <summary>A buffer of at least <paramref name="rows"/>, reused across row groups: fresh arrays per row group
    /// would be large-object garbage that only a full collection frees, and memory would grow with the file.</summary>
    private static T[] Reuse<T>(T[]? buffer, int rows) => buffer is not null && buffer.Length >= rows ? buffer : new T[rows];

    private static void ReadInto<T>(ColumnReader column, Span<T> values)
    {
        using var reader = column.LogicalReader<T>();
        int read = 0;
        while (read < values.Length && reader.HasNext) read += reader.ReadBatch(values[read..]);
        if (read != values.Length) throw new ParquetException("ParquetSharp", $"the column chunk has {read} values, the row group {values.Length} rows");
    }

    /// <summary>The values of a column, read as <typeparamref name="T"/> when the schema marks it required and as
    /// <c>T?</c> when optional (ParquetSharp insists on the matching one); <paramref name="isNull"/> marks nulls.</summary>
    private static void ReadValues<T>(ColumnReader column, int rows, T[] values, bool[] isNull) where T : struct
    {
        if (column.ColumnDescriptor.MaxDefinitionLevel == 0)
        {
            ReadInto(column, values.AsSpan(0, rows));
            isNull.AsSpan(0, rows).Clear();
            return;
        }
        var optional = ArrayPool<T?>.Shared.Rent(rows);
        try
        {
            ReadInto(column, optional.AsSpan(0, rows));
            for (int r = 0; r < rows; r++)
            {
                isNull[r] = optional[r] is null;
                values[r] = optional[r].GetValueOrDefault();
            }
        }
        finally
        {
            ArrayPool<T?>.Shared.Return(optional);
        }
    }

    private static void ReadNumbers(ColumnReader column, int rows, double[] values, bool[] isNull)
    {
        switch (column.ColumnDescriptor.PhysicalType)
        {
            case PhysicalType.Double:
                ReadValues(column, rows, values, isNull);
                for (int r = 0; r < rows; r++) if (isNull[r]) values[r] = double.NaN;
                break;
            case PhysicalType.Float:
                Widen<float>(column, rows, values, isNull, v => v);
                break;
            case PhysicalType.Int32:
                Widen<int>(column, rows, values, isNull, v => v);
                break;
            default:
                Widen<long>(column, rows, values, isNull, v => v);
                break;
        }
    }

    private static void Widen<T>(ColumnReader column, int rows, double[] values, bool[] isNull, Func<T, double> widen) where T : struct
    {
        var source = ArrayPool<T>.Shared.Rent(rows);
        try
        {
            ReadValues(column, rows, source, isNull);
            for (int r = 0; r < rows; r++) values[r] = isNull[r] ? double.NaN : widen(source[r]);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(source);
        }
    }

    private InputException WrongType(int column, string expected) =>
        new($"expected {expected}, the column is {_typeNames[column]}", Path, null, Headers[column]);

    public ReadOnlySpan<byte> Field(int column)
    {
        if (_kinds[column] == Kind.Text) return TextBytes(column);
        string text = _kinds[column] switch
        {
            Kind.Date => _null[column]![_position] || _day[column]![_position] < 0 ? "" : Invariant.Date(DateOnly.FromDayNumber(_day[column]![_position])),
            _ => _null[column]![_position] ? "" : _number[column]![_position].ToString("R", CultureInfo.InvariantCulture),
        };
        int max = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = max <= _fieldBuffer.Length ? _fieldBuffer : new byte[max];
        int length = System.Text.Encoding.UTF8.GetBytes(text, buffer);
        return buffer.AsSpan(0, length);
    }

    public bool IsEmpty(int column) => _kinds[column] == Kind.Text ? TextBytes(column).IsEmpty : _null[column]![_position];

    public string Text(int column)
    {
        if (_kinds[column] != Kind.Text) throw WrongType(column, "a UTF-8 string");
        return System.Text.Encoding.UTF8.GetString(TextBytes(column));
    }

    public string RequiredText(int column)
    {
        var text = Text(column);
        if (text.Length == 0) throw Error("a value is required here but it is null or empty", column);
        return text;
    }

    public double OptionalNumber(int column)
    {
        if (_kinds[column] != Kind.Number) throw WrongType(column, "a DOUBLE");
        double value = _number[column]![_position];
        if (double.IsNaN(value) && _null[column]![_position]) return double.NaN;
        return double.IsFinite(value) ? value : throw Error($"expected a finite number, got {value.ToString(CultureInfo.InvariantCulture)}", column);
    }

    public double RequiredNumber(int column, string what)
    {
        if (_kinds[column] == Kind.Number && _null[column]![_position]) throw Error($"{what} is required but the value is null", column);
        return OptionalNumber(column);
    }

    public DateOnly RequiredDate(int column) => DateOnly.FromDayNumber(RequiredDay(column));

    public int RequiredDay(int column)
    {
        if (_kinds[column] != Kind.Date) throw WrongType(column, "a DATE (INT32 days since 1970-01-01)");
        if (_null[column]![_position]) throw Error("a date is required but the value is null", column);
        int day = _day[column]![_position];
        if (day < 0)
            throw Error("the date is outside years 1..9999", column);
        return day;
    }

    public InputException Error(string message, int column) => new(message, Path, Line, Headers[column]);

    public InputException NoRows(string what) => new($"the file has no rows: expected {what}", Path);

    public InputFileInfo Complete()
    {
        try
        {
            return new(Role, Path, _hash is null ? Sha256(Path, CancellationToken.None) : _hash.GetAwaiter().GetResult());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read the {Role} file: {e.Message}", Path);
        }
    }

    private static string Sha256(string path, CancellationToken cancel)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        for (int read; (read = file.Read(buffer)) > 0;)
        {
            cancel.ThrowIfCancellationRequested();
            sha.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public void Dispose()
    {
        _hashCancel.Cancel(); // a table given up (bad input) stops hashing
        if (_hash is not null)
            try { _hash.Wait(); }
            catch (AggregateException) { } // cancelled, or a read error no one asked for
        _hashCancel.Dispose();
        _reader.Dispose();
    }
}
