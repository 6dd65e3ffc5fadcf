namespace IndexEngine.Data.Synthetic;

/// <summary>
/// exp and log from IEEE basic operations only. Math.Exp and Math.Log come from the platform's C library,
/// whose last bits differ between operating systems; the generator uses these so that a seed gives
/// byte-identical files everywhere. Accurate to about 1e-15 relative, which is ample for simulation.
/// </summary>
public static class PortableMath
{
    // ln 2 split so that k * Ln2Hi is exact for |k| < 2^20 (the fdlibm constants).
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double InvLn2 = 1.44269504088896338700e+00;
    private const double Sqrt2 = 1.41421356237309504880;

    public static double Exp(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x > 709.78) return double.PositiveInfinity;
        if (x < -745.2) return 0;
        // x = k ln2 + r with |r| <= ln2 / 2, e^x = 2^k e^r.
        double k = Math.Round(x * InvLn2);
        double r = (x - k * Ln2Hi) - k * Ln2Lo;
        // Taylor series of e^r to degree 14 in Horner form: truncation error < 1e-18 for |r| <= 0.35.
        double p = 1.0;
        for (int n = 14; n >= 1; n--) p = 1.0 + r * p / n;
        return Math.ScaleB(p, (int)k);
    }

    public static double Log(double x)
    {
        if (double.IsNaN(x) || x < 0) return double.NaN;
        if (x == 0) return double.NegativeInfinity;
        if (double.IsPositiveInfinity(x)) return x;
        // x = m 2^e with m in [sqrt(1/2), sqrt(2)); scaling by powers of two is exact.
        int e = Math.ILogB(x);
        double m = Math.ScaleB(x, -e);
        if (m > Sqrt2)
        {
            m *= 0.5;
            e++;
        }
        // log m = 2 atanh(s) with s = (m - 1) / (m + 1), |s| <= 0.1716: the odd series to s^23.
        double f = m - 1;
        double s = f / (2 + f);
        double s2 = s * s;
        double series = 0;
        for (int n = 23; n >= 3; n -= 2) series = s2 * (1.0 / n + series);
        double logM = 2 * s + 2 * s * series;
        return e * Ln2Hi + (logM + e * Ln2Lo);
    }
}
