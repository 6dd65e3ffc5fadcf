using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using IndexEngine.Tests.Support;
using NUnit.Framework;

namespace IndexEngine.Tests.Reporting;

/// <summary>
/// The report of a real backtest (the shipped universe, with transaction costs) looked at in headless Chromium: every
/// section the page itself declares (its ids, so sections added later are covered too) is in the rendered DOM with a
/// heading and content, the tear sheet's sections are among them, no chart is empty, and the screenshot is not blank.
/// </summary>
[TestFixture]
public sealed class ReportScreenshotTests
{
    private const string Chromium = "/usr/bin/chromium";

    /// <summary>The sections issue 13 asks the tear sheet for, by id (the heading in lower case, hyphenated).</summary>
    private static readonly string[] RequiredSections =
    [
        "performance-statistics", "growth-of-the-index-and-the-benchmark", "drawdowns", "worst-drawdowns",
        "calendar-year-returns", "monthly-returns", "rolling-one-year-active-return", "rolling-one-year-return-and-risk",
        "factor-information-coefficients", "factor-quintile-portfolios", "transaction-costs", "capacity", "rebalances",
    ];

    [Test]
    public void A_real_backtest_report_shows_every_section_and_no_empty_chart()
    {
        if (!File.Exists(Chromium))
            Assert.Ignore($"{Chromium} is absent: install Debian's chromium (apt-get install -y chromium) to run the browser check.");
        var root = TestPaths.NewTempDirectory();
        var output = Path.Combine(root, "bt");
        var run = Support.Cli.Run("backtest", "--universe", TestPaths.DefaultUniverse, "--from", "2014-01-01", "--to", "2017-11-10", "--out", output,
            "--quiet", "--set", "costs.one_way_bps=10");
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var page = Path.Combine(output, "report.html");
        var source = File.ReadAllText(page);
        var png = Path.Combine(root, "report.png");

        var (_, shotLog) = RunChromium(root, $"--screenshot={png}", "--window-size=1400,12000", "--enable-logging=stderr", "--v=0", new Uri(page).AbsoluteUri);
        Assert.That(File.Exists(png), Is.True, "no screenshot was written:\n" + shotLog);
        Assert.That(shotLog, Does.Not.Contain("Uncaught").And.Not.Contain("CONSOLE("), "the page logged errors");
        var image = Png.Read(png);
        Assert.That((image.Width, image.Height), Is.EqualTo((1400, 12000)));
        Assert.That(image.DistinctColours(), Is.GreaterThan(200), "the screenshot is blank or flat: charts and tables draw many colours");
        Assert.That(image.ShareNotMostCommon(0, 2000), Is.GreaterThan(0.05), "the top of the page is blank");

        var (dom, _) = RunChromium(root, "--dump-dom", new Uri(page).AbsoluteUri);
        var declared = Regex.Matches(source, "<section class=\"card\" id=\"([a-z0-9-]+)\">").Select(m => m.Groups[1].Value).ToArray();
        Assert.That(declared, Is.Unique, "section ids");
        Assert.That(declared, Is.SupersetOf(RequiredSections));
        foreach (var id in declared)
        {
            var section = Regex.Match(dom, $"<section class=\"card\" id=\"{id}\">(.*?)</section>", RegexOptions.Singleline);
            Assert.That(section.Success, Is.True, $"section {id} is not in the rendered page");
            var body = section.Groups[1].Value;
            Assert.That(Regex.Match(body, "<h2>([^<]+)</h2>").Success, Is.True, $"section {id} has no heading");
            Assert.That(body, Does.Not.Contain("class=\"empty\""), $"section {id} shows only a 'nothing to show' message on a real backtest");
            Assert.That(Regex.IsMatch(body, "<(table|svg|dl)\\b"), Is.True, $"section {id} has no table, chart or list");
        }

        var charts = Regex.Matches(dom, "<svg class=\"chart\" id=\"([^\"]+)\"(.*?)</svg>", RegexOptions.Singleline);
        Assert.That(charts.Count, Is.EqualTo(Regex.Matches(source, "<svg class=\"chart\"").Count), "every chart of the page is rendered");
        Assert.That(charts.Count, Is.GreaterThanOrEqualTo(12), "growth, drawdowns, 4 rolling, sectors, deciles, turnover, net growth, cost drag, capacity");
        foreach (Match chart in charts)
        {
            var (id, svg) = (chart.Groups[1].Value, chart.Groups[2].Value);
            Assert.That(svg, Does.Not.Contain("NaN").And.Not.Contain("Infinity"), $"chart {id} has an undefined coordinate");
            Assert.That(DrawnElements(svg), Is.Positive, $"chart {id} draws no data");
        }

        var keep = Environment.GetEnvironmentVariable("INDEXENGINE_REPORT_PNG");
        if (!string.IsNullOrEmpty(keep))
        {
            // For a person to look at: the screenshot and the page beside it.
            File.Copy(png, keep, overwrite: true);
            File.Copy(page, Path.ChangeExtension(keep, ".html"), overwrite: true);
        }
    }

    [Test]
    public void An_svg_without_data_counts_no_drawn_element()
    {
        // What the check above must reject: a plot background, a legend box and a one-point line.
        const string empty = "<rect class=\"plot-bg\" x=\"70\" y=\"16\" width=\"1010\" height=\"200\"></rect>" +
                             "<rect x=\"70\" y=\"9\" width=\"14\" height=\"12\" rx=\"2\" fill=\"#123\"></rect>" +
                             "<polyline fill=\"none\" points=\"70,100\"></polyline><path d=\"M70,100 L70,100 Z\"></path>" +
                             "<rect x=\"5\" y=\"5\" width=\"10\" height=\"0\"><title>zero</title></rect>";
        Assert.That(DrawnElements(empty), Is.Zero);
        Assert.That(DrawnElements("<polyline points=\"70,100 80,90\"></polyline>"), Is.EqualTo(1));
        Assert.That(DrawnElements("<path d=\"M70,100 L70,90 80,95 L80,100 Z\"></path>"), Is.EqualTo(1));
        Assert.That(DrawnElements("<rect x=\"5\" y=\"5\" width=\"10\" height=\"3\"><title>bar</title></rect>"), Is.EqualTo(1));
    }

    [Test]
    public void The_png_reader_decodes_every_filter()
    {
        // A 3 × 5 RGB image, one row per PNG filter type (none, sub, up, average, Paeth), hand-encoded.
        byte[][] rows =
        [
            [10, 20, 30, 40, 50, 60, 70, 80, 90],
            [200, 100, 50, 201, 99, 52, 0, 0, 0],
            [1, 2, 3, 4, 5, 6, 7, 8, 9],
            [255, 0, 128, 3, 3, 3, 100, 200, 250],
            [9, 8, 7, 6, 5, 4, 3, 2, 1],
        ];
        var image = Png.Decode(Png.Encode(3, rows));
        Assert.That((image.Width, image.Height), Is.EqualTo((3, 5)));
        for (int y = 0; y < 5; y++)
            for (int x = 0; x < 3; x++)
                Assert.That(image.Pixel(x, y), Is.EqualTo((rows[y][3 * x], rows[y][3 * x + 1], rows[y][3 * x + 2])), $"pixel {x},{y}");
        Assert.That(image.DistinctColours(), Is.EqualTo(15));
    }

    /// <summary>Data drawn in a chart: a line through two different points, an area through three, a bar (a rect with a
    /// hover title) of non-zero size. Legend marks and the plot background are not data.</summary>
    private static int DrawnElements(string svg)
    {
        int drawn = 0;
        foreach (Match m in Regex.Matches(svg, "<polyline\\b[^>]*\\bpoints=\"([^\"]*)\""))
            if (Coordinates(m.Groups[1].Value).Distinct().Count() >= 2) drawn++;
        foreach (Match m in Regex.Matches(svg, "<path\\b[^>]*\\bd=\"([^\"]*)\""))
            if (Coordinates(m.Groups[1].Value).Distinct().Count() >= 3) drawn++;
        foreach (Match m in Regex.Matches(svg, "<rect\\b([^>]*)>\\s*<title>"))
        {
            double Attribute(string name) =>
                Regex.Match(m.Groups[1].Value, $"\\b{name}=\"([-0-9.]+)\"") is { Success: true } a
                    ? double.Parse(a.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            if (Attribute("width") > 0 && Attribute("height") > 0) drawn++;
        }
        return drawn;
    }

    private static IEnumerable<(string, string)> Coordinates(string text) =>
        Regex.Matches(text, "(-?[0-9.]+),(-?[0-9.]+)").Select(m => (m.Groups[1].Value, m.Groups[2].Value));

    private static (string Stdout, string Stderr) RunChromium(string folder, params string[] args)
    {
        var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     $"--user-data-dir={Path.Combine(folder, "profile")}",
                 }.Concat(args))
            start.ArgumentList.Add(a);
        var run = Support.Cli.RunProcess(start);
        return (run.StdOut, run.StdErr);
    }

    /// <summary>A minimal PNG reader (8-bit RGB or RGBA, not interlaced: what Chromium writes): .NET has no PNG decoder,
    /// and ZLibStream inflates the image data.</summary>
    private sealed record Png(int Width, int Height, int Channels, byte[] Data)
    {
        public static Png Read(string path) => Decode(File.ReadAllBytes(path));

        public (byte R, byte G, byte B) Pixel(int x, int y)
        {
            int i = (y * Width + x) * Channels;
            return (Data[i], Data[i + 1], Data[i + 2]);
        }

        public int DistinctColours()
        {
            var seen = new HashSet<int>();
            for (int y = 0; y < Height; y++)
                for (int x = 0; x < Width; x++)
                {
                    var (r, g, b) = Pixel(x, y);
                    seen.Add(r << 16 | g << 8 | b);
                }
            return seen.Count;
        }

        /// <summary>The share of the pixels of rows [<paramref name="from"/>, <paramref name="to"/>) unlike the most common colour there.</summary>
        public double ShareNotMostCommon(int from, int to)
        {
            var counts = new Dictionary<int, int>();
            for (int y = from; y < Math.Min(to, Height); y++)
                for (int x = 0; x < Width; x++)
                {
                    var (r, g, b) = Pixel(x, y);
                    int key = r << 16 | g << 8 | b;
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
            int total = counts.Values.Sum();
            return total == 0 ? 0 : 1 - (double)counts.Values.Max() / total;
        }

        public static Png Decode(byte[] bytes)
        {
            int width = 0, height = 0, channels = 0;
            using var idat = new MemoryStream();
            for (int pos = 8; pos + 8 <= bytes.Length;)
            {
                int length = bytes[pos] << 24 | bytes[pos + 1] << 16 | bytes[pos + 2] << 8 | bytes[pos + 3];
                var type = System.Text.Encoding.ASCII.GetString(bytes, pos + 4, 4);
                if (type == "IHDR")
                {
                    width = BigEndian(bytes, pos + 8);
                    height = BigEndian(bytes, pos + 12);
                    Assert.That((bytes[pos + 16], bytes[pos + 20]), Is.EqualTo(((byte)8, (byte)0)), "8-bit, not interlaced");
                    channels = bytes[pos + 17] switch { 2 => 3, 6 => 4, var c => throw new NotSupportedException($"PNG colour type {c}") };
                }
                if (type == "IDAT") idat.Write(bytes, pos + 8, length);
                pos += 12 + length;
            }
            idat.Position = 0;
            using var inflated = new MemoryStream();
            using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(inflated);
            var raw = inflated.ToArray();
            int stride = width * channels;
            var data = new byte[height * stride];
            for (int y = 0; y < height; y++)
            {
                int filter = raw[y * (stride + 1)];
                for (int i = 0; i < stride; i++)
                {
                    int x = raw[y * (stride + 1) + 1 + i];
                    int a = i >= channels ? data[y * stride + i - channels] : 0;
                    int b = y > 0 ? data[(y - 1) * stride + i] : 0;
                    int c = i >= channels && y > 0 ? data[(y - 1) * stride + i - channels] : 0;
                    data[y * stride + i] = (byte)(filter switch
                    {
                        0 => x,
                        1 => x + a,
                        2 => x + b,
                        3 => x + (a + b) / 2,
                        4 => x + Paeth(a, b, c),
                        _ => throw new InvalidDataException($"PNG filter {filter}"),
                    });
                }
            }
            return new Png(width, height, channels, data);
        }

        /// <summary>An RGB PNG of the rows, row y filtered with filter type y mod 5 (for the reader's own test).</summary>
        public static byte[] Encode(int width, byte[][] rows)
        {
            int stride = width * 3;
            using var raw = new MemoryStream();
            for (int y = 0; y < rows.Length; y++)
            {
                int filter = y % 5;
                raw.WriteByte((byte)filter);
                for (int i = 0; i < stride; i++)
                {
                    int a = i >= 3 ? rows[y][i - 3] : 0, b = y > 0 ? rows[y - 1][i] : 0, c = i >= 3 && y > 0 ? rows[y - 1][i - 3] : 0;
                    int predicted = filter switch { 0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2, _ => Paeth(a, b, c) };
                    raw.WriteByte((byte)(rows[y][i] - predicted));
                }
            }
            using var compressed = new MemoryStream();
            using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) z.Write(raw.ToArray());
            using var png = new MemoryStream();
            png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
            byte[] header = [.. BigEndianBytes(width), .. BigEndianBytes(rows.Length), 8, 2, 0, 0, 0];
            Chunk(png, "IHDR", header);
            Chunk(png, "IDAT", compressed.ToArray());
            Chunk(png, "IEND", []);
            return png.ToArray();
        }

        private static void Chunk(Stream png, string type, byte[] data)
        {
            png.Write(BigEndianBytes(data.Length));
            png.Write(System.Text.Encoding.ASCII.GetBytes(type));
            png.Write(data);
            png.Write([0, 0, 0, 0]); // the reader does not check the CRC
        }

        private static int Paeth(int a, int b, int c)
        {
            int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }

        private static int BigEndian(byte[] bytes, int at) => bytes[at] << 24 | bytes[at + 1] << 16 | bytes[at + 2] << 8 | bytes[at + 3];

        private static byte[] BigEndianBytes(int v) => [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v];
    }
}
