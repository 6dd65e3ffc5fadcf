namespace IndexEngine.Scoring;

/// <summary>
/// Plain, obviously-correct versions of the scoring kernels. They are the specification the fast
/// kernels are tested against (bit for bit where the brief demands it) and the benchmark baseline;
/// production code calls <see cref="Ranking"/>, <see cref="Moments"/>, <see cref="Standardization"/>
/// and <see cref="Aggregation"/>.
/// </summary>
internal static class ScalarReference
{
    /// <summary>METHODOLOGY §5.3 by the book: sort the non-NaN values, average tied 1-based positions.</summary>
    public static void PercentileRank(ReadOnlySpan<double> values, Span<double> ranks)
    {
        if (ranks.Length != values.Length)
            throw new ArgumentException("ranks must have the length of values.", nameof(ranks));

        int n = 0;
        foreach (double x in values)
            if (!double.IsNaN(x)) n++;

        var keys = new double[n];
        var index = new int[n];
        int k = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                ranks[i] = double.NaN;
                continue;
            }
            keys[k] = values[i];
            index[k] = i;
            k++;
        }

        Array.Sort(keys, index);

        // -0.0 == +0.0, so signed zeros fall into one tie group as the methodology's "ties" require.
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && keys[end] == keys[start]) end++;
            int first = start + 1, last = end;
            double p = n == 1 ? 0.5 : ((((double)first + last) / 2.0) - 1.0) / (n - 1);
            for (int j = start; j < end; j++) ranks[index[j]] = p;
            start = end;
        }
    }

    /// <summary>NaN-skipping two-pass mean and sample standard deviation (n - 1).</summary>
    public static void MeanAndSampleStd(ReadOnlySpan<double> values, out int count, out double mean, out double std)
    {
        double sum = 0.0;
        count = 0;
        foreach (double x in values)
        {
            if (double.IsNaN(x)) continue;
            sum += x;
            count++;
        }
        mean = count > 0 ? sum / count : double.NaN;

        double squares = 0.0;
        foreach (double x in values)
        {
            if (double.IsNaN(x)) continue;
            double d = x - mean;
            squares += d * d;
        }
        std = count >= 2 ? Math.Sqrt(squares / (count - 1)) : double.NaN;
    }

    /// <summary>clamp(direction * (x - mean) / std, -clip, +clip); NaN stays NaN.</summary>
    public static void ZScores(ReadOnlySpan<double> values, double mean, double std, int direction, double clip, Span<double> result)
    {
        if (result.Length != values.Length)
            throw new ArgumentException("result must have the length of values.", nameof(result));
        for (int i = 0; i < values.Length; i++)
        {
            double z = direction * (values[i] - mean) / std;
            result[i] = Math.Clamp(z, -clip, clip);
        }
    }

    /// <summary>
    /// Row i: sum_j w_j x_ij / sum_j w_j over the non-NaN x_ij, accumulated in column order;
    /// NaN when fewer than <paramref name="minCount"/> columns have a value.
    /// </summary>
    public static void WeightedRowMean(ReadOnlySpan<double[]> columns, ReadOnlySpan<double> weights, Span<double> result, int minCount = 1)
    {
        for (int i = 0; i < result.Length; i++)
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
            result[i] = available >= minCount && available > 0 ? numerator / denominator : double.NaN;
        }
    }
}
