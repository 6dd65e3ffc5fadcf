using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace IndexEngine.Scoring;

/// <summary>Metric z-scores (METHODOLOGY §5.1).</summary>
public static class Standardization
{
    // Loops are AggressiveOptimization: a scoring run calls each kernel too few times for tiered
    // compilation to replace the unoptimised first version.

    /// <summary>
    /// result[i] = clamp(direction * (x_i - mean) / std, -clip, +clip); NaN stays NaN. Every path
    /// evaluates exactly that expression, left to right, and clamps with the same two comparisons as
    /// <see cref="Math.Clamp(double, double, double)"/>, so the vector result equals the scalar one bit
    /// for bit. Whether std is usable (n_j &lt; 3, s = 0) is the caller's rule; this kernel does not
    /// second-guess it. <paramref name="result"/> may be <paramref name="values"/> itself.
    /// </summary>
    /// <param name="direction">+1 when a higher metric is better, -1 when lower is better.</param>
    /// <param name="clip">Positive bound (scoring.z_clip); +Infinity disables clipping.</param>
    public static void ZScores(ReadOnlySpan<double> values, double mean, double std, int direction, double clip, Span<double> result) =>
        ZScores(values, mean, std, direction, clip, result, KernelPath.Auto);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ZScores(ReadOnlySpan<double> values, double mean, double std, int direction, double clip, Span<double> result, KernelPath path)
    {
        if (result.Length != values.Length)
            throw new ArgumentException("result must have the length of values.", nameof(result));
        if (direction is not (1 or -1))
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "direction must be +1 or -1.");
        if (!(clip > 0))
            throw new ArgumentOutOfRangeException(nameof(clip), clip, "clip must be positive.");
        KernelPaths.RequireSameOrDisjoint(values, result, nameof(result));

        int i = 0;
        switch (KernelPaths.Resolve(path))
        {
            case KernelPath.Vector512:
                i = ZScores512(values, mean, std, direction, clip, result);
                break;
            case KernelPath.Vector256:
                i = ZScores256(values, mean, std, direction, clip, result);
                break;
        }
        for (; i < values.Length; i++)
        {
            double z = direction * (values[i] - mean) / std;
            result[i] = z < -clip ? -clip : z > clip ? clip : z;
        }
    }

    // The blends mirror the scalar ternary: a NaN fails both comparisons and passes through unchanged.

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ZScores256(ReadOnlySpan<double> values, double mean, double std, int direction, double clip, Span<double> result)
    {
        ref double src = ref MemoryMarshal.GetReference(values);
        ref double dst = ref MemoryMarshal.GetReference(result);
        var dir = Vector256.Create((double)direction);
        var mu = Vector256.Create(mean);
        var sd = Vector256.Create(std);
        var lo = Vector256.Create(-clip);
        var hi = Vector256.Create(clip);
        int i = 0;
        for (; i <= values.Length - 4; i += 4)
        {
            var z = dir * (Vector256.LoadUnsafe(ref src, (nuint)i) - mu) / sd;
            z = Vector256.ConditionalSelect(Vector256.LessThan(z, lo), lo, z);
            z = Vector256.ConditionalSelect(Vector256.GreaterThan(z, hi), hi, z);
            z.StoreUnsafe(ref dst, (nuint)i);
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ZScores512(ReadOnlySpan<double> values, double mean, double std, int direction, double clip, Span<double> result)
    {
        ref double src = ref MemoryMarshal.GetReference(values);
        ref double dst = ref MemoryMarshal.GetReference(result);
        var dir = Vector512.Create((double)direction);
        var mu = Vector512.Create(mean);
        var sd = Vector512.Create(std);
        var lo = Vector512.Create(-clip);
        var hi = Vector512.Create(clip);
        int i = 0;
        for (; i <= values.Length - 8; i += 8)
        {
            var z = dir * (Vector512.LoadUnsafe(ref src, (nuint)i) - mu) / sd;
            z = Vector512.ConditionalSelect(Vector512.LessThan(z, lo), lo, z);
            z = Vector512.ConditionalSelect(Vector512.GreaterThan(z, hi), hi, z);
            z.StoreUnsafe(ref dst, (nuint)i);
        }
        return i;
    }
}
