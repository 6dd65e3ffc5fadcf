using System.Globalization;
using System.Text;
using IndexEngine.Data.Csv;
using NUnit.Framework;

namespace IndexEngine.Tests.Data;

/// <summary>
/// The number parser of the CSV fields: whatever path a text takes (the fast path for plain decimals or the
/// general parser), the value must be bit for bit what <c>double.Parse</c> gives, and the same texts rejected.
/// </summary>
[TestFixture]
public sealed class Utf8ValuesTests
{
    private const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>What the parser must do with <paramref name="text"/>: double.Parse's finite value (-0 as 0), or reject.</summary>
    private static void ParsesLikeDoubleParse(string text)
    {
        bool expectedOk = double.TryParse(text, Styles, CultureInfo.InvariantCulture, out var expected) && double.IsFinite(expected);
        bool ok = Utf8Values.TryParseFinite(Encoding.UTF8.GetBytes(text), out var value);
        Assert.That(ok, Is.EqualTo(expectedOk), $"'{text}' accepted");
        if (!ok) return;
        if (expected == 0) expected = 0;
        Assert.That(BitConverter.DoubleToInt64Bits(value), Is.EqualTo(BitConverter.DoubleToInt64Bits(expected)),
            $"'{text}': {value:R} but double.Parse gives {expected:R}");
    }

    [TestCase("74.1226", 74.1226)]
    [TestCase("997657", 997657.0)]
    [TestCase("-1.5", -1.5)]
    [TestCase("+2.25", 2.25)]
    [TestCase("5.", 5.0)]
    [TestCase(".5", 0.5)]
    [TestCase("0.1", 0.1)]
    [TestCase("-0", 0.0)]
    [TestCase("-0.0", 0.0)]
    [TestCase("000123.4500", 123.45)]
    [TestCase("1e5", 100000.0)]
    [TestCase("1.5E-3", 0.0015)]
    public void Parses_plain_decimals_and_exponents(string text, double expected)
    {
        Assert.That(Utf8Values.TryParseFinite(Encoding.UTF8.GetBytes(text), out var value), Is.True);
        Assert.That(value, Is.EqualTo(expected));
        Assert.That(double.IsNegative(value), Is.EqualTo(expected < 0), "-0 reads as 0");
        ParsesLikeDoubleParse(text);
    }

    [TestCase("")]
    [TestCase("-")]
    [TestCase("+")]
    [TestCase(".")]
    [TestCase("-.")]
    [TestCase("1.2.3")]
    [TestCase("1..2")]
    [TestCase("12a")]
    [TestCase("a12")]
    [TestCase("1,5")]
    [TestCase(" 1")]
    [TestCase("1 ")]
    [TestCase("--1")]
    [TestCase("1-")]
    [TestCase("NaN")]
    [TestCase("Infinity")]
    [TestCase("1e999")]
    [TestCase("0x10")]
    public void Rejects_what_is_not_a_finite_decimal(string text)
    {
        Assert.That(Utf8Values.TryParseFinite(Encoding.UTF8.GetBytes(text), out _), Is.False);
        ParsesLikeDoubleParse(text);
    }

    // Around the fast path's limits: 2^53 (9007199254740992) and one more, 19 and 20 digits (a mantissa that wraps
    // 64 bits), 22 and more fraction digits, and numbers whose division by a power of ten would round twice.
    [TestCase("9007199254740992")]
    [TestCase("9007199254740993")]
    [TestCase("900719925474099.3")]
    [TestCase("0.9007199254740993")]
    [TestCase("1234567890123456789")]
    [TestCase("12345678901234567890")]
    [TestCase("18446744073709551616")]
    [TestCase("18446744073709551617.5")]
    [TestCase("99999999999999999999999")]
    [TestCase("0.0000000000000000000001")]
    [TestCase("0.00000000000000000000001")]
    [TestCase("1.0000000000000000000000001")]
    [TestCase("0.30000000000000004")]
    [TestCase("123456.78901234567")]
    [TestCase("2.2250738585072011e-308")]
    [TestCase("1.7976931348623157e308")]
    public void Long_and_odd_numbers_parse_bit_for_bit_like_double_Parse(string text) => ParsesLikeDoubleParse(text);

    [Test]
    public void Random_decimals_parse_bit_for_bit_like_double_Parse()
    {
        var random = new Random(20171110);
        const string alphabet = "0123456789";
        var text = new StringBuilder();
        for (int n = 0; n < 200_000; n++)
        {
            text.Clear();
            if (random.Next(8) == 0) text.Append(random.Next(2) == 0 ? '-' : '+');
            int integerDigits = random.Next(0, 21), fractionDigits = random.Next(0, 21);
            for (int k = 0; k < integerDigits; k++) text.Append(alphabet[random.Next(10)]);
            if (fractionDigits > 0 || random.Next(4) == 0) text.Append('.');
            for (int k = 0; k < fractionDigits; k++) text.Append(alphabet[random.Next(10)]);
            if (random.Next(50) == 0) text.Insert(random.Next(text.Length + 1), "0123456789.-+eE x"[random.Next(17)]);
            ParsesLikeDoubleParse(text.ToString());
        }
    }
}
