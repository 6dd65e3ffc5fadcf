using NUnit.Framework;
using IndexEngine.Scoring;
using static IndexEngine.Tests.Scoring.KernelTestSupport;

namespace IndexEngine.Tests.Scoring;

[TestFixture]
public class MomentsTests
{
    private const double Tolerance = 1e-13;

    /// <summary>
    /// Relative agreement. The mean is compared relative to the data's magnitude (mean |x|), not to
    /// itself: a mean near zero of large values is ill-conditioned for any summation order.
    /// </summary>
    private static void AssertAgrees(double[] values, PathCase path, string context)
    {
        Moments.MeanAndSampleStd(values, out int count, out double mean, out double std, path.ToKernelPath());
        ScalarReference.MeanAndSampleStd(values, out int refCount, out double refMean, out double refStd);
        double magnitude = values.Where(v => !double.IsNaN(v)).Select(Math.Abs).DefaultIfEmpty(0).Average();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(count, Is.EqualTo(refCount), $"{context} count");
            Assert.That(Moments.CountValid(values, path.ToKernelPath()), Is.EqualTo(refCount), $"{context} CountValid");
            AssertClose(mean, refMean, Math.Max(Math.Abs(refMean), magnitude), $"{context} mean");
            AssertClose(std, refStd, Math.Abs(refStd), $"{context} std");
        }
    }

    private static void AssertClose(double actual, double expected, double scale, string context)
    {
        if (double.IsNaN(expected) || double.IsInfinity(expected))
            Assert.That(actual, Is.EqualTo(expected), context);
        else
            Assert.That(Math.Abs(actual - expected), Is.LessThanOrEqualTo(Tolerance * scale), context);
    }

    [Test]
    public void HandComputed([ValueSource(typeof(KernelTestSupport), nameof(AllPaths))] PathCase path)
    {
        Moments.MeanAndSampleStd([1.0, double.NaN, 2.0, 3.0, 4.0], out int count, out double mean, out double std, path.ToKernelPath());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(count, Is.EqualTo(4));
            Assert.That(mean, Is.EqualTo(2.5));
            Assert.That(std, Is.EqualTo(Math.Sqrt(5.0 / 3.0)).Within(1e-15));
        }
    }

    [Test]
    public void EmptyAllNaNAndSingleValue([ValueSource(typeof(KernelTestSupport), nameof(AllPaths))] PathCase path)
    {
        Moments.MeanAndSampleStd(AllNaN(9), out int count, out double mean, out double std, path.ToKernelPath());
        Assert.That((count, mean, std), Is.EqualTo((0, double.NaN, double.NaN)));

        Moments.MeanAndSampleStd([], out count, out mean, out std, path.ToKernelPath());
        Assert.That((count, mean, std), Is.EqualTo((0, double.NaN, double.NaN)));

        double[] single = AllNaN(11);
        single[6] = 7.25;
        Moments.MeanAndSampleStd(single, out count, out mean, out std, path.ToKernelPath());
        Assert.That((count, mean, std), Is.EqualTo((1, 7.25, double.NaN)));
    }

    [Test]
    public void EveryLengthUpTo70([ValueSource(typeof(KernelTestSupport), nameof(AllPaths))] PathCase path)
    {
        for (int length = 0; length <= 70; length++)
        {
            AssertAgrees(Random(length, length), path, $"random n={length}");
            AssertAgrees(Random(length, length + 500, nanShare: 0.3, offset: 1e6), path, $"offset n={length}");
            AssertAgrees(FromSmallSet(length, length), path, $"small set n={length}");
            AssertAgrees(AllNaN(length), path, $"all NaN n={length}");
        }
    }

    [Test]
    public void InfinitiesPropagate([ValueSource(typeof(KernelTestSupport), nameof(AllPaths))] PathCase path)
    {
        double[] values = [1.0, 2.0, double.PositiveInfinity, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
        Moments.MeanAndSampleStd(values, out int count, out double mean, out double std, path.ToKernelPath());
        Assert.That((count, mean, double.IsNaN(std)), Is.EqualTo((9, double.PositiveInfinity, true)));
        AssertAgrees(values, path, "infinity");
    }

    [Test]
    public void LargeArrays([ValueSource(typeof(KernelTestSupport), nameof(AllPaths))] PathCase path)
    {
        AssertAgrees(Random(1_000_003, 1, offset: 3.0), path, "random");
        AssertAgrees(Random(1_000_003, 2, nanShare: 0.5), path, "half NaN");
    }
}
