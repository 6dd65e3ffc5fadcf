using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace IndexEngine.Scoring;

/// <summary>NaN-aware weighted means across columns: factor scores (§5.2) and the composite (§5.4).</summary>
public static class Aggregation
{
    // Loops are AggressiveOptimization: a scoring run calls each kernel too few times for tiered
    // compilation to replace the unoptimised first version.

    /// <summary>
    /// result[i] = sum_j w_j x_ij / sum_j w_j over the columns j where x_ij is not NaN, i.e. the
    /// weights renormalised over the available values; NaN when fewer than
    /// <paramref name="minCount"/> columns have a value (§5.4 min_factors; 1 gives "missing if none").
    /// Columns are separate arrays (one per metric or factor, indexed by security) because that is how
    /// the scoring pipeline produces them, so no caller has to copy into a matrix. Numerator and
    /// denominator are accumulated strictly in column order j = 0..k-1 and divided once, on every
    /// path, so vector and scalar results are bit-identical. <paramref name="result"/> may be one of
    /// the columns itself (each row is read completely before it is written).
    /// </summary>
    /// <param name="columns">k columns, each of length result.Length.</param>
    /// <param name="weights">k finite weights w_j &gt; 0.</param>
    public static void WeightedRowMean(ReadOnlySpan<double[]> columns, ReadOnlySpan<double> weights, Span<double> result, int minCount = 1) =>
        WeightedRowMean(columns, weights, result, minCount, KernelPath.Auto);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void WeightedRowMean(ReadOnlySpan<double[]> columns, ReadOnlySpan<double> weights, Span<double> result, int minCount, KernelPath path)
    {
        if (weights.Length != columns.Length)
            throw new ArgumentException("There must be one weight per column.", nameof(weights));
        if (minCount < 1)
            throw new ArgumentOutOfRangeException(nameof(minCount), minCount, "minCount must be at least 1.");
        for (int j = 0; j < columns.Length; j++)
        {
            if (columns[j] is null || columns[j].Length != result.Length)
                throw new ArgumentException($"Column {j} must have the length of result.", nameof(columns));
            if (!(weights[j] > 0) || double.IsPositiveInfinity(weights[j]))
                throw new ArgumentOutOfRangeException(nameof(weights), weights[j], $"Weight {j} must be finite and positive.");
            KernelPaths.RequireSameOrDisjoint<double>(columns[j], result, nameof(result));
        }

        int i = 0;
        switch (KernelPaths.Resolve(path))
        {
            case KernelPath.Vector512:
                i = WeightedRowMean512(columns, weights, result, minCount);
                break;
            case KernelPath.Vector256:
                i = WeightedRowMean256(columns, weights, result, minCount);
                break;
        }
        for (; i < result.Length; i++)
        {
            double numerator = 0.0, denominator = 0.0;
            int available = 0;
            for (int j = 0; j < columns.Length; j++)
            {
                double x = columns[j][i];
                if (double.IsNaN(x)) continue;
                numerator += weights[j] * x;
                denominator += weights[j];
                available++;
            }
            result[i] = available >= minCount ? numerator / denominator : double.NaN;
        }
    }

    // A block of rows is carried through all columns in registers. A NaN lane keeps its old sums via a
    // blend (not by adding 0.0), which is exactly the scalar "skip".

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int WeightedRowMean256(ReadOnlySpan<double[]> columns, ReadOnlySpan<double> weights, Span<double> result, int minCount)
    {
        ref double dst = ref MemoryMarshal.GetReference(result);
        var required = Vector256.Create((long)minCount);
        var nan = Vector256.Create(double.NaN);
        int i = 0;
        for (; i <= result.Length - 4; i += 4)
        {
            var numerator = Vector256<double>.Zero;
            var denominator = Vector256<double>.Zero;
            var available = Vector256<long>.Zero;
            for (int j = 0; j < columns.Length; j++)
            {
                var x = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(columns[j]), (nuint)i);
                var w = Vector256.Create(weights[j]);
                var valid = Vector256.Equals(x, x);
                numerator = Vector256.ConditionalSelect(valid, numerator + w * x, numerator);
                denominator = Vector256.ConditionalSelect(valid, denominator + w, denominator);
                available -= valid.AsInt64();
            }
            var mean = numerator / denominator;
            Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(available, required).AsDouble(), mean, nan)
                .StoreUnsafe(ref dst, (nuint)i);
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int WeightedRowMean512(ReadOnlySpan<double[]> columns, ReadOnlySpan<double> weights, Span<double> result, int minCount)
    {
        ref double dst = ref MemoryMarshal.GetReference(result);
        var required = Vector512.Create((long)minCount);
        var nan = Vector512.Create(double.NaN);
        int i = 0;
        for (; i <= result.Length - 8; i += 8)
        {
            var numerator = Vector512<double>.Zero;
            var denominator = Vector512<double>.Zero;
            var available = Vector512<long>.Zero;
            for (int j = 0; j < columns.Length; j++)
            {
                var x = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(columns[j]), (nuint)i);
                var w = Vector512.Create(weights[j]);
                var valid = Vector512.Equals(x, x);
                numerator = Vector512.ConditionalSelect(valid, numerator + w * x, numerator);
                denominator = Vector512.ConditionalSelect(valid, denominator + w, denominator);
                available -= valid.AsInt64();
            }
            var mean = numerator / denominator;
            Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(available, required).AsDouble(), mean, nan)
                .StoreUnsafe(ref dst, (nuint)i);
        }
        return i;
    }
}
