using IndexEngine.Core.Methodology;
using NUnit.Framework;

namespace IndexEngine.Tests.Methodology;

/// <summary>METHODOLOGY §7.1: raw = λ·CFS share + (1 - λ)·inverse-vol share.</summary>
[TestFixture]
public sealed class WeightingTests
{
    // CFS 1, 0.5, 0.25: sum 1.75 -> a = 4/7, 2/7, 1/7.
    // vol 0.2, 0.1, 0.25: 1/vol = 5, 10, 4, sum 19 -> b = 5/19, 10/19, 4/19.
    private static readonly double[] Cfs = [1.0, 0.5, 0.25];
    private static readonly double[] Vol = [0.2, 0.1, 0.25];

    [Test]
    public void Half_and_half()
    {
        var w = Weighting.Raw(Cfs, Vol, 0.5);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(w.CfsShare, Is.EqualTo(new[] { 4.0 / 7, 2.0 / 7, 1.0 / 7 }).Within(1e-15));
            Assert.That(w.InverseVolShare, Is.EqualTo(new[] { 5.0 / 19, 10.0 / 19, 4.0 / 19 }).Within(1e-15));
            // raw = (a + b) / 2 over the common denominator 133: (76 + 35)/266, (38 + 70)/266, (19 + 28)/266.
            Assert.That(w.Raw, Is.EqualTo(new[] { 111.0 / 266, 108.0 / 266, 47.0 / 266 }).Within(1e-15));
            Assert.That(w.Raw.Sum(), Is.EqualTo(1.0).Within(1e-15));
        }
    }

    [Test]
    public void Cfs_only_and_inverse_vol_only()
    {
        Assert.That(Weighting.Raw(Cfs, Vol, 1.0).Raw, Is.EqualTo(new[] { 4.0 / 7, 2.0 / 7, 1.0 / 7 }).Within(1e-15));
        Assert.That(Weighting.Raw(Cfs, Vol, 0.0).Raw, Is.EqualTo(new[] { 5.0 / 19, 10.0 / 19, 4.0 / 19 }).Within(1e-15));
    }
}
