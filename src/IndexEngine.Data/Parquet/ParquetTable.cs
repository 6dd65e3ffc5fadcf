using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using IndexEngine.Core.Model;
using IndexEngine.Data.Csv;
using ParquetSharp;

namespace IndexEngine.Data.Parquet;

/// <summary>
/// One input Parquet file read row group by row group (so memory follows one row group, two with
/// <see cref="ReadGroup"/>, not the file), giving rows to <see cref="UniverseLoader"/> like a CSV table, or a row
/// group's columns at a time. Columns must be flat; text is a UTF-8 string
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
    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);
    private readonly byte[] _fieldBuffer = new byte[256];
    private Block _block, _spare;  // the row group read, and the one the next is decoded into (ReadGroup)
    private Task<bool>? _ahead;    // the decoding of the next row group into _spare (ReadGroup)
    private int _position = -1;
    private int _nextGroup;        // the decoding's cursor: the next row group to look at, and the rows before it
    private long _nextRowsBefore;
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
        _block = new Block(n);
        _spare = new Block(n);
        // A table read whole is hashed for the audit trail; on another thread, since the bytes decoded are not the
        // bytes stored and reading the file twice over is the cost either way.
        if (columns is null) _hash = Task.Run(() => Sha256(path, _hashCancel.Token));
    }

    public string Path { get; }
    public string Role { get; }
    public IReadOnlyList<string> Headers { get; }
    public long Line => _block.RowsBefore + _position + 1;
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
        if (++_position < _block.Rows) return true;
        if (!Decode(_block))
        {
            _position = _block.Rows - 1; // stays on the last row for messages
            return false;
        }
        _position = 0;
        return true;
    }

    /// <summary>
    /// The columnar read (instead of <see cref="Read"/>, not mixed with it): moves to the next row group that has rows
    /// and is not skipped, decoded, whose columns are then <see cref="Days"/>, <see cref="Numbers"/>, ...; and starts
    /// decoding the one after it on another thread, so that decoding and the caller's work overlap while at most
    /// two row groups are in memory. The row accessors (<see cref="RequiredDay"/>, <see cref="Error"/>, ...) read
    /// the row set by <see cref="MoveTo"/>. False at the end.
    /// </summary>
    /// <exception cref="InputException">The row group is corrupt or has text that is not UTF-8 (in file order: a
    /// row group's damage is reported only once the row groups before it have been read).</exception>
    public bool ReadGroup()
    {
        var decoded = _ahead ?? Task.FromResult(Decode(_spare));
        _ahead = null;
        if (!decoded.GetAwaiter().GetResult()) return false;
        (_block, _spare) = (_spare, _block);
        _position = 0;
        var next = _spare;
        _ahead = Task.Run(() => Decode(next));
        return true;
    }

    /// <summary>The rows of the row group of <see cref="ReadGroup"/>.</summary>

    /// <summary>Makes <paramref name="row"/> (0-based in the row group) the current row, for the row accessors.</summary>
    public void MoveTo(int row) => _position = row;

    public bool IsText(int column) => _kinds[column] == Kind.Text;
    public bool IsDate(int column) => _kinds[column] == Kind.Date;
    public bool IsNumber(int column) => _kinds[column] == Kind.Number;

    /// <summary>A DATE column's day numbers in the row group (0 where null, -1 outside years 1..9999).</summary>
    public ReadOnlySpan<int> Days(int column) => _block.Day[column].AsSpan(0, _block.Rows);

    /// <summary>A number column's values in the row group, NaN where null.</summary>
    public ReadOnlySpan<double> Numbers(int column) => _block.Number[column].AsSpan(0, _block.Rows);

    public ReadOnlySpan<bool> Nulls(int column) => _block.Null[column].AsSpan(0, _block.Rows);

    /// <summary>A text column's UTF-8 values back to back; row r's is [<see cref="TextStarts"/>[r], [r + 1]).</summary>
    public ReadOnlySpan<byte> TextBytes(int column) => _block.TextBytes[column];

    public ReadOnlySpan<int> TextStarts(int column) => _block.TextStart[column].AsSpan(0, _block.Rows + 1);

    /// <summary>Decodes the next row group that has rows and is not skipped (<see cref="SkipOutside"/>) into
    /// <paramref name="into"/>; false at the end. Only one decoding runs at a time (the reader is not shared).</summary>
    private bool Decode(Block into)
    {
        while (_nextGroup < _rowGroups)
        {
            int group = _nextGroup++;
            if (Skipped(group) is { } skipped)
            {
                _nextRowsBefore += skipped; // counted, not read
                continue;
            }
            LoadGroup(group, _nextRowsBefore, into);
            _nextRowsBefore += into.Rows;
            if (into.Rows > 0) return true;
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
        while (Decode(_block))
        {
            any = true;
            var isNull = _block.Null[column]!;
            var day = _block.Day[column]!;
            for (_position = 0; _position < _block.Rows; _position++)
                if (isNull[_position] || day[_position] < 0) RequiredDay(column);
            _position = _block.Rows - 1;
            days.AddAll(day.AsSpan(0, _block.Rows));
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

    /// <summary>One decoded row group: each read column's values, nulls marked. Two exist: the next row group is
    /// decoded into one while the other is read (<see cref="ReadGroup"/>).</summary>
    private sealed class Block(int columns)
    {
        public readonly byte[]?[] TextBytes = new byte[columns][];  // a column's UTF-8 values back to back
        public readonly int[]?[] TextStart = new int[columns][];    // row r's value is [TextStart[r], TextStart[r + 1])
        public readonly int[]?[] Day = new int[columns][];          // DayNumber
        public readonly double[]?[] Number = new double[columns][]; // NaN where null
        public readonly bool[]?[] Null = new bool[columns][];
        public int Rows;
        public long RowsBefore;
    }

    private void LoadGroup(int index, long rowsBefore, Block into)
    {
        int c = 0;
        into.RowsBefore = rowsBefore;
        into.Rows = 0;
        try
        {
            using var group = _reader.RowGroup(index);
            long rows = group.MetaData.NumRows;
            if (rows > int.MaxValue / 8)
                throw new InputException($"row group {index} has {rows:N0} rows: write smaller row groups", Path);
            int n = into.Rows = (int)rows;
            for (c = 0; c < Headers.Count; c++)
            {
                if (!_load[c]) continue;
                using var column = group.Column(c);
                var isNull = into.Null[c] = Reuse(into.Null[c], n);
                switch (_kinds[c])
                {
                    case Kind.Text:
                        ReadText(column, into, c);
                        break;
                    case Kind.Date:
                        ReadDates(column, n, into.Day[c] = Reuse(into.Day[c], n), isNull);
                        break;
                    default:
                        ReadNumbers(column, n, into.Number[c] = Reuse(into.Number[c], n), isNull);
                        break;
                }
            }
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            throw new InputException(
                $"corrupt Parquet data in row group {index} (rows {rowsBefore + 1}..{rowsBefore + Math.Max(into.Rows, 1)}): {FirstLine(e.Message)}",
                Path, null, c < Headers.Count ? Headers[c] : null);
        }
    }

    /// <summary>
    /// Reads a text column as raw UTF-8 bytes, without a string per row: ids are matched on their bytes, and most
    /// of a price file is ids. Nulls are marked; the bytes are checked to be UTF-8 once per row group.
    /// </summary>
    private void ReadText(ColumnReader column, Block into, int c)
    {
        var reader = (ColumnReader<ByteArray>)column;
        int rows = into.Rows;
        var isNull = into.Null[c]!;
        var start = into.TextStart[c] = Reuse(into.TextStart[c], rows + 1);
        var bytes = into.TextBytes[c] is { } previous && previous.Length > 0 ? previous : new byte[Math.Max(1024, rows * 8)];
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
        into.TextBytes[c] = bytes;
        if (!System.Text.Unicode.Utf8.IsValid(bytes.AsSpan(0, length)))
        {
            int bad = 0;
            while (System.Text.Unicode.Utf8.IsValid(bytes.AsSpan(start[bad], start[bad + 1] - start[bad]))) bad++;
            throw new InputException("the value is not valid UTF-8", Path, into.RowsBefore + bad + 1, Headers[c]);
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
            ReadPhysical(reader, rows, values, definitions);
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

    /// <summary>A column chunk's physical values, densely (nulls have none), and its definition levels when
    /// <paramref name="definitions"/> is given (an optional column); the number of values.</summary>
    private static int ReadPhysical<T>(ColumnReader<T> reader, int rows, T[] values, short[]? definitions) where T : unmanaged
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
        return valueCount;
    }

    /// <summary>A DOUBLE column through its physical reader: an optional column's values are spread to their rows
    /// in place, without a nullable per row (volumes and dividends are optional and a value on every row).</summary>
    private static void ReadDoubles(ColumnReader column, int rows, double[] values, bool[] isNull)
    {
        short defined = (short)column.ColumnDescriptor.MaxDefinitionLevel;
        var definitions = defined > 0 ? ArrayPool<short>.Shared.Rent(rows) : null;
        try
        {
            int count = ReadPhysical((ColumnReader<double>)column, rows, values, definitions);
            if (definitions is null)
            {
                isNull.AsSpan(0, rows).Clear();
                return;
            }
            // From the last row back, a value moves only to a row at or after its own place, not yet moved from.
            for (int r = rows - 1, v = count - 1; r >= 0; r--)
            {
                bool missing = definitions[r] < defined;
                isNull[r] = missing;
                values[r] = missing ? double.NaN : values[v--];
            }
        }
        finally
        {
            if (definitions is not null) ArrayPool<short>.Shared.Return(definitions);
        }
    }

    private ReadOnlySpan<byte> CurrentText(int column)
    {
        var start = _block.TextStart[column]!;
        return _block.TextBytes[column].AsSpan(start[_position], start[_position + 1] - start[_position]);
    }

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
                ReadDoubles(column, rows, values, isNull);
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
        if (_kinds[column] == Kind.Text) return CurrentText(column);
        string text = _kinds[column] switch
        {
            Kind.Date => _block.Null[column]![_position] || _block.Day[column]![_position] < 0 ? "" : Invariant.Date(DateOnly.FromDayNumber(_block.Day[column]![_position])),
            _ => _block.Null[column]![_position] ? "" : Invariant.Number(_block.Number[column]![_position]),
        };
        int max = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = max <= _fieldBuffer.Length ? _fieldBuffer : new byte[max];
        int length = System.Text.Encoding.UTF8.GetBytes(text, buffer);
        return buffer.AsSpan(0, length);
    }

    public bool IsEmpty(int column) => _kinds[column] == Kind.Text ? CurrentText(column).IsEmpty : _block.Null[column]![_position];

    public string Text(int column)
    {
        if (_kinds[column] != Kind.Text) throw WrongType(column, "a UTF-8 string");
        return System.Text.Encoding.UTF8.GetString(CurrentText(column));
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
        double value = _block.Number[column]![_position];
        if (double.IsNaN(value) && _block.Null[column]![_position]) return double.NaN;
        return double.IsFinite(value) ? value : throw Error($"expected a finite number, got {value.ToString(CultureInfo.InvariantCulture)}", column);
    }

    public double RequiredNumber(int column, string what)
    {
        if (_kinds[column] == Kind.Number && _block.Null[column]![_position]) throw Error($"{what} is required but the value is null", column);
        return OptionalNumber(column);
    }

    public DateOnly RequiredDate(int column) => DateOnly.FromDayNumber(RequiredDay(column));

    public int RequiredDay(int column)
    {
        if (_kinds[column] != Kind.Date) throw WrongType(column, "a DATE (INT32 days since 1970-01-01)");
        if (_block.Null[column]![_position]) throw Error("a date is required but the value is null", column);
        int day = _block.Day[column]![_position];
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
        if (_ahead is not null)
            try { _ahead.Wait(); } // the decoding uses the reader
            catch (AggregateException) { } // bad input past what was read
        _hashCancel.Cancel(); // a table given up (bad input) stops hashing
        if (_hash is not null)
            try { _hash.Wait(); }
            catch (AggregateException) { } // cancelled, or a read error no one asked for
        _hashCancel.Dispose();
        _reader.Dispose();
    }
}
