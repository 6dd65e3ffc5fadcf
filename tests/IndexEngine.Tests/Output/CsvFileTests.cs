using System.Globalization;
using System.Text;
using CsvHelper;
using IndexEngine.Data.Output;
using NUnit.Framework;

namespace IndexEngine.Tests.Output;

/// <summary>
/// <see cref="CsvFile"/> writes the bytes CsvHelper 34 wrote with the options the output files used before it
/// (issue 10): the reference writer below is exactly that configuration.
/// </summary>
public class CsvFileTests
{
    private static readonly string[] Hostile =
    [
        "plain", "", "a,b", ",", ",,", "say \"hi\"", "\"", "\"\"", "\"quoted\"", "line\nbreak", "cr\ronly", "crlf\r\nend", "\n", "\r",
        " leading", "trailing ", "  both  ", "\ttab", "tab\t", " ", "=1+2", "+1", "-5", "@sum", "#comment", "'apostrophe",
        "Café Société", "Zürich AG, \"Holding\"", "中文公司", "emoji 📈 up", "📈", "\u00A0nbsp", "zero\u200Bwidth", "nul\0char",
        "lone \uD83D high", "lone \uDCC8 low", "ends high \uD83D", "\uDCC8starts low", "high\uD83D\"quote", "mixed, \"all\"\r\n of 'em' 📈",
        "back\\slash", "semi;colon", "pipe|bar",
    ];

    [Test]
    public void Text_fields_are_quoted_and_encoded_as_CsvHelper_did()
    {
        // Every hostile field in every position of a record, so the separators around a quoted field are covered too.
        var rows = new List<string[]>();
        foreach (var field in Hostile)
        {
            rows.Add([field, "x", "y"]);
            rows.Add(["x", field, "y"]);
            rows.Add(["x", "y", field]);
        }
        AssertSameBytes(rows, (file, field) => file.Text(field));
    }

    [Test]
    public void Null_is_an_empty_field_as_in_CsvHelper()
    {
        Assert.That(Write(file => { file.Text((string?)null); file.Text("a"); file.EndRow(); }), Is.EqualTo(Encoding.UTF8.GetBytes(",a\n")));
    }

    [Test]
    public void A_record_of_one_empty_field_is_two_quotes()
    {
        string[][] rows = [[""], ["a"], [""], ["\"\""]];
        AssertSameBytes(rows, (file, field) => file.Text(field));
        Assert.That(Write(file => { file.Number(double.NaN); file.EndRow(); file.Empty(); file.EndRow(); }), Is.EqualTo(Encoding.UTF8.GetBytes("\"\"\n\"\"\n")));
    }

    [Test]
    public void Long_fields_and_many_records_cross_the_buffer_as_CsvHelper_did()
    {
        var random = new Random(7);
        var rows = new List<string[]>();
        rows.Add([new string('x', 200_000), "short"]);
        rows.Add([string.Concat(Enumerable.Repeat("\"q\", 📈 ", 30_000)), ""]);
        for (int r = 0; r < 20_000; r++)
            rows.Add([Hostile[random.Next(Hostile.Length)], Hostile[random.Next(Hostile.Length)]]);
        AssertSameBytes(rows, (file, field) => file.Text(field));
    }

    [Test]
    public void Numbers_are_the_round_trip_text_CsvHelper_was_given()
    {
        var random = new Random(11);
        var values = new List<double>
        {
            0.0, -0.0, 1, -1, 0.1, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 1e-7, 1e-5, 123456789012345680, 1e21, 1e22, 1e300, -1e-300,
            double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, double.PositiveInfinity, double.NegativeInfinity,
            double.NaN, 0.8125, 15888000000, 61.3209,
        };
        for (int k = 0; k < 20_000; k++)
        {
            values.Add(BitConverter.Int64BitsToDouble(random.NextInt64()));  // any bit pattern (NaNs included)
            values.Add(Math.Round(random.NextDouble() * 1000, random.Next(0, 8)));
            values.Add(random.Next(1, 801) / 800.0);                          // percentile ranks
        }
        var rows = values.Chunk(5).Where(c => c.Length == 5).ToArray();
        var expected = WithCsvHelper(rows.Select(r => r.Select(Csv.Number).ToArray()));
        var actual = Write(file =>
        {
            foreach (var row in rows)
            {
                foreach (var v in row) file.Number(v);
                file.EndRow();
            }
        });
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void Integers_and_dates_are_the_text_CsvHelper_was_given()
    {
        int[] ints = [0, 1, -1, 42, 800, int.MaxValue, int.MinValue];
        DateOnly[] dates = [DateOnly.MinValue, new(1996, 1, 2), new(2017, 11, 10), new(2024, 2, 29), DateOnly.MaxValue];
        var expected = WithCsvHelper([ints.Select(Csv.Number).ToArray(), [.. dates.Select(Csv.Date), "", ""]]);
        var actual = Write(file =>
        {
            foreach (var i in ints) file.Number(i);
            file.EndRow();
            foreach (var d in dates) file.Date(d);
            file.Empty();
            file.Empty();
            file.EndRow();
        });
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void Booleans_are_the_words_the_files_used()
    {
        var expected = WithCsvHelper([["true", "false", "x"], ["false", "x", "true"]]);
        var actual = Write(file =>
        {
            file.Boolean(true);
            file.Boolean(false);
            file.Text("x");
            file.EndRow();
            file.Boolean(false);
            file.Text("x");
            file.Boolean(true);
            file.EndRow();
        });
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void A_record_with_another_field_count_is_a_bug_as_in_CsvHelper()
    {
        Assert.Throws<InvalidOperationException>(() => WithCsvHelper([["a", "b"], ["c"]]));
        Assert.Throws<InvalidOperationException>(() => Write(file =>
        {
            Csv.WriteRow(file, ["a", "b"]);
            Csv.WriteRow(file, ["c"]);
        }));
    }

    [Test]
    public void Create_never_replaces_a_file_and_writes_on_dispose()
    {
        var dir = Directory.CreateTempSubdirectory("csvfile-");
        try
        {
            var path = Path.Combine(dir.FullName, "x.csv");
            using (var file = Csv.Create(path)) Csv.WriteRow(file, ["a", "b,c"]);
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(Encoding.UTF8.GetBytes("a,\"b,c\"\n")));
            Assert.Throws<IOException>(() => Csv.Create(path).Dispose());
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(Encoding.UTF8.GetBytes("a,\"b,c\"\n")), "the existing file is unchanged");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void AssertSameBytes(IEnumerable<string[]> rows, Action<CsvFile, string> write)
    {
        var expected = WithCsvHelper(rows);
        var actual = Write(file =>
        {
            foreach (var row in rows)
            {
                foreach (var field in row) write(file, field);
                file.EndRow();
            }
        });
        Assert.That(Encoding.UTF8.GetString(actual), Is.EqualTo(Encoding.UTF8.GetString(expected)));
        Assert.That(actual, Is.EqualTo(expected));
    }

    private static byte[] Write(Action<CsvFile> write)
    {
        var stream = new MemoryStream();
        using (var file = new CsvFile(stream)) write(file);
        return stream.ToArray();
    }

    /// <summary>The writer the output files used before <see cref="CsvFile"/>: Csv.Create's CsvHelper configuration.</summary>
    private static byte[] WithCsvHelper(IEnumerable<string[]> rows)
    {
        var stream = new MemoryStream();
        var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        using (var csv = CsvWriter.Create(writer, new CsvWriterOptions { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: false))
        {
            foreach (var row in rows)
            {
                foreach (var field in row) csv.WriteField(field);
                csv.EndRecord();
            }
            csv.Flush();
        }
        return stream.ToArray();
    }
}
