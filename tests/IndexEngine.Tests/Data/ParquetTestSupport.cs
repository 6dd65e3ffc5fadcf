using IndexEngine.Core.Model;
using NUnit.Framework;
using ParquetSharp;

namespace IndexEngine.Tests.Data;

/// <summary>Writes Parquet files column by column for tests, including ones the engine would never write.</summary>
internal static class ParquetTestFile
{
    /// <summary>One column: its name and its values (string?[], double[], double?[], Date[], Date?[], int[] or long[]).</summary>
    public sealed record Col(string Name, Array Values);

    public static string Write(string path, params Col[] columns)
    {
        var schema = columns.Select(c => c.Values switch
        {
            string?[] => (Column)new Column<string>(c.Name),
            double?[] => new Column<double?>(c.Name),
            double[] => new Column<double>(c.Name),
            Date?[] => new Column<Date?>(c.Name),
            Date[] => new Column<Date>(c.Name),
            int[] => new Column<int>(c.Name),
            long[] => new Column<long>(c.Name),
            _ => throw new ArgumentException($"unsupported test column type {c.Values.GetType()}"),
        }).ToArray();
        using (var file = new ParquetFileWriter(path, schema))
        {
            using (var group = file.AppendRowGroup())
                foreach (var c in columns)
                {
                    var column = group.NextColumn();
                    switch (c.Values)
                    {
                        case string?[] v: { using var w = column.LogicalWriter<string?>(); w.WriteBatch(v); break; }
                        case double?[] v: { using var w = column.LogicalWriter<double?>(); w.WriteBatch(v); break; }
                        case double[] v: { using var w = column.LogicalWriter<double>(); w.WriteBatch(v); break; }
                        case Date?[] v: { using var w = column.LogicalWriter<Date?>(); w.WriteBatch(v); break; }
                        case Date[] v: { using var w = column.LogicalWriter<Date>(); w.WriteBatch(v); break; }
                        case int[] v: { using var w = column.LogicalWriter<int>(); w.WriteBatch(v); break; }
                        case long[] v: { using var w = column.LogicalWriter<long>(); w.WriteBatch(v); break; }
                    }
                    column.Dispose();
                }
            file.Close();
        }
        return path;
    }

    /// <summary>Writes the next column of a row group.</summary>
    public static void WriteColumn<T>(RowGroupWriter group, T[] values)
    {
        using var column = group.NextColumn();
        using var writer = column.LogicalWriter<T>();
        writer.WriteBatch(values);
    }

    public static Date D(string iso) => new(DateTime.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary><see cref="SmallUniverse"/> as Parquet, with any table replaced by the given columns.</summary>
    public static string SmallUniverse(TempFolder folder, Col[]? securities = null, Col[]? metrics = null, Col[]? prices = null)
    {
        Write(folder.File("securities.parquet"), securities ?? SmallSecurities());
        Write(folder.File("metrics.parquet"), metrics ??
        [
            new("id", new string?[] { "A", "B", "C" }),
            new("earnings_yield", new double?[] { 0.05, 0.04, -0.01 }),
            new("roe", new double?[] { 0.1, null, 0.2 }),
        ]);
        Write(folder.File("prices.parquet"), prices ?? SmallPrices());
        return folder.Path;
    }

    public static Col[] SmallSecurities() =>
    [
        new("id", new string?[] { "A", "B", "C" }),
        new("name", new string?[] { "Alpha Inc", "Beta Corp", "Gamma Co" }),
        new("sector", new string?[] { "Information Technology", "Financials", "Energy" }),
        new("country", new string?[] { "US", "US", "US" }),
        new("security_type", new string?[] { "common", "common", "reit" }),
        new("market_cap", new double?[] { 1e9, 2e9, 3e9 }),
    ];

    public static Col[] SmallPrices(Array? date = null, Array? id = null, Array? close = null) =>
    [
        new("date", date ?? new[] { D("2017-01-03"), D("2017-01-03"), D("2017-01-03"), D("2017-01-04"), D("2017-01-04"), D("2017-01-05"), D("2017-01-05") }),
        new("id", id ?? new string?[] { "A", "B", "C", "A", "B", "A", "C" }),
        new("close", close ?? new[] { 10.5, 20, 30, 10.6, 20.2, 10.7, 29 }),
        new("volume", new double?[] { 1000, 2000, 3000, 1100, null, 1200, 3100 }),
    ];
}

internal static class UniverseAssert
{
    /// <summary>Asserts that two universes hold the same securities, calendar and values, bit for bit (NaN
    /// payloads and signed zeros included), and the same source roles.</summary>
    public static void BitIdentical(Universe actual, Universe expected)
    {
        Assert.That(actual.Securities, Is.EqualTo(expected.Securities).Using<Security>(SameSecurity));
        Assert.That(actual.Dates, Is.EqualTo(expected.Dates));
        Assert.That(actual.HasDividends, Is.EqualTo(expected.HasDividends));
        for (int i = 0; i < expected.SecurityCount; i++)
        {
            Bits(actual.Closes(i), expected.Closes(i), $"closes of {expected.Securities[i].Id}");
            Bits(actual.Volumes(i), expected.Volumes(i), $"volumes of {expected.Securities[i].Id}");
            Bits(actual.Dividends(i), expected.Dividends(i), $"dividends of {expected.Securities[i].Id}");
        }
        var a = actual.Metrics;
        var e = expected.Metrics;
        Assert.That(a.IsDated, Is.EqualTo(e.IsDated));
        Assert.That(a.HasMarketCap, Is.EqualTo(e.HasMarketCap));
        Assert.That(a.Names, Is.EqualTo(e.Names));
        Assert.That(a.RowCount, Is.EqualTo(e.RowCount));
        for (int i = 0; i < expected.SecurityCount; i++)
            Assert.That(a.RowsOf(i), Is.EqualTo(e.RowsOf(i)), $"metric rows of {expected.Securities[i].Id}");
        for (int row = 0; row < e.RowCount; row++)
        {
            Assert.That(a.RowDate(row), Is.EqualTo(e.RowDate(row)));
            Assert.That(BitConverter.DoubleToInt64Bits(a.MarketCap(row)), Is.EqualTo(BitConverter.DoubleToInt64Bits(e.MarketCap(row))), $"market cap of metric row {row}");
            for (int j = 0; j < e.Names.Count; j++)
                Assert.That(BitConverter.DoubleToInt64Bits(a.Value(row, j)), Is.EqualTo(BitConverter.DoubleToInt64Bits(e.Value(row, j))), $"metric {e.Names[j]} of row {row}");
        }
        Assert.That(actual.Sources.Select(s => s.Role), Is.EqualTo(expected.Sources.Select(s => s.Role)));
    }

    private static bool SameSecurity(Security x, Security y) =>
        x.Id == y.Id && x.Name == y.Name && x.Sector == y.Sector && x.Country == y.Country && x.SecurityType == y.SecurityType &&
        x.Industry == y.Industry && BitConverter.DoubleToInt64Bits(x.MarketCap) == BitConverter.DoubleToInt64Bits(y.MarketCap);

    private static void Bits(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, string what)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), what);
        for (int t = 0; t < expected.Length; t++)
            if (BitConverter.DoubleToInt64Bits(actual[t]) != BitConverter.DoubleToInt64Bits(expected[t]))
                Assert.Fail($"{what} differ at date {t}: {actual[t]:R} vs {expected[t]:R}");
    }
}
