using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace IndexEngine.Scoring;

/// <summary>Percentile ranks (METHODOLOGY §5.3, reused for the CFS in §5.5).</summary>
[SkipLocalsInit]
public static class Ranking
{
    /// <summary>
    /// Below this many values one comparison sort beats the radix passes' fixed cost (the crossover
    /// was measured between 200 and 400 values).
    /// </summary>
    internal const int DefaultRadixThreshold = 320;

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

    // How it is fast. Each value x becomes one ulong: high bits an image of x that never reverses
    // the order, low bits its index. Sorting plain integers needs no separate index array. The image is
    // the IEEE bit pattern (made unsigned-sortable) of 1 + 0.9375 (x - min) / (max - min): sign and
    // exponent are constant, so the key bits spread evenly over the data's range instead of piling into
    // a few binades; with an infinite or degenerate range it is x itself. (The vector parts: min/max,
    // this transform, NaN compaction and the AND/OR of all keys; later the walk over singleton ranks.) The LSD radix sort then orders only a
    // window of key bits: bits every key shares are skipped, and log2(n) + 10 bits below the highest
    // varying one are sorted (3 passes of 10 bits at N = 1,000,000). Elements equal in that window form
    // a group, checked against the full values while the ranks are assigned: usually a true tie;
    // otherwise (a "collision": distinct values the window or the rounding of the map cannot tell
    // apart) it is ordered by full key on the spot. So the result is exact for any input; only inputs
    // whose values crowd into a sliver of their range (not scores) pay for extra comparison sorting.

    // Loops are AggressiveOptimization: a scoring run calls each kernel only a handful of times, too
    // few for tiered compilation to replace the unoptimised first version (or its on-stack-replacement
    // variant, which kept loop variables on the stack).

    /// <summary>Widest radix digit: 2^MaxDigitBits counters and write streams per pass.</summary>
    private const int MaxDigitBits = 10;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
            KernelPath resolved = KernelPaths.Resolve(path);
            var map = KeyMap.For(resolved switch
            {
                KernelPath.Vector512 => Range512(values),
                KernelPath.Vector256 => Range256(values),
                _ => RangeScalar(values, 0, double.PositiveInfinity, double.NegativeInfinity),
            });
            var (n, varying) = resolved switch
            {
                KernelPath.Vector512 => Pack512(values, ranks, packed, indexBits, map),
                KernelPath.Vector256 => Pack256(values, ranks, packed, indexBits, map),
                _ => PackScalar(values, ranks, packed, indexBits, map, 0, 0, ~0UL, 0UL),
            };
            if (n == 0) return;

            if (n == 1)
            {
                ranks[(int)(packed[0] & ((1UL << indexBits) - 1))] = 0.5;
                return;
            }

            Span<ulong> sorted = packed[..n];
            int groupShift = indexBits;
            if (n < radixThreshold)
            {
                sorted.Sort();
            }
            else if (varying != 0)
            {
                scratchArray = ArrayPool<ulong>.Shared.Rent(n);
                sorted = RadixSort(sorted, scratchArray.AsSpan(0, n), indexBits, varying, out groupShift);
            }
            AssignRanks(values, sorted, groupShift, indexBits, ranks, resolved != KernelPath.Scalar);
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

    /// <summary>
    /// How many key bits the radix passes order: log2(n) + 10, so that values spread evenly share a
    /// window with probability about 2^-10 (each shared window costs a look at the full values);
    /// 3 passes of 10 bits at N = 1,000,000 measured faster than 4 of 8 or 3 of 9 with more collisions.
    /// </summary>
    private static int SortBitsFor(int n) => (32 - BitOperations.LeadingZeroCount((uint)n)) + 10;

    /// <summary>
    /// The monotone (never order-reversing) map x -> (x - Shift) * Scale + Offset applied before the
    /// bit transform. Rounding may merge distinct neighbours; the group check resolves those.
    /// </summary>
    private readonly record struct KeyMap(double Shift, double Scale, double Offset)
    {
        public static KeyMap For((double Min, double Max) range)
        {
            // Onto [1, 1.9375]: one binade even after rounding (so the exponent bits never vary), and
            // nearly all of it, so the top mantissa bit still splits the data.
            double width = range.Max - range.Min;
            double scale = 0.9375 / width;
            return width > 0 && double.IsFinite(width) && double.IsFinite(scale)
                ? new KeyMap(range.Min, scale, 1.0)
                : new KeyMap(0.0, 1.0, 0.0);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Apply(double x) => ((x - Shift) * Scale) + Offset;
    }

    /// <summary>Smallest and largest non-NaN value from <paramref name="start"/> on (+inf, -inf when none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Min, double Max) RangeScalar(ReadOnlySpan<double> values, int start, double min, double max)
    {
        for (int i = start; i < values.Length; i++)
        {
            double x = values[i];
            if (x < min) min = x;
            if (x > max) max = x;
        }
        return (min, max);
    }

    // NaN lanes compare false and so never replace the running minimum or maximum.

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Min, double Max) Range256(ReadOnlySpan<double> values)
    {
        ref double src = ref MemoryMarshal.GetReference(values);
        var min = Vector256.Create(double.PositiveInfinity);
        var max = Vector256.Create(double.NegativeInfinity);
        int i = 0;
        for (; i <= values.Length - 4; i += 4)
        {
            var x = Vector256.LoadUnsafe(ref src, (nuint)i);
            min = Vector256.ConditionalSelect(Vector256.LessThan(x, min), x, min);
            max = Vector256.ConditionalSelect(Vector256.GreaterThan(x, max), x, max);
        }
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (int lane = 0; lane < 4; lane++)
        {
            lo = Math.Min(lo, min.GetElement(lane));
            hi = Math.Max(hi, max.GetElement(lane));
        }
        return RangeScalar(values, i, lo, hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Min, double Max) Range512(ReadOnlySpan<double> values)
    {
        ref double src = ref MemoryMarshal.GetReference(values);
        var min = Vector512.Create(double.PositiveInfinity);
        var max = Vector512.Create(double.NegativeInfinity);
        int i = 0;
        for (; i <= values.Length - 8; i += 8)
        {
            var x = Vector512.LoadUnsafe(ref src, (nuint)i);
            min = Vector512.ConditionalSelect(Vector512.LessThan(x, min), x, min);
            max = Vector512.ConditionalSelect(Vector512.GreaterThan(x, max), x, max);
        }
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (int lane = 0; lane < 8; lane++)
        {
            lo = Math.Min(lo, min.GetElement(lane));
            hi = Math.Max(hi, max.GetElement(lane));
        }
        return RangeScalar(values, i, lo, hi);
    }

    /// <summary>
    /// Packs the non-NaN values from <paramref name="start"/> on; returns the packed count and the key
    /// bits that differ between packed elements (AND/OR accumulated from the given seeds).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Count, ulong Varying) PackScalar(ReadOnlySpan<double> values, Span<double> ranks, Span<ulong> packed,
        int indexBits, KeyMap map, int start, int count, ulong and, ulong or)
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
            ulong key = OrderedKey(map.Apply(x)) & keyMask;
            and &= key;
            or |= key;
            packed[count++] = key | (uint)i;
        }
        return (count, count == 0 ? 0 : (and ^ or) & keyMask);
    }

    // Vector packing stores every block whole and advances past the valid lanes only; a block holding a
    // NaN (rare: missing data is a few percent) is re-written lane by lane to keep the valid ones in order.

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Count, ulong Varying) Pack256(ReadOnlySpan<double> values, Span<double> ranks, Span<ulong> packed, int indexBits, KeyMap map)
    {
        var shift = Vector256.Create(map.Shift);
        var scale = Vector256.Create(map.Scale);
        var offset = Vector256.Create(map.Offset);
        ref double src = ref MemoryMarshal.GetReference(values);
        ref ulong dst = ref MemoryMarshal.GetReference(packed);
        var keyMask = Vector256.Create(~((1UL << indexBits) - 1));
        var signBit = Vector256.Create(long.MinValue);
        var index = Vector256.Create(0UL, 1UL, 2UL, 3UL);
        var step = Vector256.Create(4UL);
        var and = Vector256<ulong>.AllBitsSet;
        var or = Vector256<ulong>.Zero;
        ulong laneAnd = ~0UL, laneOr = 0UL;
        int i = 0, count = 0;
        for (; i <= values.Length - 4; i += 4, index += step)
        {
            var x = Vector256.LoadUnsafe(ref src, (nuint)i);
            var bits = ((((x - shift) * scale) + offset) + Vector256<double>.Zero).AsInt64();
            var key = (bits ^ (Vector256.LessThan(bits, Vector256<long>.Zero) | signBit)).AsUInt64() & keyMask;
            (key | index).StoreUnsafe(ref dst, (nuint)count);
            uint valid = Vector256.Equals(x, x).ExtractMostSignificantBits();
            if (valid == 0b1111)
            {
                and &= key;
                or |= key;
                count += 4;
                continue;
            }
            for (int lane = 0; lane < 4; lane++)
            {
                if ((valid & (1u << lane)) == 0)
                {
                    ranks[i + lane] = double.NaN;
                    continue;
                }
                ulong k = key.GetElement(lane);
                laneAnd &= k;
                laneOr |= k;
                Unsafe.Add(ref dst, count++) = k | (uint)(i + lane);
            }
        }
        for (int lane = 0; lane < 4; lane++)
        {
            laneAnd &= and.GetElement(lane);
            laneOr |= or.GetElement(lane);
        }
        return PackScalar(values, ranks, packed, indexBits, map, i, count, laneAnd, laneOr);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Count, ulong Varying) Pack512(ReadOnlySpan<double> values, Span<double> ranks, Span<ulong> packed, int indexBits, KeyMap map)
    {
        var shift = Vector512.Create(map.Shift);
        var scale = Vector512.Create(map.Scale);
        var offset = Vector512.Create(map.Offset);
        ref double src = ref MemoryMarshal.GetReference(values);
        ref ulong dst = ref MemoryMarshal.GetReference(packed);
        var keyMask = Vector512.Create(~((1UL << indexBits) - 1));
        var signBit = Vector512.Create(long.MinValue);
        var index = Vector512.Create(0UL, 1UL, 2UL, 3UL, 4UL, 5UL, 6UL, 7UL);
        var step = Vector512.Create(8UL);
        var and = Vector512<ulong>.AllBitsSet;
        var or = Vector512<ulong>.Zero;
        ulong laneAnd = ~0UL, laneOr = 0UL;
        int i = 0, count = 0;
        for (; i <= values.Length - 8; i += 8, index += step)
        {
            var x = Vector512.LoadUnsafe(ref src, (nuint)i);
            var bits = ((((x - shift) * scale) + offset) + Vector512<double>.Zero).AsInt64();
            var key = (bits ^ (Vector512.LessThan(bits, Vector512<long>.Zero) | signBit)).AsUInt64() & keyMask;
            (key | index).StoreUnsafe(ref dst, (nuint)count);
            ulong valid = Vector512.Equals(x, x).ExtractMostSignificantBits();
            if (valid == 0xFF)
            {
                and &= key;
                or |= key;
                count += 8;
                continue;
            }
            for (int lane = 0; lane < 8; lane++)
            {
                if ((valid & (1ul << lane)) == 0)
                {
                    ranks[i + lane] = double.NaN;
                    continue;
                }
                ulong k = key.GetElement(lane);
                laneAnd &= k;
                laneOr |= k;
                Unsafe.Add(ref dst, count++) = k | (uint)(i + lane);
            }
        }
        for (int lane = 0; lane < 8; lane++)
        {
            laneAnd &= and.GetElement(lane);
            laneOr |= or.GetElement(lane);
        }
        return PackScalar(values, ranks, packed, indexBits, map, i, count, laneAnd, laneOr);
    }

    /// <summary>
    /// Stable LSD radix sort of the window of key bits chosen from <paramref name="varying"/>; returns
    /// whichever buffer holds the result and, in <paramref name="groupShift"/>, the lowest sorted bit:
    /// elements equal from there up are adjacent but not yet ordered among themselves. Each pass also
    /// counts the next pass's digits, so the data is read once per pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe Span<ulong> RadixSort(Span<ulong> keys, Span<ulong> scratch, int indexBits, ulong varying, out int groupShift)
    {
        int n = keys.Length;
        int high = 64 - BitOperations.LeadingZeroCount(varying);
        int low = Math.Max(indexBits, BitOperations.TrailingZeroCount(varying));
        int bits = Math.Min(high - low, SortBitsFor(n));
        int passes = (bits + MaxDigitBits - 1) / MaxDigitBits;
        int digitBits = (bits + passes - 1) / passes;
        int buckets = 1 << digitBits;
        ulong digitMask = (ulong)buckets - 1;
        int first = Math.Max(low, high - passes * digitBits);
        groupShift = first;

        int* current = stackalloc int[buckets];
        int* next = stackalloc int[buckets];
        new Span<int>(current, buckets).Clear();
        Span<ulong> source = keys, target = scratch;
        fixed (ulong* s = source)
        {
            CountDigits(s, n, first, digitMask, current);
        }
        for (int p = 0; p < passes; p++)
        {
            int shift = first + p * digitBits;
            int sum = 0;
            for (int d = 0; d < buckets; d++)
            {
                int size = current[d];
                current[d] = sum;
                sum += size;
            }
            new Span<int>(next, buckets).Clear();
            fixed (ulong* s = source)
            fixed (ulong* t = target)
            {
                ScatterPass(s, t, n, shift, p + 1 < passes ? shift + digitBits : 0, digitMask, current, next);
            }
            int* swapCounts = current;
            current = next;
            next = swapCounts;
            Span<ulong> swap = source;
            source = target;
            target = swap;
        }
        return source;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void CountDigits(ulong* source, int n, int shift, ulong digitMask, int* counts)
    {
        for (int i = 0; i < n; i++) counts[(source[i] >> shift) & digitMask]++;
    }

    /// <summary>
    /// One stable counting pass: element v goes to target[offsets[digit(v)]++]; it is also counted by
    /// its next digit for the next pass. A method of its own so that the JIT keeps every operand in a
    /// register (inside RadixSort they spilled to the stack, costing a third of the pass).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ScatterPass(ulong* source, ulong* target, int n, int shift, int nextShift, ulong digitMask, int* offsets, int* nextCounts)
    {
        for (int i = 0; i < n; i++)
        {
            ulong v = source[i];
            target[offsets[(v >> shift) & digitMask]++] = v;
            nextCounts[(v >> nextShift) & digitMask]++;
        }
    }

    /// <summary>
    /// Walks the sorted elements in groups equal from bit <paramref name="groupShift"/> up and writes
    /// each element's percentile to ranks[index]. With <paramref name="vector"/>, four elements that
    /// are all alone in their groups (the common case) are done at once: one compare finds the group
    /// boundaries and one division gives the four percentiles, pos / (n - 1), which is exactly what
    /// <see cref="Percentile"/> yields for first = last = pos + 1 (every intermediate is an integer).
    /// A group's members are compared with full keys read back from <paramref name="values"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AssignRanks(ReadOnlySpan<double> values, ReadOnlySpan<ulong> sorted, int groupShift, int indexBits, Span<double> ranks, bool vector)
    {
        int n = sorted.Length;
        ulong indexMask = (1UL << indexBits) - 1;
        ref ulong s = ref MemoryMarshal.GetReference(sorted);
        ref double v = ref MemoryMarshal.GetReference(values);
        ref double r = ref MemoryMarshal.GetReference(ranks);
        bool prefetch = Sse.IsSupported && n >= PrefetchFrom;
        var indexMasks = Vector256.Create(indexMask);
        var denominator = Vector256.Create((double)(n - 1));
        var laneOffsets = Vector256.Create(0.0, 1.0, 2.0, 3.0);
        int prefetched = 0;
        for (int start = 0; start < n;)
        {
            for (; prefetch && prefetched < start + GroupPrefetchDistance && prefetched + 1 < n; prefetched++)
                PrefetchGroupValues(ref s, ref v, prefetched, groupShift, indexMask);

            // start is always the first element of a group; elements start..start+3 are singletons
            // when each differs from its successor in the sorted bits.
            if (vector && start + 4 < n)
            {
                var here = Vector256.LoadUnsafe(ref s, (nuint)start);
                var next = Vector256.LoadUnsafe(ref s, (nuint)(start + 1));
                if (!Vector256.EqualsAny(Vector256.ShiftRightLogical(here ^ next, groupShift), Vector256<ulong>.Zero))
                {
                    var p = (Vector256.Create((double)start) + laneOffsets) / denominator;
                    var index = here & indexMasks;
                    Unsafe.Add(ref r, (nint)index.GetElement(0)) = p.GetElement(0);
                    Unsafe.Add(ref r, (nint)index.GetElement(1)) = p.GetElement(1);
                    Unsafe.Add(ref r, (nint)index.GetElement(2)) = p.GetElement(2);
                    Unsafe.Add(ref r, (nint)index.GetElement(3)) = p.GetElement(3);
                    start += 4;
                    continue;
                }
            }

            ulong element = Unsafe.Add(ref s, start);
            ulong head = element >> groupShift;
            int end = start + 1;
            while (end < n && Unsafe.Add(ref s, end) >> groupShift == head) end++;
            if (end - start == 1)
            {
                ranks[(int)(element & indexMask)] = Percentile(start + 1, start + 1, n);
                start = end;
                continue;
            }

            ulong firstKey = OrderedKey(Unsafe.Add(ref v, (nint)(element & indexMask)));
            bool tied = true;
            for (int k = start + 1; k < end; k++)
                tied &= OrderedKey(Unsafe.Add(ref v, (nint)(Unsafe.Add(ref s, k) & indexMask))) == firstKey;
            if (tied)
            {
                double p = Percentile(start + 1, end, n);
                for (int k = start; k < end; k++) ranks[(int)(Unsafe.Add(ref s, k) & indexMask)] = p;
            }
            else
            {
                RankCollision(values, sorted[start..end], start, n, indexMask, ranks);
            }
            start = end;
        }
    }

    /// <summary>Below this size the values sit in cache and prefetching them only costs instructions.</summary>
    private const int PrefetchFrom = 1 << 16;

    /// <summary>
    /// How far ahead of the walk a group's values are prefetched: in sorted order they sit at random
    /// indices, so without it each group waits out a full cache miss (measured: about 1.4 ms at
    /// N = 1,000,000 with 2% ties).
    /// </summary>
    private const int GroupPrefetchDistance = 32;

    /// <summary>If positions p and p + 1 start or continue a group, prefetch both values the group check will read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchGroupValues(ref ulong sorted, ref double values, int p, int groupShift, ulong indexMask)
    {
        ulong a = Unsafe.Add(ref sorted, p), b = Unsafe.Add(ref sorted, p + 1);
        if ((a ^ b) >> groupShift != 0) return;
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref values, (nint)(a & indexMask))));
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref values, (nint)(b & indexMask))));
    }

    /// <summary>
    /// A group equal in the sorted bits whose full values differ: order it by full key and rank its
    /// tie groups separately.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RankCollision(ReadOnlySpan<double> values, ReadOnlySpan<ulong> group, int offset, int n, ulong indexMask, Span<double> ranks)
    {
        // Collisions are few and small: sort on the stack unless a group is unusually large.
        const int StackLimit = 64;
        ulong[]? keyArray = null;
        int[]? indexArray = null;
        Span<ulong> keys = group.Length <= StackLimit
            ? stackalloc ulong[StackLimit]
            : (keyArray = ArrayPool<ulong>.Shared.Rent(group.Length));
        Span<int> index = group.Length <= StackLimit
            ? stackalloc int[StackLimit]
            : (indexArray = ArrayPool<int>.Shared.Rent(group.Length));
        keys = keys[..group.Length];
        index = index[..group.Length];
        try
        {
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
            if (keyArray is not null) ArrayPool<ulong>.Shared.Return(keyArray);
            if (indexArray is not null) ArrayPool<int>.Shared.Return(indexArray);
        }
    }
}
