using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology;

/// <summary>Daily returns over W for a list of securities, one contiguous row per security, oldest day first.</summary>
public sealed class ReturnMatrix
{
    private readonly double[] _returns;

    /// <exception cref="ConfigException">count × window returns do not fit in one array (a window far longer than any price history).</exception>
    public ReturnMatrix(int count, int window)
    {
        long cells = (long)count * window;
        if (cells > Array.MaxLength)
            throw new ConfigException("technical.window",
                $"{count} securities x a window of {window} days = {cells} returns, more than one array holds ({Array.MaxLength}); use a shorter window");
        Count = count;
        Window = window;
        _returns = new double[count * window];
    }

    public int Count { get; }
    public int Window { get; }
    public Span<double> Row(int row) => _returns.AsSpan(row * Window, Window);

    /// <summary>Returns of every security of the history's universe over W.</summary>
    public static ReturnMatrix ForAll(ScreeningView history)
    {
        var matrix = new ReturnMatrix(history.SecurityCount, history.Technical.Window);
        for (int i = 0; i < matrix.Count; i++) history.WindowReturns(i, matrix.Row(i));
        return matrix;
    }

    /// <summary>Returns over W of the given securities of the history's universe, in that order (the same values as
    /// their rows of <see cref="ForAll"/>).</summary>
    public static ReturnMatrix For(ScreeningView history, IReadOnlyList<int> securities)
    {
        var matrix = new ReturnMatrix(securities.Count, history.Technical.Window);
        for (int u = 0; u < matrix.Count; u++) history.WindowReturns(securities[u], matrix.Row(u));
        return matrix;
    }

    /// <summary>The rows of the given securities, in that order.</summary>
    public ReturnMatrix Subset(IReadOnlyList<int> rows)
    {
        var subset = new ReturnMatrix(rows.Count, Window);
        for (int u = 0; u < rows.Count; u++) Row(rows[u]).CopyTo(subset.Row(u));
        return subset;
    }

    public int CountAvailable(int row)
    {
        int n = 0;
        foreach (var r in Row(row)) if (!double.IsNaN(r)) n++;
        return n;
    }
}
