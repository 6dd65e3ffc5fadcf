using NUnit.Framework;
using IndexEngine.Scoring;
using static IndexEngine.Tests.Scoring.KernelTestSupport;

namespace IndexEngine.Tests.Scoring;

[TestFixture]
public class RankingTests
{
    /// <summary>Comparison sort for every size, radix sort for every size, and the production threshold.</summary>
    public enum SortCase { Default, AlwaysRadix, AlwaysComparison }

    private static int Threshold(SortCase sort) => sort switch
    {
        SortCase.AlwaysRadix => 0,
        SortCase.AlwaysComparison => int.MaxValue,
        _ => Ranking.DefaultRadixThreshold,
    };

    private static double[] Rank(double[] values, PathCase path, SortCase sort)
    {
        var ranks = new double[values.Length];
        Array.Fill(ranks, 123.0);
        Ranking.PercentileRank(values, ranks, path.ToKernelPath(), Threshold(sort));
        return ranks;
    }

    private static double[] Reference(double[] values)
    {
        var ranks = new double[values.Length];
        ScalarReference.PercentileRank(values, ranks);
        return ranks;
    }

    private static void AssertMatchesReference(double[] values, PathCase path, SortCase sort, string context) =>
        AssertBitIdentical(Rank(values, path, sort), Reference(values), $"{context} [{path}, {sort}]");

    [TestCase(new[] { 3.0, 1.0, 2.0, 2.0, double.NaN }, new[] { 1.0, 0.0, 0.5, 0.5, double.NaN })]
    [TestCase(new[] { 10.0, 20.0 }, new[] { 0.0, 1.0 })]
    [TestCase(new[] { 5.0 }, new[] { 0.5 })]
    [TestCase(new[] { double.NaN, 7.0, double.NaN }, new[] { double.NaN, 0.5, double.NaN })]
    [TestCase(new[] { 4.0, 4.0, 4.0 }, new[] { 0.5, 0.5, 0.5 })]
    [TestCase(new[] { -0.0, 0.0, -1.0 }, new[] { 0.75, 0.75, 0.0 })]
    [TestCase(new[] { 1.0, 2.0, 3.0, 4.0, 5.0 }, new[] { 0.0, 0.25, 0.5, 0.75, 1.0 })]
    [TestCase(new[] { 2.0, 1.0, 2.0, 1.0 }, new[] { 5.0 / 6.0, 1.0 / 6.0, 5.0 / 6.0, 1.0 / 6.0 })]
    [TestCase(new[] { double.PositiveInfinity, double.NegativeInfinity, 0.0 }, new[] { 1.0, 0.0, 0.5 })]
    public void HandComputedCases(double[] values, double[] expected)
    {
        AssertBitIdentical(Reference(values), expected, "reference");
        foreach (PathCase path in AllPaths)
            foreach (SortCase sort in Enum.GetValues<SortCase>())
                AssertBitIdentical(Rank(values, path, sort), expected, $"{path}, {sort}");
    }

    [Test]
    public void EveryLengthUpTo70([ValueSource(typeof(KernelTestSupport), nameof(AllPaths))] PathCase path, [Values] SortCase sort)
    {
        for (int length = 0; length <= 70; length++)
        {
            AssertMatchesReference(Random(length, length), path, sort, $"random n={length}");
            AssertMatchesReference(Random(length, length + 1000, nanShare: 0.2, tieShare: 0.3), path, sort, $"nan/ties n={length}");
            AssertMatchesReference(FromSmallSet(length, length), path, sort, $"small set n={length}");
            AssertMatchesReference(Specials(length, length), path, sort, $"specials n={length}");
            AssertMatchesReference(AllNaN(length), path, sort, $"all NaN n={length}");
        }
    }

    [Test]
    public void MediumSizesAroundTheRadixThreshold([ValueSource(typeof(KernelTestSupport), nameof(AllPaths))] PathCase path, [Values] SortCase sort)
    {
        foreach (int length in new[] { 800, Ranking.DefaultRadixThreshold - 1, Ranking.DefaultRadixThreshold, 10_007 })
        {
            AssertMatchesReference(Random(length, 7), path, sort, $"random n={length}");
            AssertMatchesReference(FromSmallSet(length, 8), path, sort, $"small set n={length}");
            AssertMatchesReference(Specials(length, 9), path, sort, $"specials n={length}");
        }
    }

    [Test]
    public void LargeArrays([Values(PathCase.Auto, PathCase.Vector256, PathCase.Scalar)] PathCase path)
    {
        const int length = 1_000_003;
        AssertMatchesReference(Random(length, 42), path, SortCase.Default, "random");
        AssertMatchesReference(FromSmallSet(length, 43), path, SortCase.Default, "small set");
    }

    [Test]
    public void LargeArrayOnEmulatedVector512()
    {
        // Vector512 is run even where it is not hardware accelerated (then in software, hence only once).
        AssertMatchesReference(Random(1_000_003, 44), PathCase.Vector512, SortCase.Default, "random");
    }

    [Test]
    public void ValuesDifferingOnlyInTheLowestMantissaBitsAreStillOrdered([ValueSource(typeof(KernelTestSupport), nameof(AllPaths))] PathCase path, [Values] SortCase sort)
    {
        // The fast kernel keeps only the high key bits next to the index; neighbours one ulp apart
        // collide there and must be told apart (and true ties among them kept together).
        var random = new Random(5);
        foreach (int length in new[] { 2, 9, 100, 5000, 70_000 })
        {
            var values = new double[length];
            long one = BitConverter.DoubleToInt64Bits(1.0);
            long minusOne = BitConverter.DoubleToInt64Bits(-1.0);
            for (int i = 0; i < length; i++)
            {
                int ulps = random.Next(40);
                values[i] = random.Next(10) switch
                {
                    0 => double.NaN,
                    < 5 => BitConverter.Int64BitsToDouble(minusOne + ulps),
                    _ => BitConverter.Int64BitsToDouble(one + ulps),
                };
            }
            AssertMatchesReference(values, path, sort, $"ulp neighbours n={length}");
        }
    }

    [Test]
    public void ValuesCrowdedNextToAnOutlierAreStillOrdered([ValueSource(typeof(KernelTestSupport), nameof(AllPaths))] PathCase path)
    {
        // Scaled to the range, all but the outlier map to (nearly) the same key: one huge group that
        // has to be sorted by full value.
        var random = new Random(17);
        var values = new double[100_003];
        for (int i = 0; i < values.Length; i++)
            values[i] = random.Next(20) == 0 ? double.NaN : 1.0 + random.Next(5000) * 1e-13;
        values[12345] = 1e300;
        values[54321] = -1e300;
        AssertMatchesReference(values, path, SortCase.Default, "crowded");
    }

    [Test]
    public void SignedZerosTie([ValueSource(typeof(KernelTestSupport), nameof(AllPaths))] PathCase path)
    {
        double[] values = [-0.0, 0.0, -0.0, 0.0, 1.0, -0.0, 0.0, -1.0, 0.0, -0.0];
        var ranks = Rank(values, path, SortCase.AlwaysRadix);
        double zeroRank = ranks[0];
        Assert.That(values.Select((v, i) => v == 0 ? ranks[i] : zeroRank), Is.All.EqualTo(zeroRank));
        AssertBitIdentical(ranks, Reference(values), "signed zeros");
    }

    [Test]
    public void LengthMismatchIsRejectedAndDisjointViewsAreAccepted()
    {
        var values = new double[10];
        Assert.Throws<ArgumentException>(() => Ranking.PercentileRank(values, new double[9]));
        Assert.DoesNotThrow(() => Ranking.PercentileRank(values.AsSpan(0, 5), values.AsSpan(5, 5)));
        Assert.That(values.AsSpan(5).ToArray(), Is.All.EqualTo(0.5), "five tied zeros");
    }

    [Test]
    public void OverlappingOutputIsRejected()
    {
        var buffer = new double[10];
        Assert.Throws<ArgumentException>(() => Ranking.PercentileRank(buffer.AsSpan(0, 6), buffer.AsSpan(4, 6)));
        Assert.Throws<ArgumentException>(() => Ranking.PercentileRank(buffer, buffer));
    }
}
