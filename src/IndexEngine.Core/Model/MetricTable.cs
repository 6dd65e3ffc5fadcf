namespace IndexEngine.Core.Model;

/// <summary>
/// The rows of <c>metrics.csv</c> (METHODOLOGY §1 and §11), indexed once at load time by the date each
/// became known, so that a screening date finds each security's latest row with one binary search.
/// <para>
/// Undated (no <c>date</c> column): one row per security, row <c>i</c> belongs to security <c>i</c> and
/// applies at every date (all NaN for a security without a row). Dated: each security's rows lie
/// contiguously in ascending date order (<see cref="RowsOf"/>), whatever their order in the file.
/// </para>
/// <para>Values are NaN where missing. <c>market_cap</c>, when the file has it, is kept apart from the
/// metric columns: it replaces the security master's cap (§11) and is not a scoring metric.</para>
/// </summary>
public sealed class MetricTable
{
    private readonly int[] _rowStart;      // security i's rows are [_rowStart[i], _rowStart[i + 1])
    private readonly DateOnly[] _rowDate;  // dated tables only
    private readonly double[] _values;     // rows × metrics
    private readonly double[]? _marketCap; // one per row, when the file has market_cap

    private MetricTable(IReadOnlyList<string> names, int[] rowStart, DateOnly[] rowDate, double[] values, double[]? marketCap, bool dated)
    {
        Names = names;
        _rowStart = rowStart;
        _rowDate = rowDate;
        _values = values;
        _marketCap = marketCap;
        IsDated = dated;
        DistinctDates = dated ? rowDate.Distinct().Order().ToArray() : [];
    }

    /// <summary>The metric columns (every column but <c>id</c>, <c>date</c> and <c>market_cap</c>).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>True when the file has a <c>date</c> column: each row holds what became known that day.</summary>
    public bool IsDated { get; }

    /// <summary>True when the file has a <c>market_cap</c> column, which replaces the security master's.</summary>
    public bool HasMarketCap => _marketCap is not null;

    /// <summary>The distinct row dates, ascending (empty when undated).</summary>
    public IReadOnlyList<DateOnly> DistinctDates { get; }

    public int SecurityCount => _rowStart.Length - 1;
    public int RowCount => _rowStart[^1];

    /// <summary>An undated table: <paramref name="values"/> is securities × names, row i is security i.</summary>
    /// <exception cref="ArgumentException">The arrays do not match the counts.</exception>
    public static MetricTable Undated(int securityCount, IReadOnlyList<string> names, double[] values, double[]? marketCap = null)
    {
        if (values.Length != securityCount * names.Count)
            throw new ArgumentException("Metric array must be securities × metrics.", nameof(values));
        if (marketCap is not null && marketCap.Length != securityCount)
            throw new ArgumentException("Market caps must be one per security.", nameof(marketCap));
        var rowStart = new int[securityCount + 1];
        for (int i = 0; i <= securityCount; i++) rowStart[i] = i;
        return new MetricTable(names, rowStart, [], values, marketCap, dated: false);
    }

    /// <summary>
    /// A dated table from rows in any order: <paramref name="security"/>, <paramref name="date"/> and
    /// <paramref name="marketCap"/> per row, <paramref name="values"/> rows × names. Rows are regrouped by
    /// security and date; the caller has checked that (date, security) is unique.
    /// </summary>
    /// <exception cref="ArgumentException">The arrays do not match, or a (date, security) pair repeats.</exception>
    public static MetricTable Dated(
        int securityCount, IReadOnlyList<string> names, int[] security, DateOnly[] date, double[] values, double[]? marketCap)
    {
        int rows = security.Length, m = names.Count;
        if (date.Length != rows || values.Length != rows * m || (marketCap is not null && marketCap.Length != rows))
            throw new ArgumentException("Row arrays must have one entry per row.");
        var order = Enumerable.Range(0, rows).ToArray();
        Array.Sort(order, (a, b) => security[a] != security[b] ? security[a].CompareTo(security[b]) : date[a].CompareTo(date[b]));

        var rowStart = new int[securityCount + 1];
        var sortedDate = new DateOnly[rows];
        var sortedValues = new double[rows * m];
        var sortedCap = marketCap is null ? null : new double[rows];
        for (int r = 0; r < rows; r++)
        {
            int source = order[r];
            if (r > 0 && security[order[r - 1]] == security[source] && date[order[r - 1]] == date[source])
                throw new ArgumentException("(date, security) must be unique.");
            rowStart[security[source] + 1]++;
            sortedDate[r] = date[source];
            values.AsSpan(source * m, m).CopyTo(sortedValues.AsSpan(r * m, m));
            if (sortedCap is not null) sortedCap[r] = marketCap![source];
        }
        for (int i = 0; i < securityCount; i++) rowStart[i + 1] += rowStart[i];
        return new MetricTable(names, rowStart, sortedDate, sortedValues, sortedCap, dated: true);
    }

    /// <summary>
    /// The row security <paramref name="security"/> uses at <paramref name="date"/>: undated, its one row;
    /// dated, its latest row dated on or before <paramref name="date"/>, or -1 if it has none. The age limit
    /// is the caller's rule (<see cref="RowDate"/>).
    /// </summary>
    public int LatestRow(int security, DateOnly date)
    {
        if (!IsDated) return security;
        int lo = _rowStart[security], hi = _rowStart[security + 1] - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_rowDate[mid] <= date) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found;
    }

    /// <summary>The row indices of one security, ascending by date (its one row when undated).</summary>
    public IEnumerable<int> RowsOf(int security)
    {
        for (int row = _rowStart[security]; row < _rowStart[security + 1]; row++) yield return row;
    }

    /// <summary>The date a row became known; null for an undated table.</summary>
    public DateOnly? RowDate(int row) => IsDated ? _rowDate[row] : null;

    public double Value(int row, int metric) => _values[row * Names.Count + metric];

    /// <summary>The row's market cap (NaN when empty or when the file has no market_cap column).</summary>
    public double MarketCap(int row) => _marketCap is null ? double.NaN : _marketCap[row];
}
