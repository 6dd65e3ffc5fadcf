using System.Globalization;

namespace IndexEngine.Data;

/// <summary>Culture-independent text for numbers and dates in files and messages.</summary>
internal static class Invariant
{
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Round-trip form, as every number the engine writes.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
