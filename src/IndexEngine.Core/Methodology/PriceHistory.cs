using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology;

/// <summary>
/// METHODOLOGY §2: the universe's prices seen from screening date S. Only data dated on or before S
/// is reachable through this view, so no later rule can look ahead by accident.
/// </summary>
public sealed class PriceHistory
{
    public PriceHistory(Universe universe, int screeningIndex, TechnicalConfig technical)
    {
        if (screeningIndex < 0 || screeningIndex >= universe.DateCount)
            throw new ArgumentOutOfRangeException(nameof(screeningIndex));
        Universe = universe;
        ScreeningIndex = screeningIndex;
        Technical = technical;
    }

    public Universe Universe { get; }
    public TechnicalConfig Technical { get; }

    /// <summary>Index of S in the trading calendar.</summary>
    public int ScreeningIndex { get; }
    public DateOnly ScreeningDate => Universe.Dates[ScreeningIndex];

    /// <summary>
    /// close(i, k): the close k trading days before S, or if that day has none, the latest close within
    /// the previous <c>technical.close_fallback_days</c> trading days; NaN otherwise (or before the calendar).
    /// </summary>
    public double Close(int security, int k) => CloseAt(Universe.Closes(security), ScreeningIndex - k);

    private double CloseAt(ReadOnlySpan<double> closes, int t)
    {
        if (t < 0) return double.NaN;
        int oldest = Math.Max(0, t - Technical.CloseFallbackDays);
        for (int u = t; u >= oldest; u--)
            if (!double.IsNaN(closes[u])) return closes[u];
        return double.NaN;
    }

    /// <summary>
    /// Daily returns r(i,t) over the window W of <c>technical.window</c> days ending at S, oldest first:
    /// (close(t) + dividend(t)) / close(t-1) - 1, with closes as in <see cref="Close"/>; NaN where either
    /// close is missing. A dividend counts only on a day with an actual price row.
    /// </summary>
    public void WindowReturns(int security, Span<double> returns)
    {
        int window = Technical.Window;
        if (returns.Length != window) throw new ArgumentException("returns must have window length", nameof(returns));
        var closes = Universe.Closes(security);
        var dividends = Universe.HasDividends ? Universe.Dividends(security) : default;
        int first = ScreeningIndex - window + 1;
        double previous = CloseAt(closes, first - 1);
        for (int n = 0; n < window; n++)
        {
            int t = first + n;
            double current = CloseAt(closes, t);
            if (double.IsNaN(current) || double.IsNaN(previous))
                returns[n] = double.NaN;
            else
            {
                double dividend = t >= 0 && !dividends.IsEmpty && !double.IsNaN(closes[t]) ? dividends[t] : 0.0;
                returns[n] = (current + dividend) / previous - 1.0;
            }
            previous = current;
        }
    }
}
