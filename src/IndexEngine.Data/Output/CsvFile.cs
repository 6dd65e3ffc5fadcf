using System.Buffers;
using System.Globalization;
using System.Text;

namespace IndexEngine.Data.Output;

/// <summary>
/// One CSV output file in <see cref="Csv"/>'s conventions, field by field: UTF-8 without BOM, records ended by \n,
/// a field quoted only when it contains a comma, a quote, CR or LF (inner quotes doubled; leading or trailing spaces
/// are not quoted), a record whose only field is empty written as <c>""</c>, numbers in round-trip form, NaN empty.
/// These are the bytes CsvHelper 34's writer gave with those options (tests/…/Output/CsvFileTests compares them), made
/// without a string per number or an enumerator per row: values are formatted straight into a pooled byte buffer.
/// Every record must have as many fields as the first, as CsvHelper required; not thread-safe (one writer per file).
/// </summary>
public sealed class CsvFile : IDisposable
{
    private const int BufferSize = 1 << 16;
    private const int MaxNumberBytes = 32; // "-1.7976931348623157E+308" is 24
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Stream _stream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _length;
    private int _fields;
    private int _fieldCount = -1;
    private bool _firstFieldEmpty;
    private bool _disposed;

    /// <param name="stream">Written from its position; disposed with the writer.</param>
    public CsvFile(Stream stream) => _stream = stream;

    /// <summary>A new file at <paramref name="path"/> (never an existing one).</summary>
    /// <exception cref="IOException">The file exists or cannot be created.</exception>
    public static CsvFile Create(string path) =>
        new(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0));

    /// <summary>A text field; null is an empty field.</summary>
    public void Text(string? value) => Text(value.AsSpan());

    /// <summary>A text field; invalid UTF-16 (a lone surrogate) is written as U+FFFD.</summary>
    public void Text(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            Empty();
            return;
        }
        var span = Field(2 + 2 * Utf8.GetMaxByteCount(value.Length));
        int at = 0;
        if (value.IndexOfAny(NeedsQuotes) < 0) at = Utf8.GetBytes(value, span);
        else
        {
            span[at++] = (byte)'"';
            for (int quote; (quote = value.IndexOf('"')) >= 0; value = value[(quote + 1)..])
            {
                at += Utf8.GetBytes(value[..quote], span[at..]);
                span[at++] = (byte)'"';
                span[at++] = (byte)'"';
            }
            at += Utf8.GetBytes(value, span[at..]);
            span[at++] = (byte)'"';
        }
        _length += at;
    }

    /// <summary>A number in round-trip form (<see cref="Csv.Number(double)"/>); NaN is an empty field.</summary>
    public void Number(double value)
    {
        if (double.IsNaN(value))
        {
            Empty();
            return;
        }
        if (!Invariant.TryFormatNumber(value, Field(MaxNumberBytes), out int written))
            throw new InvalidOperationException($"{value:R} does not fit {MaxNumberBytes} bytes");
        _length += written;
    }

    /// <summary>An integer (<see cref="Csv.Number(int)"/>).</summary>
    public void Number(int value)
    {
        if (!value.TryFormat(Field(MaxNumberBytes), out int written, default, CultureInfo.InvariantCulture))
            throw new InvalidOperationException($"{value} does not fit {MaxNumberBytes} bytes");
        _length += written;
    }

    /// <summary>A date as yyyy-MM-dd (<see cref="Csv.Date"/>).</summary>
    public void Date(DateOnly date)
    {
        if (!Invariant.TryFormatDate(date, Field(MaxNumberBytes), out int written))
            throw new InvalidOperationException($"{date} does not fit {MaxNumberBytes} bytes");
        _length += written;
    }

    /// <summary><c>true</c> or <c>false</c>, as the files spell a yes/no column.</summary>
    public void Boolean(bool value)
    {
        var text = value ? "true"u8 : "false"u8;
        text.CopyTo(Field(text.Length));
        _length += text.Length;
    }

    /// <summary>An empty field (a missing value).</summary>
    public void Empty()
    {
        if (_fields == 0) _firstFieldEmpty = true;
        Field(0);
    }

    /// <summary>Ends the record.</summary>
    /// <exception cref="InvalidOperationException">The record has another number of fields than the first (a programming error).</exception>
    public void EndRow()
    {
        if (_fieldCount < 0) _fieldCount = _fields;
        else if (_fields != _fieldCount)
            throw new InvalidOperationException($"A CSV record has {_fields} fields, the first had {_fieldCount}.");
        var end = Reserve(3);
        int at = 0;
        if (_fields == 1 && _firstFieldEmpty) // an empty line would read as no record at all
        {
            end[at++] = (byte)'"';
            end[at++] = (byte)'"';
        }
        end[at++] = (byte)'\n';
        _length += at;
        _fields = 0;
        _firstFieldEmpty = false;
    }

    /// <summary>Writes what is buffered to the file.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _stream.Write(_buffer, 0, _length);
        _length = 0;
        _stream.Flush();
    }

    /// <summary>Writes what is buffered and closes the file.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        try
        {
            Flush();
        }
        finally
        {
            _disposed = true;
            _stream.Dispose();
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    /// <summary>Starts a field: the separator if it is not the record's first, and room for <paramref name="maxBytes"/> more.</summary>
    private Span<byte> Field(int maxBytes)
    {
        var span = Reserve(maxBytes + 1);
        if (_fields++ > 0)
        {
            span[0] = (byte)',';
            _length++;
            return span[1..];
        }
        return span;
    }

    private Span<byte> Reserve(int bytes)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_length + bytes > _buffer.Length)
        {
            _stream.Write(_buffer, 0, _length);
            _length = 0;
            if (bytes > _buffer.Length)
            {
                // Rented before the old one is returned: a failed rent must not leave a returned buffer to return again.
                var bigger = ArrayPool<byte>.Shared.Rent(bytes);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }
        }
        return _buffer.AsSpan(_length);
    }
}
