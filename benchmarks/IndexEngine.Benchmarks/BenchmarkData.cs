namespace IndexEngine.Benchmarks;

/// <summary>Deterministic inputs shaped like the scoring core's: score-like doubles with gaps and ties.</summary>
public static class BenchmarkData
{
    /// <summary>
    /// Sums of three uniforms (bell-shaped, both signs, like z-scores and their means), with
    /// <paramref name="nanShare"/> missing values and <paramref name="tieShare"/> exact repeats of
    /// earlier values.
    /// </summary>
    public static double[] Scores(int length, int seed, double nanShare = 0.01, double tieShare = 0.02)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            double u = random.NextDouble();
            if (u < nanShare) values[i] = double.NaN;
            else if (u < nanShare + tieShare && i > 0) values[i] = values[random.Next(i)];
            else values[i] = random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5;
        }
        return values;
    }
}
