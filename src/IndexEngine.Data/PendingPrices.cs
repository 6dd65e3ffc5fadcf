using System.Runtime.CompilerServices;
using IndexEngine.Core.Model;
using IndexEngine.Data.Csv;

namespace IndexEngine.Data;

/// <summary>
/// The price rows a one-pass windowed read keeps while it cannot yet know the window (the calendar is complete only
/// at the end of the file): date, security and line, with the close, volume and dividend kept as the file's text.
/// Their numbers are parsed and checked only once the window is known, and only for the rows in it, so a row the
/// window leaves out costs no number parsing. <see cref="Rows"/> reads the kept rows back, in file order, as an
/// <see cref="IRowTable"/>, so the loader's checks apply to them unchanged and name the same line and column.
/// </summary>
internal sealed class PendingPrices(int capacity, int closeColumn, int volumeColumn, int dividendColumn)
{
    private readonly int _closeColumn = closeColumn, _volumeColumn = volumeColumn, _dividendColumn = dividendColumn;
    private int[] _day = new int[capacity], _security = new int[capacity];
    private long[] _line = new long[capacity];
    private int[] _end = new int[3 * capacity]; // row r's close, volume, dividend end at _end[3r], [3r+1], [3r+2]
    private byte[] _text = new byte[Math.Max(1024, capacity * 24)];
    private int _textLength;

    public int Count { get; private set; }
    public bool IsFull => Count == _day.Length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int day, int security, long line, ReadOnlySpan<byte> close, ReadOnlySpan<byte> volume, ReadOnlySpan<byte> dividend)
    {
        if (Count == _day.Length) Grow();
        int length = close.Length + volume.Length + dividend.Length;
        if (_textLength + length > _text.Length) Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + length));
        int r = Count;
        _end[3 * r] = Append(close);
        _end[3 * r + 1] = Append(volume);
        _end[3 * r + 2] = Append(dividend);
        _day[r] = day;
        _security[r] = security;
        _line[r] = line;
        Count = r + 1;
    }

    private int Append(ReadOnlySpan<byte> field)
    {
        field.CopyTo(_text.AsSpan(_textLength));
        return _textLength += field.Length;
    }

    private int Start(int r) => r == 0 ? 0 : _end[3 * r - 1];

    /// <summary>Keeps only the rows dated in [<paramref name="firstDay"/>, <paramref name="lastDay"/>], in order.</summary>
    public void Keep(long firstDay, long lastDay)
    {
        int kept = 0, text = 0;
        for (int r = 0, start = 0; r < Count; r++)
        {
            int end = _end[3 * r + 2]; // read before a kept row overwrites it
            if (_day[r] >= firstDay && _day[r] <= lastDay)
            {
                int shift = start - text;
                if (shift != 0) _text.AsSpan(start, end - start).CopyTo(_text.AsSpan(text));
                for (int k = 0; k < 3; k++) _end[3 * kept + k] = _end[3 * r + k] - shift;
                text = _end[3 * kept + 2];
                _day[kept] = _day[r];
                _security[kept] = _security[r];
                _line[kept] = _line[r];
                kept++;
            }
            start = end;
        }
        Count = kept;
        _textLength = text;
    }

    /// <summary>Drops the rows dated before <paramref name="firstDay"/>, and grows when that frees less than a quarter.</summary>
    public void MakeRoom(long firstDay)
    {
        Keep(firstDay, long.MaxValue);
        if (Count > _day.Length / 4 * 3) Grow();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        int size = GrownCapacity(_day.Length);
        Array.Resize(ref _end, 3 * size);
        Array.Resize(ref _day, size);
        Array.Resize(ref _security, size);
        Array.Resize(ref _line, size);
    }

    /// <summary>How a row buffer grows: by half, and at least by 1,024 rows.</summary>
    public static int GrownCapacity(int capacity) => capacity + capacity / 2 + 1024;

    /// <summary>The line of the first kept row of (<paramref name="day"/>, <paramref name="security"/>), for a duplicate's message.</summary>
    public long FirstLineOf(int day, int security)
    {
        for (int r = 0; r < Count; r++)
            if (_day[r] == day && _security[r] == security) return _line[r];
        return 0;
    }

    /// <summary>The kept rows as a table of the file <paramref name="source"/> read them from (its path and headers).</summary>
    public Reader Rows(IRowTable source) => new(this, source);

    /// <summary>The kept rows, in file order; only the close, volume and dividend columns have values.</summary>
    internal sealed class Reader(PendingPrices rows, IRowTable source) : IRowTable
    {
        private int _row = -1;

        public string Path => source.Path;
        public IReadOnlyList<string> Headers => source.Headers;
        public long Line => rows._line[_row];
        public string LineWord => source.LineWord;
        public int RowCountHint => rows.Count;
        public int Day => rows._day[_row];
        public int Security => rows._security[_row];
        public int IndexOf(string name) => source.IndexOf(name);
        public int[] Require(IReadOnlyList<string> required, string expected) => source.Require(required, expected);
        public bool Read() => ++_row < rows.Count;

        /// <exception cref="ArgumentOutOfRangeException">Not the close, volume or dividend column.</exception>
        public ReadOnlySpan<byte> Field(int column)
        {
            int k = column == rows._closeColumn ? 0 : column == rows._volumeColumn ? 1 : column == rows._dividendColumn && column >= 0 ? 2
                : throw new ArgumentOutOfRangeException(nameof(column), "only the close, volume and dividend of a pending row are kept");
            int start = k == 0 ? rows.Start(_row) : rows._end[3 * _row + k - 1];
            return rows._text.AsSpan(start, rows._end[3 * _row + k] - start);
        }

        public bool IsEmpty(int column) => Field(column).IsEmpty;

        /// <exception cref="InvalidOperationException">Always: a pending row keeps no text column.</exception>
        public string Text(int column) => throw new InvalidOperationException("a pending price row keeps no text column");

        /// <exception cref="InvalidOperationException">Always: a pending row keeps no text column.</exception>
        public string RequiredText(int column) => Text(column);

        public double OptionalNumber(int column)
        {
            double value = CsvTable.Number(Field(column), null, out var problem);
            return problem is null ? value : throw Error(problem, column);
        }

        public double RequiredNumber(int column, string what)
        {
            double value = CsvTable.Number(Field(column), what, out var problem);
            return problem is null ? value : throw Error(problem, column);
        }

        public DateOnly RequiredDate(int column) => DateOnly.FromDayNumber(Day);
        public int RequiredDay(int column) => Day;
        public InputException Error(string message, int column) => new(message, Path, Line, Headers[column]);
        public InputException NoRows(string what) => source.NoRows(what);
        public void SkipOutside(int column, int firstDay, int lastDay) { } // the rows are already the window's
        public InputFileInfo Complete() => source.Complete();
        public void Dispose() { }
    }
}
