using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace IndexEngine.Scoring;

/// <summary>NaN-skipping moments of a metric column (METHODOLOGY §5.1: mu, s and n_j over U).</summary>
public static class Moments
{
    // Loops are AggressiveOptimization: a scoring run calls each kernel too few times for tiered
    // compilation to replace the unoptimised first version.

    /// <summary>
    /// Count of non-NaN values, their mean and sample standard deviation (n - 1). Two passes (mean,
    /// then squared deviations from it) rather than one-pass sums of x and x², which cancel badly when
    /// the mean is large relative to the spread. <paramref name="mean"/> is NaN when
    /// <paramref name="count"/> is 0 and <paramref name="std"/> is NaN when it is below 2. Lanes sum
    /// in a different order than a scalar loop, so results agree with it to rounding, not bit for bit.
    /// </summary>
    public static void MeanAndSampleStd(ReadOnlySpan<double> values, out int count, out double mean, out double std) =>
        MeanAndSampleStd(values, out count, out mean, out std, KernelPath.Auto);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MeanAndSampleStd(ReadOnlySpan<double> values, out int count, out double mean, out double std, KernelPath path)
    {
        double sum, squares;
        switch (KernelPaths.Resolve(path))
        {
            case KernelPath.Vector512:
                (count, sum) = CountAndSum512(values);
                mean = count > 0 ? sum / count : double.NaN;
                squares = SquaredDeviations512(values, mean);
                break;
            case KernelPath.Vector256:
                (count, sum) = CountAndSum256(values);
                mean = count > 0 ? sum / count : double.NaN;
                squares = SquaredDeviations256(values, mean);
                break;
            default:
                (count, sum) = CountAndSumScalar(values, 0);
                mean = count > 0 ? sum / count : double.NaN;
                squares = SquaredDeviationsScalar(values, 0, mean);
                break;
        }
        std = count >= 2 ? Math.Sqrt(squares / (count - 1)) : double.NaN;
    }

    /// <summary>Number of non-NaN values (n_j in §5.1, available factors in §5.4).</summary>
    public static int CountValid(ReadOnlySpan<double> values) => CountValid(values, KernelPath.Auto);

    internal static int CountValid(ReadOnlySpan<double> values, KernelPath path) => KernelPaths.Resolve(path) switch
    {
        KernelPath.Vector512 => CountAndSum512(values).Count,
        KernelPath.Vector256 => CountAndSum256(values).Count,
        _ => CountAndSumScalar(values, 0).Count,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Count, double Sum) CountAndSumScalar(ReadOnlySpan<double> values, int start)
    {
        int count = 0;
        double sum = 0.0;
        for (int i = start; i < values.Length; i++)
        {
            double x = values[i];
            if (double.IsNaN(x)) continue;
            sum += x;
            count++;
        }
        return (count, sum);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double SquaredDeviationsScalar(ReadOnlySpan<double> values, int start, double mean)
    {
        double squares = 0.0;
        for (int i = start; i < values.Length; i++)
        {
            double x = values[i];
            if (double.IsNaN(x)) continue;
            double d = x - mean;
            squares += d * d;
        }
        return squares;
    }

    // Two accumulators per pass hide the add latency; a NaN lane is masked to +0.0 (the compare mask
    // is all ones exactly where x == x) and subtracting the mask as an integer counts the valid lanes.

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Count, double Sum) CountAndSum256(ReadOnlySpan<double> values)
    {
        ref double v = ref MemoryMarshal.GetReference(values);
        int n = values.Length, i = 0;
        Vector256<double> s0 = Vector256<double>.Zero, s1 = Vector256<double>.Zero;
        Vector256<long> c0 = Vector256<long>.Zero, c1 = Vector256<long>.Zero;
        for (; i <= n - 8; i += 8)
        {
            var x0 = Vector256.LoadUnsafe(ref v, (nuint)i);
            var x1 = Vector256.LoadUnsafe(ref v, (nuint)(i + 4));
            var m0 = Vector256.Equals(x0, x0);
            var m1 = Vector256.Equals(x1, x1);
            s0 += x0 & m0;
            s1 += x1 & m1;
            c0 -= m0.AsInt64();
            c1 -= m1.AsInt64();
        }
        if (i <= n - 4)
        {
            var x0 = Vector256.LoadUnsafe(ref v, (nuint)i);
            var m0 = Vector256.Equals(x0, x0);
            s0 += x0 & m0;
            c0 -= m0.AsInt64();
            i += 4;
        }
        var (tailCount, tailSum) = CountAndSumScalar(values, i);
        return ((int)Vector256.Sum(c0 + c1) + tailCount, Vector256.Sum(s0 + s1) + tailSum);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double SquaredDeviations256(ReadOnlySpan<double> values, double mean)
    {
        ref double v = ref MemoryMarshal.GetReference(values);
        int n = values.Length, i = 0;
        var mu = Vector256.Create(mean);
        Vector256<double> q0 = Vector256<double>.Zero, q1 = Vector256<double>.Zero;
        for (; i <= n - 8; i += 8)
        {
            var x0 = Vector256.LoadUnsafe(ref v, (nuint)i);
            var x1 = Vector256.LoadUnsafe(ref v, (nuint)(i + 4));
            var d0 = (x0 - mu) & Vector256.Equals(x0, x0);
            var d1 = (x1 - mu) & Vector256.Equals(x1, x1);
            q0 += d0 * d0;
            q1 += d1 * d1;
        }
        if (i <= n - 4)
        {
            var x0 = Vector256.LoadUnsafe(ref v, (nuint)i);
            var d0 = (x0 - mu) & Vector256.Equals(x0, x0);
            q0 += d0 * d0;
            i += 4;
        }
        return Vector256.Sum(q0 + q1) + SquaredDeviationsScalar(values, i, mean);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Count, double Sum) CountAndSum512(ReadOnlySpan<double> values)
    {
        ref double v = ref MemoryMarshal.GetReference(values);
        int n = values.Length, i = 0;
        Vector512<double> s0 = Vector512<double>.Zero, s1 = Vector512<double>.Zero;
        Vector512<long> c0 = Vector512<long>.Zero, c1 = Vector512<long>.Zero;
        for (; i <= n - 16; i += 16)
        {
            var x0 = Vector512.LoadUnsafe(ref v, (nuint)i);
            var x1 = Vector512.LoadUnsafe(ref v, (nuint)(i + 8));
            var m0 = Vector512.Equals(x0, x0);
            var m1 = Vector512.Equals(x1, x1);
            s0 += x0 & m0;
            s1 += x1 & m1;
            c0 -= m0.AsInt64();
            c1 -= m1.AsInt64();
        }
        if (i <= n - 8)
        {
            var x0 = Vector512.LoadUnsafe(ref v, (nuint)i);
            var m0 = Vector512.Equals(x0, x0);
            s0 += x0 & m0;
            c0 -= m0.AsInt64();
            i += 8;
        }
        var (tailCount, tailSum) = CountAndSumScalar(values, i);
        return ((int)Vector512.Sum(c0 + c1) + tailCount, Vector512.Sum(s0 + s1) + tailSum);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double SquaredDeviations512(ReadOnlySpan<double> values, double mean)
    {
        ref double v = ref MemoryMarshal.GetReference(values);
        int n = values.Length, i = 0;
        var mu = Vector512.Create(mean);
        Vector512<double> q0 = Vector512<double>.Zero, q1 = Vector512<double>.Zero;
        for (; i <= n - 16; i += 16)
        {
            var x0 = Vector512.LoadUnsafe(ref v, (nuint)i);
            var x1 = Vector512.LoadUnsafe(ref v, (nuint)(i + 8));
            var d0 = (x0 - mu) & Vector512.Equals(x0, x0);
            var d1 = (x1 - mu) & Vector512.Equals(x1, x1);
            q0 += d0 * d0;
            q1 += d1 * d1;
        }
        if (i <= n - 8)
        {
            var x0 = Vector512.LoadUnsafe(ref v, (nuint)i);
            var d0 = (x0 - mu) & Vector512.Equals(x0, x0);
            q0 += d0 * d0;
            i += 8;
        }
        return Vector512.Sum(q0 + q1) + SquaredDeviationsScalar(values, i, mean);
    }
}
