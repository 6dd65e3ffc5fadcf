using System.Globalization;
using System.Runtime.CompilerServices;

namespace IndexEngine.Data.Csv;

/// <summary>Parses numbers and ISO dates straight from UTF-8 field bytes (no string per field).</summary>
internal static class Utf8Values
{
    private const ulong MaxExactMantissa = 1UL << 53;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// Parses a finite decimal number: optional sign, digits, optional fraction and exponent; no
    /// whitespace, thousands separators, NaN or infinities (1e999 overflows to infinity and is rejected).
    /// Negative zero becomes 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseFinite(ReadOnlySpan<byte> s, out double value)
    {
        if (!TryParseSimpleDecimal(s, out value)
            && !double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out value))
            return false;
        if (!double.IsFinite(value)) return false;
        if (value == 0) value = 0; // -0 reads as 0
        return true;
    }

    /// <summary>
    /// Fast path for the plain decimals that make up almost all of a price file ("123.4567"): when the
    /// digits fit in 53 bits and there are at most 22 fraction digits, mantissa / 10^k is a division of
    /// two exact doubles and so is correctly rounded, the same result as double.Parse.
    /// Anything else returns false and goes to the general parser.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryParseSimpleDecimal(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (s.Length > 0 && (s[0] == (byte)'-' || s[0] == (byte)'+'))
        {
            negative = s[0] == (byte)'-';
            i = 1;
        }
        // Digits, then optionally '.' and digits: two tight loops, the count of digits checked once at the end
        // (more than 19 may wrap the mantissa, but then the general parser is used anyway).
        int start = i;
        ulong mantissa = 0;
        uint d;
        while (i < s.Length && (d = (uint)(s[i] - (byte)'0')) <= 9)
        {
            mantissa = mantissa * 10 + d;
            i++;
        }
        int digits = i - start, fractionDigits = 0;
        if (i < s.Length)
        {
            if (s[i] != (byte)'.') return false;
            int fraction = ++i;
            while (i < s.Length && (d = (uint)(s[i] - (byte)'0')) <= 9)
            {
                mantissa = mantissa * 10 + d;
                i++;
            }
            if (i < s.Length) return false;
            fractionDigits = i - fraction;
            digits += fractionDigits;
        }
        if (digits == 0 || digits > 19 || mantissa > MaxExactMantissa || fractionDigits >= PowersOfTen.Length) return false;
        value = (long)mantissa / PowersOfTen[fractionDigits]; // exact either way (at most 2^53); long converts in one instruction
        if (negative) value = -value;
        return true;
    }

    /// <summary>Parses exactly <c>yyyy-MM-dd</c> with a real calendar date (2017-02-30 fails).</summary>
    public static bool TryParseIsoDate(ReadOnlySpan<byte> s, out DateOnly date)
    {
        date = default;
        if (s.Length != 10 || s[4] != (byte)'-' || s[7] != (byte)'-') return false;
        if (!TryDigits(s[..4], out int year) || !TryDigits(s.Slice(5, 2), out int month) || !TryDigits(s.Slice(8, 2), out int day))
            return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        foreach (var b in s)
        {
            uint d = (uint)(b - (byte)'0');
            if (d > 9) return false;
            value = value * 10 + (int)d;
        }
        return true;
    }
}
