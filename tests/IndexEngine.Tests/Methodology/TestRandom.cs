namespace IndexEngine.Tests.Methodology;

/// <summary>
/// SplitMix64: a tiny deterministic generator so that property tests draw the same cases on every
/// runtime and platform (System.Random's seeded sequence is not a documented contract).
/// </summary>
internal sealed class TestRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Uniform integer in [low, high].</summary>
    public int Int(int low, int high) => low + (int)(NextUInt64() % (ulong)(high - low + 1));

    public bool Chance(double probability) => NextDouble() < probability;

    public double Gaussian()
    {
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Int(0, items.Count - 1)];

    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = Int(0, i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
