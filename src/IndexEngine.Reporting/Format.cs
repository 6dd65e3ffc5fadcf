using System.Globalization;

namespace IndexEngine.Reporting;

/// <summary>Culture-invariant number formats for people (reports) and machines (round-trip).</summary>
public static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Percent(double value, int decimals = 2) =>
        double.IsNaN(value) ? "n/a" : (value * 100).ToString("F" + decimals, Invariant) + "%";

    /// <summary>A percentage without decimals when it is whole (25%), else with one (12.5%).</summary>
    public static string Share(double value) =>
        Percent(value, Math.Abs(value * 100 - Math.Round(value * 100)) < 1e-9 ? 0 : 1);

    public static string Fixed(double value, int decimals) =>
        double.IsNaN(value) ? "n/a" : value.ToString("F" + decimals, Invariant);

    public static string Integer(int value) => value.ToString(Invariant);

    /// <summary>USD amounts as $1.23T / $456.7B / $12.3M.</summary>
    public static string Money(double value)
    {
        if (double.IsNaN(value)) return "n/a";
        double abs = Math.Abs(value);
        return abs >= 1e12 ? "$" + (value / 1e12).ToString("F2", Invariant) + "T"
            : abs >= 1e9 ? "$" + (value / 1e9).ToString("F1", Invariant) + "B"
            : abs >= 1e6 ? "$" + (value / 1e6).ToString("F1", Invariant) + "M"
            : "$" + value.ToString("F0", Invariant);
    }

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);
}
