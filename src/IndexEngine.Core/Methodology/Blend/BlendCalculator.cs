using System.Globalization;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology.Blend;

/// <summary>
/// The daily levels of a blend between two dates (docs/blend.md): start at the base value with every
/// sleeve at target on the first blend date in the window, then each following blend date advance one day
/// and, at the close, rebalance to targets on a scheduled date or when an exposure is outside the drift band.
/// </summary>
public static class BlendCalculator
{
    /// <exception cref="InputException">Fewer than two blend dates in the window, or the NAV falls to zero or below.</exception>
    public static BlendResult Run(BlendDefinition blend, DateOnly from, DateOnly to)
    {
        var inputs = blend.Sleeves.Select(s => s.Series).ToList();
        if (blend.Financing.Series is { } financingSeries) inputs.Add(financingSeries);
        var calendar = BlendCalendar.Common(inputs);
        var scheduled = BlendCalendar.ScheduledDates(calendar, blend.Schedule);
        int first = Array.FindIndex(calendar, d => d >= from);
        int last = Array.FindLastIndex(calendar, d => d <= to);
        if (first < 0 || last - first < 1)
        {
            string common = calendar.Length == 0 ? "the series have no date in common"
                : Invariant($"they have {calendar[0]:yyyy-MM-dd}..{calendar[^1]:yyyy-MM-dd} in common");
            string financing = blend.Financing.Series is null ? "" : " and the financing series";
            throw new InputException(Invariant(
                $"the blend '{blend.Name}' has {(first < 0 ? 0 : Math.Max(0, last - first + 1))} date(s) in {from:yyyy-MM-dd}..{to:yyyy-MM-dd} on which every sleeve{financing} has a close; at least 2 are needed ({common})"));
        }

        var closes = inputs.Select(Lookup).ToArray();
        int n = blend.Sleeves.Count;
        var targets = blend.Sleeves.Select(s => s.Target).ToArray();
        double Close(int k, int t) => closes[k][calendar[t]];

        var dates = new List<DateOnly> { calendar[first] };
        var state = BlendDay.AtTargets(blend, blend.BaseValue);
        var levels = new List<double> { state.Nav };
        var exposures = new List<IReadOnlyList<double>> { state.Exposures() };
        var cash = new List<double> { state.CashExposure };
        var rebalances = new List<BlendRebalance>();
        var returns = new double[n];
        for (int t = first + 1; t <= last; t++)
        {
            for (int i = 0; i < n; i++) returns[i] = Close(i, t) / Close(i, t - 1) - 1;
            int days = calendar[t].DayNumber - calendar[t - 1].DayNumber;
            // inputs[n], after the sleeves, is the financing series when there is one.
            double rf = blend.Financing.Rate is { } rate
                ? BlendDay.RateFinancingReturn(rate, days)
                : BlendDay.SeriesFinancingReturn(Close(n, t - 1), Close(n, t));
            state = BlendDay.Advance(blend, state, returns, rf, days);
            if (!(state.Nav > 0) || !double.IsFinite(state.Nav))
                throw new InputException(Invariant($"the blend '{blend.Name}' has a NAV of {state.Nav:R} on {calendar[t]:yyyy-MM-dd}: its leverage lost everything"));

            var before = state.Exposures();
            if (BlendDay.Rebalance(scheduled[t], before, targets, blend.DriftBand) is { } reason)
            {
                double cashBefore = state.CashExposure;
                state = BlendDay.AtTargets(blend, state.Nav);
                rebalances.Add(new BlendRebalance(calendar[t], reason, before, cashBefore, state.Exposures(), state.CashExposure));
            }
            dates.Add(calendar[t]);
            levels.Add(state.Nav);
            exposures.Add(state.Exposures());
            cash.Add(state.CashExposure);
        }
        return new BlendResult(blend, new LevelSeries(dates, levels), exposures, cash, rebalances);
    }

    private static Dictionary<DateOnly, double> Lookup(LevelSeries series)
    {
        var map = new Dictionary<DateOnly, double>(series.Count);
        for (int k = 0; k < series.Count; k++) map[series.Dates[k]] = series.Values[k];
        return map;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
