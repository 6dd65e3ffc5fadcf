using NUnit.Framework;
using IndexEngine.Scoring;
using static IndexEngine.Tests.Scoring.KernelTestSupport;

namespace IndexEngine.Tests.Scoring;

[TestFixture]
public class StandardizationTests
{
    private static double[] ZScores(double[] values, double mean, double std, int direction, double clip, PathCase path)
    {
        var result = new double[values.Length];
        Standardization.ZScores(values, mean, std, direction, clip, result, path.ToKernelPath());
        return result;
    }

    private static double[] Reference(double[] values, double mean, double std, int direction, double clip)
    {
        var result = new double[values.Length];
        ScalarReference.ZScores(values, mean, std, direction, clip, result);
        return result;
    }

    [Test]
    public void HandComputed([ValueSource(typeof(KernelTestSupport), nameof(AllPaths))] PathCase path)
    {
        double[] values = [0.0, 2.0, 5.0, 100.0, double.NaN, -100.0, 8.0, 2.5, 1.0];
        double[] expected = [1.0, -0.0, -1.5, -3.0, double.NaN, 3.0, -3.0, -0.25, 0.5];
        AssertBitIdentical(ZScores(values, 2.0, 2.0, -1, 3.0, path), expected, "direction -1");
        AssertBitIdentical(Reference(values, 2.0, 2.0, -1, 3.0), expected, "reference");
    }

    [Test]
    public void EveryLengthUpTo70([ValueSource(typeof(KernelTestSupport), nameof(AllPaths))] PathCase path, [Values(1, -1)] int direction)
    {
        for (int length = 0; length <= 70; length++)
        {
            foreach (double[] values in new[] { Random(length, length), FromSmallSet(length, length), Specials(length, length), AllNaN(length) })
            {
                Moments.MeanAndSampleStd(values, out _, out double mean, out double std);
                if (double.IsNaN(std)) (mean, std) = (0.3, 1.7);
                AssertBitIdentical(ZScores(values, mean, std, direction, 3.0, path), Reference(values, mean, std, direction, 3.0), $"n={length}");
                AssertBitIdentical(ZScores(values, mean, std, direction, double.PositiveInfinity, path),
                    Reference(values, mean, std, direction, double.PositiveInfinity), $"unclipped n={length}");
            }
        }
    }

    [Test]
    public void DegenerateStdFollowsTheFormula([ValueSource(typeof(KernelTestSupport), nameof(AllPaths))] PathCase path)
    {
        // s = 0 is excluded by the caller (§5.1); the kernel still gives what the formula gives: ±clip or NaN for 0/0.
        double[] values = [1.0, 2.0, 3.0, 2.0, 0.0, double.NaN, 5.0, 2.0, 2.0];
        AssertBitIdentical(ZScores(values, 2.0, 0.0, 1, 3.0, path), Reference(values, 2.0, 0.0, 1, 3.0), "std 0");
    }

    [Test]
    public void LargeArrays([ValueSource(typeof(KernelTestSupport), nameof(AllPaths))] PathCase path)
    {
        double[] values = Random(1_000_003, 3);
        AssertBitIdentical(ZScores(values, 0.1, 2.9, -1, 3.0, path), Reference(values, 0.1, 2.9, -1, 3.0), "random");
    }

    [Test]
    public void InPlaceMatchesOutOfPlace([ValueSource(typeof(KernelTestSupport), nameof(AllPaths))] PathCase path)
    {
        double[] values = Random(67, 11);
        double[] expected = Reference(values, 0.5, 3.0, 1, 3.0);
        Standardization.ZScores(values, 0.5, 3.0, 1, 3.0, values, path.ToKernelPath());
        AssertBitIdentical(values, expected, "in place");
    }

    [Test]
    public void BadArgumentsAreRejected()
    {
        var values = new double[8];
        using (Assert.EnterMultipleScope())
        {
            Assert.Throws<ArgumentException>(() => Standardization.ZScores(values, 0, 1, 1, 3, new double[7]));
            Assert.Throws<ArgumentOutOfRangeException>(() => Standardization.ZScores(values, 0, 1, 0, 3, new double[8]));
            Assert.Throws<ArgumentOutOfRangeException>(() => Standardization.ZScores(values, 0, 1, 1, 0, new double[8]));
            Assert.Throws<ArgumentOutOfRangeException>(() => Standardization.ZScores(values, 0, 1, 1, double.NaN, new double[8]));
            Assert.Throws<ArgumentException>(() => Standardization.ZScores(values.AsSpan(0, 6), 0, 1, 1, 3, values.AsSpan(2, 6)));
        }
    }
}
