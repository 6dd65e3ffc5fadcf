using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace IndexEngine.Scoring;

/// <summary>Percentile ranks (METHODOLOGY §5.3, reused for the CFS in §5.5).</summary>
public static class Ranking
{
    /// <summary>Below this many ranked values one comparison sort beats the radix passes' fixed cost.</summary>
    internal const int DefaultRadixThreshold = 1024;

    /// <summary>
    /// ranks[i] = (R - 1) / (n - 1), R the 1-based ascending rank of values[i] among the n non-NaN
    /// values, tied values sharing the average of their positions ((first + last) / 2, exact in
    /// binary); 0.5 when n = 1; NaN for a NaN value, which is never ranked. -0.0 and +0.0 tie.
    /// Bit-identical to sorting and averaging tie groups (the scalar reference). Temporary buffers come
    /// from <see cref="ArrayPool{T}"/>, so repeated calls do not allocate.
    /// <paramref name="ranks"/> must not overlap <paramref name="values"/> (tied values are re-read
    /// after ranks of earlier values have been written).
    /// </summary>
    public static void PercentileRank(ReadOnlySpan<double> values, Span<double> ranks) =>
        PercentileRank(values, ranks, KernelPath.Auto, DefaultRadixThreshold);

    // How it is fast: each value becomes one ulong whose high bits are an order-preserving image of
    // the double and whose low bits are its index (the vector part: transform, NaN compaction). Sorting
    // those plain integers needs no separate index array, and an LSD radix sort over only the key bits
    // takes 4 passes of 11 bits at N = 1,000,000. Dropping the key's low bits can only merge distinct
    // values that differ in nothing but their last indexBits mantissa bits (about 1e-10 relative at
    // N = 1,000,000); such a "collision" group is re-checked against the full values and split while
    // the ranks are assigned, so the result is still exact.

    /// <summary>Widest radix digit: 2,048 counters per pass still sit in L1/L2 while scattering.</summary>
    private const int MaxDigitBits = 11;

    internal static void PercentileRank(ReadOnlySpan<double> values, Span<double> ranks, KernelPath path, int radixThreshold)
    {
        if (ranks.Length != values.Length)
            throw new ArgumentException("ranks must have the length of values.", nameof(ranks));
        if (values.Overlaps(ranks))
            throw new ArgumentException("ranks must not overlap values.", nameof(ranks));
        int length = values.Length;
        if (length == 0) return;

        // Enough low bits to hold any index; at least one so that shifts stay below 64.
        int indexBits = Math.Max(1, 32 - BitOperations.LeadingZeroCount((uint)(length - 1)));
        ulong[] packedArray = ArrayPool<ulong>.Shared.Rent(length);
        ulong[]? scratchArray = null;
        try
        {
            Span<ulong> packed = packedArray.AsSpan(0, length);
            int n = KernelPaths.Resolve(path) switch
            {
                KernelPath.Vector512 => Pack512(values, ranks, packed, indexBits),
                KernelPath.Vector256 => Pack256(values, ranks, packed, indexBits),
                _ => PackScalar(values, ranks, packed, indexBits, 0, 0),
            };
            if (n == 0) return;

            Span<ulong> sorted = packed[..n];
            if (n < radixThreshold)
            {
                sorted.Sort();
            }
            else
            {
                scratchArray = ArrayPool<ulong>.Shared.Rent(n);
                sorted = RadixSort(sorted, scratchArray.AsSpan(0, n), indexBits);
            }
            AssignRanks(values, sorted, indexBits, ranks);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(packedArray);
            if (scratchArray is not null) ArrayPool<ulong>.Shared.Return(scratchArray);
        }
    }

    /// <summary>
    /// Maps a non-NaN double to a ulong with the same order: flip the sign bit of positives, all bits
    /// of negatives. Adding +0.0 first turns -0.0 into +0.0 (a tie) and changes nothing else.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong OrderedKey(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x + 0.0);
        return (ulong)(bits ^ ((bits >> 63) | long.MinValue));
    }

    /// <summary>(R - 1) / (n - 1) with R = (first + last) / 2; the scalar reference spells the same expression.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Percentile(int first, int last, int n) => ((((double)first + last) / 2.0) - 1.0) / (n - 1);

    private static int PackScalar(ReadOnlySpan<double> values, Span<double> ranks, Span<ulong> packed, int indexBits, int start, int count)
    {
        ulong keyMask = ~((1UL << indexBits) - 1);
        for (int i = start; i < values.Length; i++)
        {
            double x = values[i];
            if (double.IsNaN(x))
            {
                ranks[i] = double.NaN;
                continue;
            }
            packed[count++] = (OrderedKey(x) & keyMask) | (uint)i;
        }
        return count;
    }

    // Vector packing stores every block whole and advances past the valid lanes only; a block holding a
    // NaN (rare: missing data is a few percent) is re-written lane by lane to keep the valid ones in order.

    private static int Pack256(ReadOnlySpan<double> values, Span<double> ranks, Span<ulong> packed, int indexBits)
    {
        ref double src = ref MemoryMarshal.GetReference(values);
        ref ulong dst = ref MemoryMarshal.GetReference(packed);
        var keyMask = Vector256.Create(~((1UL << indexBits) - 1));
        var signBit = Vector256.Create(long.MinValue);
        var index = Vector256.Create(0UL, 1UL, 2UL, 3UL);
        var step = Vector256.Create(4UL);
        int i = 0, count = 0;
        for (; i <= values.Length - 4; i += 4, index += step)
        {
            var x = Vector256.LoadUnsafe(ref src, (nuint)i);
            var bits = (x + Vector256<double>.Zero).AsInt64();
            var key = (bits ^ (Vector256.LessThan(bits, Vector256<long>.Zero) | signBit)).AsUInt64();
            var p = (key & keyMask) | index;
            p.StoreUnsafe(ref dst, (nuint)count);
            uint valid = Vector256.Equals(x, x).ExtractMostSignificantBits();
            if (valid == 0b1111)
            {
                count += 4;
                continue;
            }
            for (int lane = 0; lane < 4; lane++)
            {
                if ((valid & (1u << lane)) != 0) Unsafe.Add(ref dst, count++) = p.GetElement(lane);
                else ranks[i + lane] = double.NaN;
            }
        }
        return PackScalar(values, ranks, packed, indexBits, i, count);
    }

    private static int Pack512(ReadOnlySpan<double> values, Span<double> ranks, Span<ulong> packed, int indexBits)
    {
        ref double src = ref MemoryMarshal.GetReference(values);
        ref ulong dst = ref MemoryMarshal.GetReference(packed);
        var keyMask = Vector512.Create(~((1UL << indexBits) - 1));
        var signBit = Vector512.Create(long.MinValue);
        var index = Vector512.Create(0UL, 1UL, 2UL, 3UL, 4UL, 5UL, 6UL, 7UL);
        var step = Vector512.Create(8UL);
        int i = 0, count = 0;
        for (; i <= values.Length - 8; i += 8, index += step)
        {
            var x = Vector512.LoadUnsafe(ref src, (nuint)i);
            var bits = (x + Vector512<double>.Zero).AsInt64();
            var key = (bits ^ (Vector512.LessThan(bits, Vector512<long>.Zero) | signBit)).AsUInt64();
            var p = (key & keyMask) | index;
            p.StoreUnsafe(ref dst, (nuint)count);
            ulong valid = Vector512.Equals(x, x).ExtractMostSignificantBits();
            if (valid == 0xFF)
            {
                count += 8;
                continue;
            }
            for (int lane = 0; lane < 8; lane++)
            {
                if ((valid & (1ul << lane)) != 0) Unsafe.Add(ref dst, count++) = p.GetElement(lane);
                else ranks[i + lane] = double.NaN;
            }
        }
        return PackScalar(values, ranks, packed, indexBits, i, count);
    }

    /// <summary>
    /// Stable LSD radix sort on bits [indexBits, 64) of each element; returns whichever buffer holds
    /// the result. All digit histograms come from one read; a digit that is the same for every element
    /// (e.g. the sign and exponent of same-signed data) is skipped because its pass would not move anything.
    /// </summary>
    private static unsafe Span<ulong> RadixSort(Span<ulong> keys, Span<ulong> scratch, int indexBits)
    {
        int n = keys.Length;
        int keyBits = 64 - indexBits;
        int passes = (keyBits + MaxDigitBits - 1) / MaxDigitBits;
        int digitBits = (keyBits + passes - 1) / passes;
        int buckets = 1 << digitBits;
        ulong digitMask = (ulong)buckets - 1;

        int[] countsArray = ArrayPool<int>.Shared.Rent(passes * buckets);
        try
        {
            Span<int> counts = countsArray.AsSpan(0, passes * buckets);
            counts.Clear();
            fixed (ulong* k = keys)
            fixed (int* c = counts)
            {
                for (int i = 0; i < n; i++)
                {
                    ulong v = k[i] >> indexBits;
                    int* h = c;
                    for (int p = 0; p < passes; p++, h += buckets, v >>= digitBits)
                        h[v & digitMask]++;
                }
            }

            Span<ulong> source = keys, target = scratch;
            for (int p = 0; p < passes; p++)
            {
                int shift = indexBits + p * digitBits;
                Span<int> offsets = counts.Slice(p * buckets, buckets);
                if (offsets[(int)((source[0] >> shift) & digitMask)] == n) continue;

                int sum = 0;
                for (int b = 0; b < buckets; b++)
                {
                    int size = offsets[b];
                    offsets[b] = sum;
                    sum += size;
                }
                fixed (ulong* s = source)
                fixed (ulong* t = target)
                fixed (int* o = offsets)
                {
                    for (int i = 0; i < n; i++)
                    {
                        ulong v = s[i];
                        t[o[(v >> shift) & digitMask]++] = v;
                    }
                }
                Span<ulong> swap = source;
                source = target;
                target = swap;
            }
            return source;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(countsArray);
        }
    }

    private static void AssignRanks(ReadOnlySpan<double> values, ReadOnlySpan<ulong> sorted, int indexBits, Span<double> ranks)
    {
        int n = sorted.Length;
        ulong indexMask = (1UL << indexBits) - 1;
        if (n == 1)
        {
            ranks[(int)(sorted[0] & indexMask)] = 0.5;
            return;
        }
        for (int start = 0; start < n;)
        {
            ulong head = sorted[start] >> indexBits;
            int end = start + 1;
            while (end < n && sorted[end] >> indexBits == head) end++;
            if (end - start == 1)
                ranks[(int)(sorted[start] & indexMask)] = Percentile(start + 1, start + 1, n);
            else
                RankGroup(values, sorted[start..end], start, n, indexMask, ranks);
            start = end;
        }
    }

    /// <summary>
    /// Elements whose truncated keys agree: almost always true ties, which share one rank. If the full
    /// values differ (a collision in the dropped low bits), order the group by full key and rank its
    /// tie groups separately.
    /// </summary>
    private static void RankGroup(ReadOnlySpan<double> values, ReadOnlySpan<ulong> group, int offset, int n, ulong indexMask, Span<double> ranks)
    {
        ulong firstKey = OrderedKey(values[(int)(group[0] & indexMask)]);
        bool allTied = true;
        for (int k = 1; k < group.Length && allTied; k++)
            allTied = OrderedKey(values[(int)(group[k] & indexMask)]) == firstKey;
        if (allTied)
        {
            double p = Percentile(offset + 1, offset + group.Length, n);
            foreach (ulong g in group) ranks[(int)(g & indexMask)] = p;
            return;
        }

        ulong[] keyArray = ArrayPool<ulong>.Shared.Rent(group.Length);
        int[] indexArray = ArrayPool<int>.Shared.Rent(group.Length);
        try
        {
            Span<ulong> keys = keyArray.AsSpan(0, group.Length);
            Span<int> index = indexArray.AsSpan(0, group.Length);
            for (int k = 0; k < group.Length; k++)
            {
                index[k] = (int)(group[k] & indexMask);
                keys[k] = OrderedKey(values[index[k]]);
            }
            keys.Sort(index);
            for (int start = 0; start < keys.Length;)
            {
                int end = start + 1;
                while (end < keys.Length && keys[end] == keys[start]) end++;
                double p = Percentile(offset + start + 1, offset + end, n);
                for (int k = start; k < end; k++) ranks[index[k]] = p;
                start = end;
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keyArray);
            ArrayPool<int>.Shared.Return(indexArray);
        }
    }
}
