using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;
using IndexEngine.Data;
using IndexEngine.Data.Synthetic;
using NUnit.Framework;

namespace IndexEngine.Tests.Data;

[TestFixture]
public sealed class SyntheticUniverseTests
{
    private static readonly GeneratorOptions Small = new()
    {
        Seed = 42, Securities = 120, From = new DateOnly(2015, 1, 1), To = new DateOnly(2016, 6, 30),
    };

    private static readonly EligibilityConfig DefaultEligibility = new(["US"], ["common", "reit", "tracking", "holding"], 1_000_000, 63, 3);
    private static readonly TechnicalConfig DefaultTechnical = new(252, 200, 5, 21, 252, 126, 252);

    private static Dictionary<string, byte[]> WriteAndRead(GeneratorOptions options, TempFolder folder, string name)
    {
        var directory = Path.Combine(folder.Path, name);
        UniverseWriter.Write(directory, UniverseGenerator.Generate(options));
        // The manifest (.indexengine.json) records the time of writing; the universe is the other files.
        return Directory.GetFiles(directory).Where(f => !Path.GetFileName(f).StartsWith('.')).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
    }

    [Test]
    public void SameSeedGivesByteIdenticalFiles()
    {
        using var folder = new TempFolder();
        var first = WriteAndRead(Small, folder, "a");
        var second = WriteAndRead(Small, folder, "b");
        Assert.That(first.Keys.Order(), Is.EqualTo(new[] { "metrics.csv", "prices.csv.gz", "securities.csv" }));
        foreach (var (name, bytes) in first)
            Assert.That(second[name], Is.EqualTo(bytes), name);
    }

    [Test]
    public void DifferentSeedGivesDifferentFiles()
    {
        using var folder = new TempFolder();
        var first = WriteAndRead(Small, folder, "a");
        var other = WriteAndRead(Small with { Seed = 43 }, folder, "b");
        foreach (var name in first.Keys)
            Assert.That(other[name], Is.Not.EqualTo(first[name]), name);
    }

    [Test]
    public void RewritingReplacesTheFolderAtomically()
    {
        using var folder = new TempFolder();
        WriteAndRead(Small, folder, "u");
        var again = WriteAndRead(Small with { Seed = 7 }, folder, "u");
        Assert.That(again, Has.Count.EqualTo(3));
        Assert.That(Directory.GetDirectories(folder.Path), Has.Length.EqualTo(1), "no staging or backup folder is left behind");
    }

    [Test]
    public void PricesGzipHasAFixedHeader()
    {
        using var folder = new TempFolder();
        var bytes = WriteAndRead(Small, folder, "u")["prices.csv.gz"];
        Assert.That(bytes[..10], Is.EqualTo(new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff }));
    }

    [Test]
    public void WrittenFilesLoadBackToTheSameUniverse()
    {
        using var folder = new TempFolder();
        var generated = UniverseGenerator.Generate(Small);
        UniverseWriter.Write(folder.Path + "/u", generated);
        var loaded = UniverseLoader.Load(folder.Path + "/u", UnknownIdPolicy.Error);
        UniverseLoaderAcceptTests.AssertSameUniverse(loaded, generated.Universe);
    }

    [Test]
    public void DefaultUniverseLooksLikeTheUsLargeMidCapMarketAndExercisesEveryScreen()
    {
        using var folder = new TempFolder();
        var generated = UniverseGenerator.Generate(new GeneratorOptions { Seed = 20170310 });
        UniverseWriter.Write(folder.Path + "/u", generated);
        var u = UniverseLoader.Load(folder.Path + "/u", UnknownIdPolicy.Error);

        var failures = Eligibility.Screen(new ScreeningView(u, u.DateCount - 1, DefaultTechnical), DefaultEligibility);
        int Failing(EligibilityFailure screen) => failures.Count(f => (f & screen) != 0);
        var caps = u.Securities.Select(s => s.MarketCap).Where(double.IsFinite).OrderDescending().ToArray();
        var vols = Enumerable.Range(0, u.SecurityCount).Select(i => AnnualVol(u, i)).Where(double.IsFinite).Order().ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(u.SecurityCount, Is.EqualTo(1000));
            Assert.That(u.Securities.Select(s => s.Sector).Distinct().Order(), Is.EqualTo(SectorProfile.UsLargeMidCap.Select(s => s.Name).Order()));
            Assert.That(u.Dates[0], Is.EqualTo(new DateOnly(2014, 1, 2)));
            Assert.That(u.Dates[^1], Is.EqualTo(new DateOnly(2017, 11, 10)));
            Assert.That(u.DateCount, Is.GreaterThan(3 * 252));
            Assert.That(u.MetricNames, Is.EqualTo(UniverseGenerator.MetricNames));
            Assert.That(u.HasDividends, Is.True);

            Assert.That(Failing(EligibilityFailure.CountryOrType), Is.InRange(10, 80), "country/type");
            Assert.That(Failing(EligibilityFailure.Liquidity), Is.InRange(10, 80), "liquidity");
            Assert.That(Failing(EligibilityFailure.History), Is.InRange(10, 80), "history");
            Assert.That(Failing(EligibilityFailure.MarketCap), Is.InRange(1, 20), "market cap");
            Assert.That(failures.Count(f => f == EligibilityFailure.None), Is.GreaterThan(800), "enough eligible securities for a universe of 800");

            Assert.That(caps[0], Is.InRange(1e12, 4e12), "largest cap");
            Assert.That(caps[^1], Is.InRange(5e8, 2e9), "smallest cap");
            Assert.That(vols[vols.Length / 2], Is.InRange(0.2, 0.35), "median annual volatility");
            Assert.That(vols[(int)(vols.Length * 0.05)], Is.GreaterThan(0.1), "5th percentile volatility");
            Assert.That(vols[(int)(vols.Length * 0.95)], Is.InRange(0.35, 0.75), "95th percentile volatility");

            for (int j = 0; j < u.MetricNames.Count; j++)
            {
                var values = Enumerable.Range(0, u.SecurityCount).Select(i => u.Metric(i, j)).ToArray();
                Assert.That(values.Count(double.IsNaN), Is.InRange(5, 150), $"missing {u.MetricNames[j]}");
            }
            Assert.That(Enumerable.Range(0, u.SecurityCount).Count(i => u.Metric(i, 0) < 0), Is.InRange(20, 200), "loss makers (negative earnings yield)");
        }
    }

    /// <summary>Annualised standard deviation of total daily returns.</summary>
    private static double AnnualVol(Universe u, int i)
    {
        var returns = new List<double>();
        for (int t = 1; t < u.DateCount; t++)
            if (!double.IsNaN(u.Close(i, t)) && !double.IsNaN(u.Close(i, t - 1)))
                returns.Add((u.Close(i, t) + u.Dividend(i, t)) / u.Close(i, t - 1) - 1);
        if (returns.Count < 20) return double.NaN;
        double mean = returns.Average();
        return Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / (returns.Count - 1) * 252);
    }

    [TestCase(10)]
    [TestCase(49)]
    public void TooFewSecuritiesIsRejected(int securities) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => UniverseGenerator.Generate(Small with { Securities = securities }));
}

[TestFixture]
public sealed class SyntheticBuildingBlockTests
{
    [Test]
    public void XoshiroIsPinned()
    {
        // The generator's output depends on these exact numbers: a change here changes every universe.
        var random = new Xoshiro256StarStar(20170310);
        ulong[] expected = [random.NextUInt64(), random.NextUInt64(), random.NextUInt64()];
        var again = new Xoshiro256StarStar(20170310);
        Assert.That(new[] { again.NextUInt64(), again.NextUInt64(), again.NextUInt64() }, Is.EqualTo(expected));
        Assert.That(expected, Is.EqualTo(new ulong[] { PinnedFirst, PinnedSecond, PinnedThird }));
    }

    // xoshiro256** seeded through SplitMix64 with 20170310 (stream 0), computed independently from the
    // reference C algorithm.
    private const ulong PinnedFirst = 18444017236599244094, PinnedSecond = 6589397305143497250, PinnedThird = 802603913321898979;

    [Test]
    public void StreamsAreIndependent()
    {
        Assert.That(new Xoshiro256StarStar(1, 1).NextUInt64(), Is.Not.EqualTo(new Xoshiro256StarStar(1, 2).NextUInt64()));
    }

    [Test]
    public void GaussianHasMeanZeroAndUnitVariance()
    {
        var random = new Xoshiro256StarStar(3);
        var draws = Enumerable.Range(0, 200_000).Select(_ => random.NextGaussian()).ToArray();
        double mean = draws.Average();
        double variance = draws.Sum(x => (x - mean) * (x - mean)) / (draws.Length - 1);
        Assert.That(mean, Is.EqualTo(0).Within(0.01));
        Assert.That(variance, Is.EqualTo(1).Within(0.01));
        Assert.That(draws.Count(x => Math.Abs(x) > 1.96) / (double)draws.Length, Is.EqualTo(0.05).Within(0.003));
    }

    [Test]
    public void NextIntIsUniformAndInRange()
    {
        var random = new Xoshiro256StarStar(9);
        var counts = new int[7];
        for (int k = 0; k < 70_000; k++) counts[random.NextInt(7)]++;
        Assert.That(counts, Has.All.InRange(9_500, 10_500));
    }

    [Test]
    public void PortableExpAndLogMatchTheLibraryToRoundingError()
    {
        var random = new Xoshiro256StarStar(11);
        for (int k = 0; k < 20_000; k++)
        {
            double x = random.Uniform(-700, 700);
            Assert.That(PortableMath.Exp(x), Is.EqualTo(Math.Exp(x)).Within(4e-15 * Math.Exp(x)), $"exp({x:R})");
            double y = PortableMath.Exp(random.Uniform(-700, 700));
            Assert.That(PortableMath.Log(y), Is.EqualTo(Math.Log(y)).Within(4e-15 * Math.Max(1, Math.Abs(Math.Log(y)))), $"log({y:R})");
        }
        Assert.That(PortableMath.Log(1), Is.Zero);
        Assert.That(PortableMath.Exp(0), Is.EqualTo(1));
        Assert.That(PortableMath.Log(0), Is.EqualTo(double.NegativeInfinity));
        Assert.That(PortableMath.Log(-1), Is.NaN);
    }

    [Test]
    public void NyseHolidaysOf2016And2017()
    {
        DateOnly D(int y, int m, int d) => new(y, m, d);
        var holidays2016 = new[] { D(2016, 1, 1), D(2016, 1, 18), D(2016, 2, 15), D(2016, 3, 25), D(2016, 5, 30), D(2016, 7, 4), D(2016, 9, 5), D(2016, 11, 24), D(2016, 12, 26) };
        var holidays2017 = new[] { D(2017, 1, 2), D(2017, 1, 16), D(2017, 2, 20), D(2017, 4, 14), D(2017, 5, 29), D(2017, 7, 4), D(2017, 9, 4), D(2017, 11, 23), D(2017, 12, 25) };
        foreach (int year in new[] { 2016, 2017 })
        {
            var weekdays = Enumerable.Range(0, 366).Select(k => D(year, 1, 1).AddDays(k)).Where(d => d.Year == year && d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));
            Assert.That(weekdays.Where(NyseCalendar.IsHoliday), Is.EqualTo(year == 2016 ? holidays2016 : holidays2017), year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        Assert.That(NyseCalendar.IsHoliday(D(2021, 12, 31)), Is.False, "a Saturday New Year is not observed on the Friday before");
        Assert.That(NyseCalendar.IsHoliday(D(2021, 12, 24)), Is.True, "a Saturday Christmas is observed on the Friday before");
        Assert.That(NyseCalendar.IsHoliday(D(2015, 7, 3)), Is.True, "a Saturday Independence Day is observed on the Friday before");
    }

    [Test]
    public void CalendarMatchesTheRealDataExceptHurricaneSandy()
    {
        var real = UniverseLoader.Load(SharedData.Require("sp500-2017"), UnknownIdPolicy.Error).Dates.ToList();
        var calendar = NyseCalendar.TradingDays(real[0], real[^1]).ToList();
        Assert.That(calendar.Except(real), Is.EqualTo(new[] { new DateOnly(2012, 10, 29), new DateOnly(2012, 10, 30) }),
            "the exchange closed for Hurricane Sandy, an unscheduled closure the calendar does not model");
        Assert.That(real.Except(calendar), Is.Empty);
    }
}
