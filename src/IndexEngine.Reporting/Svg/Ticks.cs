namespace IndexEngine.Reporting.Svg;

/// <summary>Round tick values for chart axes.</summary>
internal static class Ticks
{
    /// <summary>A step of 1, 2, 2.5 or 5 times a power of ten giving about <paramref name="target"/> intervals.</summary>
    public static double NiceStep(double range, int target = 5)
    {
        if (!(range > 0)) return 1;
        double raw = range / target;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (double m in new[] { 1, 2, 2.5, 5, 10 })
            if (raw <= m * magnitude * 1.0000001) return m * magnitude;
        return 10 * magnitude;
    }

    /// <summary>Linear ticks: the domain widened to whole steps, and the ticks in it.</summary>
    public static (double Min, double Max, double[] Ticks, double Step) Linear(double min, double max, int target = 5)
    {
        if (min == max) { min -= Math.Abs(min) * 0.1 + 1e-9; max += Math.Abs(max) * 0.1 + 1e-9; }
        double step = NiceStep(max - min, target);
        double lo = Math.Floor(min / step + 1e-9) * step, hi = Math.Ceiling(max / step - 1e-9) * step;
        var ticks = new List<double>();
        for (int k = 0; lo + k * step <= hi + step * 1e-9; k++) ticks.Add(Math.Round((lo + k * step) / step) * step);
        return (lo, hi, ticks.ToArray(), step);
    }

    /// <summary>Log-axis ticks: the coarsest mantissa set (1; 1-2-5; ...) giving at least four ticks in range,
    /// or linear ticks when the range is too narrow for any.</summary>
    public static double[] Log(double min, double max)
    {
        double[][] sets =
        [
            [1], [1, 2, 5], [1, 2, 3, 5], [1, 1.5, 2, 3, 4, 5, 6, 8],
            [1, 1.2, 1.4, 1.6, 1.8, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9],
        ];
        foreach (var set in sets)
        {
            var ticks = new List<double>();
            for (int e = (int)Math.Floor(Math.Log10(min)) - 1; e <= (int)Math.Ceiling(Math.Log10(max)); e++)
                foreach (double m in set)
                {
                    double v = m * Math.Pow(10, e);
                    if (v >= min && v <= max) ticks.Add(v);
                }
            if (ticks.Count >= 4) return ticks.ToArray();
        }
        return Linear(min, max).Ticks.Where(t => t >= min && t <= max).ToArray();
    }

    /// <summary>Date ticks: 1 January every 1, 2, 5 or 10 years, or the first of every 1, 3 or 6 months for
    /// short spans; at most about <paramref name="maxTicks"/>.</summary>
    public static (DateOnly Date, string Label)[] Dates(DateOnly min, DateOnly max, int maxTicks = 12)
    {
        double years = (max.DayNumber - min.DayNumber) / 365.25;
        var result = new List<(DateOnly, string)>();
        if (years >= 2)
        {
            // 1, 2, 5 times a power of ten: a span of thousands of years (a date in 9999) still gets ticks.
            int step = 1;
            for (int k = 0; years / step > maxTicks; k++) step = new[] { 1, 2, 5 }[(k + 1) % 3] * (int)Math.Pow(10, (k + 1) / 3);
            for (int y = (min.Year + step - 1) / step * step; y <= max.Year; y += step)
            {
                var d = new DateOnly(y, 1, 1);
                if (d >= min && d <= max) result.Add((d, y.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            return result.ToArray();
        }
        int months = new[] { 1, 3, 6, 12 }.First(s => years * 12 / s <= maxTicks);
        for (var d = new DateOnly(min.Year, 1, 1); d <= max; d = d.AddMonths(months))
        {
            if (d >= min) result.Add((d, d.ToString("MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)));
            if (d.Year == DateOnly.MaxValue.Year && d.Month + months > 12) break; // no month after December 9999
        }
        return result.ToArray();
    }
}
