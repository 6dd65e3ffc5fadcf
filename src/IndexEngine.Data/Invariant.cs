using System.Globalization;

namespace IndexEngine.Data;

/// <summary>Culture-independent text for numbers and dates in files and messages.</summary>
internal static class Invariant
{
    private const string DateFormat = "yyyy-MM-dd";

    /// <summary>Round trip: the shortest text that parses back to the same double.</summary>
    private const string NumberFormat = "R";

    public static string Date(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>Round-trip form, as every number the engine writes.</summary>
    public static string Number(double value) => value.ToString(NumberFormat, CultureInfo.InvariantCulture);

    /// <summary><see cref="Date"/> as UTF-8 bytes; false when <paramref name="utf8"/> is too short.</summary>
    public static bool TryFormatDate(DateOnly date, Span<byte> utf8, out int written) =>
        date.TryFormat(utf8, out written, DateFormat, CultureInfo.InvariantCulture);

    /// <summary><see cref="Number(double)"/> as UTF-8 bytes; false when <paramref name="utf8"/> is too short.</summary>
    public static bool TryFormatNumber(double value, Span<byte> utf8, out int written) =>
        value.TryFormat(utf8, out written, NumberFormat, CultureInfo.InvariantCulture);
}
