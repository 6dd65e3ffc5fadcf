namespace IndexEngine.Core.Methodology;

/// <summary>The pieces of §7.1 for the selected set, aligned with it.</summary>
public sealed record RawWeights(double[] CfsShare, double[] InverseVolShare, double[] Raw);

/// <summary>METHODOLOGY §7.1: raw(i) = λ·CFS share + (1-λ)·inverse-volatility share.</summary>
public static class Weighting
{
    public static RawWeights Raw(ReadOnlySpan<double> cfs, ReadOnlySpan<double> vol, double cfsShare)
    {
        int n = cfs.Length;
        double cfsSum = 0, inverseVolSum = 0;
        for (int i = 0; i < n; i++)
        {
            cfsSum += cfs[i];
            inverseVolSum += 1.0 / vol[i];
        }
        var a = new double[n];
        var b = new double[n];
        var raw = new double[n];
        for (int i = 0; i < n; i++)
        {
            // All-zero CFS is possible only when the sole selected member is the worst-ranked; share equally then.
            a[i] = cfsSum > 0 ? cfs[i] / cfsSum : 1.0 / n;
            b[i] = 1.0 / vol[i] / inverseVolSum;
            raw[i] = cfsShare * a[i] + (1 - cfsShare) * b[i];
        }
        return new RawWeights(a, b, raw);
    }
}
