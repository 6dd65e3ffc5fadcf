using System.Globalization;
using IndexEngine.Core.Model;

namespace IndexEngine.Cli.Commands;

/// <summary>Parses and formats the yyyy-MM-dd dates of command-line options.</summary>
internal static class CliDates
{
    public static DateOnly? Parse(string? text, string option)
    {
        if (text is null) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        throw new InputException($"option {option}: expected a date yyyy-MM-dd, got '{text}'");
    }

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
