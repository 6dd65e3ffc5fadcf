namespace IndexEngine.Core.Methodology;

/// <summary>The numeric kernels the scoring rules run on.</summary>
internal static class ScoringKernels
{
    public static void PercentileRank(ReadOnlySpan<double> values, Span<double> ranks)
    {
        var order = new List<int>();
        for (int i = 0; i < values.Length; i++)
        {
            ranks[i] = double.NaN;
            if (!double.IsNaN(values[i])) order.Add(i);
        }
        var v = values.ToArray();
        order.Sort((a, b) => v[a].CompareTo(v[b]));
        int n = order.Count;
        for (int start = 0; start < n;)
        {
            int end = start;
            while (end + 1 < n && v[order[end + 1]] == v[order[start]]) end++;
            double r = (start + 1 + end + 1) / 2.0;
            for (int k = start; k <= end; k++) ranks[order[k]] = n == 1 ? 0.5 : (r - 1) / (n - 1);
            start = end + 1;
        }
    }

    public static void MeanAndSampleStd(ReadOnlySpan<double> values, out int count, out double mean, out double std)
    {
        count = 0;
        double sum = 0;
        foreach (var x in values) if (!double.IsNaN(x)) { sum += x; count++; }
        mean = count > 0 ? sum / count : double.NaN;
        if (count < 2) { std = double.NaN; return; }
        double squares = 0;
        foreach (var x in values) if (!double.IsNaN(x)) squares += (x - mean) * (x - mean);
        std = Math.Sqrt(squares / (count - 1));
    }

    public static void ZScores(ReadOnlySpan<double> values, double mean, double std, int direction, double clip, Span<double> result)
    {
        for (int i = 0; i < values.Length; i++)
            result[i] = double.IsNaN(values[i]) ? double.NaN : Math.Clamp(direction * (values[i] - mean) / std, -clip, clip);
    }

    public static void WeightedRowMean(IReadOnlyList<double[]> columns, ReadOnlySpan<double> weights, Span<double> result)
    {
        for (int i = 0; i < result.Length; i++)
        {
            double numerator = 0, denominator = 0;
            for (int j = 0; j < columns.Count; j++)
            {
                double x = columns[j][i];
                if (double.IsNaN(x)) continue;
                numerator += weights[j] * x;
                denominator += weights[j];
            }
            result[i] = denominator > 0 ? numerator / denominator : double.NaN;
        }
    }
}
