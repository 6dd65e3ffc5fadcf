using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using CsvHelper;
using IndexEngine.Core.Model;

namespace IndexEngine.Data.Csv;

/// <summary>
/// One input CSV file (plain or gzip) read record by record with CsvHelper, turning every problem into an
/// <see cref="InputException"/> that names the file, line and column. It hashes the raw file bytes as
/// they stream past, checks header names, field counts and UTF-8, and parses fields from their bytes.
/// </summary>
internal sealed class CsvTable : IRowTable
{
    /// <summary>Longest record accepted. A longer one is corrupt input, and CsvHelper stops buffering
    /// it at this size instead of growing to the whole line (a 50 MB line is not loaded into memory).</summary>
    public const int MaxRecordBytes = 1 << 20;

    private readonly HashingReadStream _raw;
    private readonly Stream[] _decoders;
    private readonly CsvReader _reader;
    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);
    private long _nextLine = 1;

    private CsvTable(string path, string role, HashingReadStream raw, Stream[] decoders, CsvReader reader, long textLength)
    {
        Path = path;
        TextLengthHint = (int)Math.Min(textLength, int.MaxValue);
        Role = role;
        _raw = raw;
        _decoders = decoders;
        _reader = reader;
        try
        {
            Headers = reader.Headers;
            _nextLine = 2;
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            throw ReadFailure(e);
        }
        if (Headers.Count == 0)
            throw Diagnosed(new InputException("the file is empty: expected a header row", path, 1));
        for (int c = 0; c < Headers.Count; c++)
        {
            var name = Headers[c];
            if (name.Length == 0)
                throw Diagnosed(new InputException($"column {c + 1} of the header has no name", path, 1, $"#{c + 1}"));
            if (name.Contains('\uFFFD'))
                throw Diagnosed(new InputException("the header is not valid UTF-8", path, 1, name));
            if (!_columns.TryAdd(name, c))
                throw Diagnosed(new InputException($"duplicated column name (columns {_columns[name] + 1} and {c + 1})", path, 1, name));
        }
    }

    public string Path { get; }
    public string Role { get; }
    public string LineWord => "line";

    /// <summary>About 28 bytes of text per price row.</summary>
    public int RowCountHint => TextLengthHint / 28 + 1024;

    /// <summary>The length of the CSV text in bytes as far as known before reading (the gzip trailer's
    /// length, which is modulo 2^32), for sizing buffers; not a limit.</summary>
    public int TextLengthHint { get; }
    public IReadOnlyList<string> Headers { get; }

    /// <summary>The 1-based line where the current record starts.</summary>
    public long Line { get; private set; } = 1;

    /// <summary>Opens <paramref name="path"/>; a name ending in <c>.gz</c> is decompressed.</summary>
    public static CsvTable Open(string path, string role)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"missing {role} file{OtherForm(path)}", path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot open the {role} file: {e.Message}", path);
        }

        Stream[] decoders = [];
        CsvReader? reader = null;
        try
        {
            var raw = new HashingReadStream(file);
            Stream text = raw;
            long textLength = file.Length;
            if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                if (file.Length >= 2 && !CheckedGzipStream.HasGzipMagic(file))
                    throw new InputException(
                        $"not gzip data although the name ends in .gz (a gzip file starts with the bytes 1f 8b): a plain CSV must be named {System.IO.Path.GetFileName(path)[..^3]}", path);
                if (file.Length < CheckedGzipStream.MinimumFileLength)
                    throw new InputException($"truncated gzip data ({file.Length} bytes)", path);
                textLength = CheckedGzipStream.ReadDeclaredLength(file);
                var gzip = new CheckedGzipStream(raw);
                text = new ReadAheadStream(gzip);
                decoders = [text, gzip]; // disposed in this order: the read-ahead thread stops first
            }
            var options = new CsvReaderOptions
            {
                Separator = ',',
                DetectSeparatorHint = false,
                // Lines are counted here from each record's raw bytes, which is cheaper than CsvHelper's
                // tracking; empty lines therefore come through as records and are skipped in Read.
                TrackLineNumbers = false,
                SkipEmptyLines = false,
                MaxRecordSize = MaxRecordBytes,
                MalformedData = CsvMalformedDataHandling.Throw,
                FieldCountMismatch = CsvFieldCountHandling.Allow, // checked in Read, to name the column
            };
            reader = CsvReader.Create(text, options, leaveOpen: true);
            return new CsvTable(path, role, raw, decoders, reader, textLength);
        }
        catch
        {
            reader?.Dispose();
            foreach (var decoder in decoders) decoder.Dispose(); // stops the read-ahead thread first
            file.Dispose();
            throw;
        }
    }

    /// <summary>For a missing <c>x.csv</c>, a note that <c>x.csv.gz</c> exists (and the other way round): the
    /// usual reason is a name typed without (or with) the compression suffix.</summary>
    private static string OtherForm(string path)
    {
        var other = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path + ".gz";
        return File.Exists(other) ? $"; {System.IO.Path.GetFileName(other)} exists beside it: did you mean {other}?" : "";
    }

    /// <summary>Index of a column, or -1 when the header does not have it.</summary>
    public int IndexOf(string name) => _columns.TryGetValue(name, out var c) ? c : -1;

    /// <summary>Indexes of the required columns; names every missing one and what the file must have.</summary>
    public int[] Require(IReadOnlyList<string> required, string expected) =>
        TableColumns.Require(_columns, Headers, required, expected, Path, 1, "header");

    /// <summary>Moves to the next record, skipping empty lines; false at the end of the file.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Read()
    {
        ReadOnlySpan<byte> raw;
        bool printable;
        do
        {
            try
            {
                if (!_reader.Read()) return false;
            }
            catch (Exception e) when (IsReadFailure(e))
            {
                throw ReadFailure(e);
            }
            raw = _reader.RawRecord;
            Line = _nextLine;
            // Almost every record is printable ASCII: one scan then shows that it holds no line break and is valid UTF-8.
            printable = raw.IndexOfAnyExceptInRange((byte)' ', (byte)'~') < 0;
            _nextLine += printable ? 1 : 1 + LineBreaks(raw);
        }
        while (raw.IsEmpty);

        if (_reader.FieldCount != Headers.Count)
        {
            var column = _reader.FieldCount < Headers.Count ? Headers[_reader.FieldCount] : $"#{Headers.Count + 1}";
            throw Diagnosed(new InputException(
                $"the row has {_reader.FieldCount} field{(_reader.FieldCount == 1 ? "" : "s")} but the header has {Headers.Count}",
                Path, Line, column));
        }
        if (!printable && !Utf8.IsValid(raw))
        {
            int c = 0;
            while (c < Headers.Count - 1 && Utf8.IsValid(_reader.GetRawSpan(c))) c++;
            throw Diagnosed(new InputException("the field is not valid UTF-8 (files must be UTF-8 encoded)", Path, Line, Headers[c]));
        }
        return true;
    }

    /// <summary>Line breaks inside a record (in quoted fields); a CRLF counts once.</summary>
    private static int LineBreaks(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOfAny((byte)'\n', (byte)'\r') < 0) return 0;
        int breaks = 0;
        for (int k = 0; k < raw.Length; k++)
            if (raw[k] == (byte)'\n' || (raw[k] == (byte)'\r' && (k + 1 == raw.Length || raw[k + 1] != (byte)'\n')))
                breaks++;
        return breaks;
    }

    /// <summary>Field bytes of the current record, unquoted; valid until the next read.</summary>
    public ReadOnlySpan<byte> Field(int column) => _reader.GetSpan(column);

    public string Text(int column) => _reader.GetString(column);

    public bool IsEmpty(int column) => _reader.IsEmpty(column);

    /// <summary>A required text value such as an id: empty is an error.</summary>
    public string RequiredText(int column)
    {
        if (_reader.IsEmpty(column)) throw Error("a value is required here but the field is empty", column);
        return _reader.GetString(column);
    }

    /// <summary>A finite number, or NaN for an empty field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double OptionalNumber(int column)
    {
        double value = Number(_reader.GetSpan(column), null, out var problem);
        return problem is null ? value : throw Error(problem, column);
    }

    /// <summary>A finite number; an empty field is an error naming what is expected.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double RequiredNumber(int column, string what)
    {
        double value = Number(_reader.GetSpan(column), what, out var problem);
        return problem is null ? value : throw Error(problem, column);
    }

    /// <summary>The number in a field's text, NaN when empty; <paramref name="problem"/> says what is wrong (an empty
    /// field where <paramref name="required"/> names a required value, or not a finite number), else null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Number(ReadOnlySpan<byte> span, string? required, out string? problem)
    {
        problem = null;
        if (span.IsEmpty)
        {
            if (required is not null) problem = $"{required} is required but the field is empty";
            return double.NaN;
        }
        if (Utf8Values.TryParseFinite(span, out var value)) return value;
        problem = $"expected a finite number with '.' as decimal point, got {Quote(span)}";
        return double.NaN;
    }

    public DateOnly RequiredDate(int column)
    {
        var span = _reader.GetSpan(column);
        return Utf8Values.TryParseIsoDate(span, out var date) ? date : throw NotADate(column, span);
    }

    // Files are usually sorted by date, so most rows repeat the previous row's date bytes: the 10 bytes of a
    // yyyy-MM-dd date are compared as two integers. _lastDay is -1 until a date has been parsed.
    private ulong _lastDateHead;
    private ushort _lastDateTail;
    private int _lastDay = -1;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int RequiredDay(int column)
    {
        var span = _reader.GetSpan(column);
        if (span.Length != 10) throw NotADate(column, span);
        ulong head = BinaryPrimitives.ReadUInt64LittleEndian(span);
        ushort tail = BinaryPrimitives.ReadUInt16LittleEndian(span[8..]);
        if (head == _lastDateHead && tail == _lastDateTail && _lastDay >= 0) return _lastDay;
        if (!Utf8Values.TryParseIsoDate(span, out var date)) throw NotADate(column, span);
        (_lastDateHead, _lastDateTail, _lastDay) = (head, tail, date.DayNumber);
        return _lastDay;
    }

    /// <summary>Nothing to skip unread: a text must be read through to find where its rows are.</summary>
    public void SkipOutside(int column, int firstDay, int lastDay) { }

    /// <summary>A file with a header and no records: line 2 is where the first belongs.</summary>
    public InputException NoRows(string what) => new($"the file has a header but no {what}", Path, 2);

    public InputException NotADate(int column, ReadOnlySpan<byte> value) =>
        Error(value.IsEmpty ? "a date is required but the field is empty" : $"expected a date as yyyy-MM-dd (a real calendar day), got {Quote(value)}", column);

    public InputException Error(string message, int column) => Diagnosed(new(message, Path, Line, Headers[column]));

    /// <summary>Field text for messages, shortened so that a huge field does not flood the log, with line
    /// breaks and other control characters escaped so that the message stays on one line and shows them.</summary>
    public static string Quote(ReadOnlySpan<byte> value)
    {
        const int MaxShown = 40;
        var text = Encoding.UTF8.GetString(value.Length > MaxShown * 4 ? value[..(MaxShown * 4)] : value);
        var shown = text.Length > MaxShown ? text[..MaxShown] : text;
        return $"'{EscapeControl(shown)}{(text.Length > MaxShown ? "..." : "")}'";
    }

    private static string EscapeControl(string text)
    {
        if (!text.Any(char.IsControl)) return text;
        var sb = new StringBuilder(text.Length + 8);
        foreach (var ch in text)
            sb.Append(ch switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(ch) => "\\u" + ((int)ch).ToString("X4", System.Globalization.CultureInfo.InvariantCulture),
                _ => ch.ToString(),
            });
        return sb.ToString();
    }

    /// <summary>Reads the rest of the file into the hash and returns its identity for the audit trail.</summary>
    public InputFileInfo Complete()
    {
        try
        {
            return new(Role, Path, _raw.Finish());
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            throw ReadFailure(e);
        }
    }

    private static bool IsReadFailure(Exception e) => e is CsvFormatException or InvalidDataException or IOException;

    /// <summary>Maps CsvHelper's and the decompressor's exceptions to located input errors.</summary>
    private InputException ReadFailure(Exception e) => e switch
    {
        CsvFormatException f when f.Message.Contains("MaxRecordSize", StringComparison.Ordinal) => Diagnosed(new InputException(
            $"the line is longer than {MaxRecordBytes >> 20} MiB: this is not a valid {Role} file (or a quoted field is never closed)",
            Path, _nextLine)),
        CsvFormatException f => Diagnosed(new InputException(
            $"malformed CSV in the record starting on this line: {MalformedReason(f.Message)}", Path, _nextLine, MalformedColumn(f))),
        InvalidDataException => new InputException($"bad gzip data (after line {Line}): {e.Message}", Path),
        _ => new InputException($"cannot read the {Role} file (after line {Line}): {e.Message}", Path),
    };

    /// <summary>
    /// On the error path only: reads the file again, this time recovering from the bad quoting, to tell
    /// which column holds the byte where CsvHelper found the problem. Null when that cannot be told (the
    /// header, or a record that cannot be read even so).
    /// </summary>
    private string? MalformedColumn(CsvFormatException error)
    {
        if (error.RecordNumber < 2 || error.ByteOffset <= 0 || Headers is null) return null;
        try
        {
            using var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var text = Path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true)
                : (Stream)file;
            using var reader = CsvReader.Create(text, new CsvReaderOptions
            {
                Separator = ',',
                DetectSeparatorHint = false,
                SkipEmptyLines = false,
                MaxRecordSize = MaxRecordBytes,
                MalformedData = CsvMalformedDataHandling.Recover,
            }, leaveOpen: true);
            _ = reader.Headers;
            for (long record = 2; reader.Read(); record++)
            {
                if (record < error.RecordNumber) continue;
                var raw = reader.RawRecord;
                long position = error.ByteOffset - reader.ByteOffset;
                for (int c = 0; c < reader.FieldCount; c++)
                {
                    var field = reader.GetRawSpan(c);
                    long start = Unsafe.ByteOffset(ref MemoryMarshal.GetReference(raw), ref MemoryMarshal.GetReference(field));
                    if (start < 0 || start > raw.Length) return null;
                    if (position <= start + field.Length) return c < Headers.Count ? Headers[c] : $"#{c + 1}";
                }
                return null;
            }
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            // The record cannot be read even when recovering; the line alone must do.
        }
        return null;
    }

    /// <summary>
    /// Corrupt gzip data can decompress to garbage for a while before the decompressor notices (at the
    /// latest at the CRC in the trailer), so an error found in the text of a gzip file may only be a
    /// symptom. Before reporting it, the rest of the file is decompressed: if that fails, the gzip error
    /// is the one reported, since it names the real problem.
    /// </summary>
    private InputException Diagnosed(InputException error)
    {
        if (_decoders.Length == 0) return error;
        try
        {
            var buffer = new byte[1 << 16];
            while (_decoders[0].Read(buffer) > 0) { }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return ReadFailure(e);
        }
        return error;
    }

    /// <summary>CsvHelper's reason without its record and byte position (the line is given instead).</summary>
    private static string MalformedReason(string message)
    {
        int colon = message.IndexOf("): ", StringComparison.Ordinal);
        var reason = colon >= 0 ? message[(colon + 3)..] : message;
        int offset = reason.IndexOf(" (byte offset", StringComparison.Ordinal);
        return offset >= 0 ? reason[..offset] : reason;
    }

    public void Dispose()
    {
        _reader.Dispose();
        foreach (var decoder in _decoders) decoder.Dispose();
        _raw.Dispose();
    }
}
