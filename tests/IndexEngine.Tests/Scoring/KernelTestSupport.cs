using NUnit.Framework;
using IndexEngine.Scoring;

namespace IndexEngine.Tests.Scoring;

/// <summary>Public mirror of the internal <c>KernelPath</c> so it can be a test parameter.</summary>
public enum PathCase
{
    Auto,
    Vector512,
    Vector256,
    Scalar,
}

internal static class KernelTestSupport
{
    public static readonly PathCase[] AllPaths = [PathCase.Auto, PathCase.Vector512, PathCase.Vector256, PathCase.Scalar];

    public static KernelPath ToKernelPath(this PathCase path) => path switch
    {
        PathCase.Vector512 => KernelPath.Vector512,
        PathCase.Vector256 => KernelPath.Vector256,
        PathCase.Scalar => KernelPath.Scalar,
        _ => KernelPath.Auto,
    };

    /// <summary>Normal-ish values with a share of NaNs and of repeats of earlier values (ties).</summary>
    public static double[] Random(int length, int seed, double nanShare = 0.01, double tieShare = 0.05, double offset = 0.0)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            double u = random.NextDouble();
            if (u < nanShare) values[i] = double.NaN;
            else if (u < nanShare + tieShare && i > 0) values[i] = values[random.Next(i)];
            else values[i] = offset + (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 10.0;
        }
        return values;
    }

    /// <summary>Values drawn from a small set, including both zeros and a NaN: ties everywhere.</summary>
    public static double[] FromSmallSet(int length, int seed)
    {
        double[] set = [-2.0, -1.0, -0.0, 0.0, 1.0, 2.5, double.NaN];
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++) values[i] = set[random.Next(set.Length)];
        return values;
    }

    /// <summary>Extreme and special doubles mixed with ordinary ones.</summary>
    public static double[] Specials(int length, int seed)
    {
        double[] set =
        [
            double.NegativeInfinity, double.PositiveInfinity, double.MaxValue, double.MinValue, double.Epsilon,
            -double.Epsilon, 0.0, -0.0, 1e-310, -1e-310, 1.0, -1.0, double.NaN, 1e308, -1e308,
        ];
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++)
            values[i] = random.Next(3) == 0 ? random.NextDouble() - 0.5 : set[random.Next(set.Length)];
        return values;
    }

    public static double[] AllNaN(int length)
    {
        var values = new double[length];
        Array.Fill(values, double.NaN);
        return values;
    }

    /// <summary>Same bits, or both NaN (a NaN carries no meaningful payload here).</summary>
    public static bool SameBits(double a, double b) =>
        (double.IsNaN(a) && double.IsNaN(b)) || BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    public static void AssertBitIdentical(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, string context)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), context);
        for (int i = 0; i < actual.Length; i++)
        {
            if (!SameBits(actual[i], expected[i]))
                Assert.Fail($"{context}: index {i}: got {actual[i]:R} (0x{BitConverter.DoubleToInt64Bits(actual[i]):X16}), " +
                            $"reference {expected[i]:R} (0x{BitConverter.DoubleToInt64Bits(expected[i]):X16})");
        }
    }
}
