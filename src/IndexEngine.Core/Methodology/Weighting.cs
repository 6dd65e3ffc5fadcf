using IndexEngine.Core.Configuration;

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

/// <summary>What a weighting scheme sees of the selection, aligned with it.</summary>
/// <param name="Sectors">Each selected member's sector.</param>
/// <param name="MarketCaps">Each selected member's point-in-time market cap.</param>
/// <param name="Cfs">Each selected member's Composite Factor Score.</param>
/// <param name="Volatility">Each selected member's volatility over the window (> 0).</param>
/// <param name="Targets">The §7.2 sector targets of U.</param>
public sealed record WeightingInputs(
    IReadOnlyList<string> Sectors,
    double[] MarketCaps,
    double[] Cfs,
    double[] Volatility,
    IReadOnlyList<SectorTarget> Targets);

/// <summary>A scheme's result: the §7.1 pieces for the report (<see cref="RawWeights.Raw"/> is the scheme's own
/// raw weight), the final weights (summing to 1) and how often the security cap iterated.</summary>
public sealed record WeightingOutcome(RawWeights Raw, double[] Weights, int CapIterations);

/// <summary>The weighting stage: turns the selection into weights (<c>weighting.scheme</c>).</summary>
public interface IWeightingScheme
{
    WeightingOutcome Weigh(WeightingInputs inputs);
}

/// <summary>The weighting stages and the one a config chooses.</summary>
public static class WeightingSchemes
{
    public static IWeightingScheme For(WeightingConfig config) => config.Scheme switch
    {
        WeightingScheme.Multifactor => new MultifactorWeighting(config.CfsShare, config.SectorCap, config.SecurityCap),
        WeightingScheme.Equal => new EqualWeighting(config.SecurityCap),
        WeightingScheme.ModifiedEqual => new ModifiedEqualWeighting(config.SecurityCap),
        WeightingScheme.Cap => new CapWeighting(config.SecurityCap),
        _ => throw new ArgumentOutOfRangeException(nameof(config), config.Scheme, "unknown weighting scheme"),
    };

    /// <summary>The security cap on a raw weight vector (raw is left as it was).</summary>
    /// <remarks>The two §7.1 shares are still reported beside a non-multifactor raw weight, for comparison.</remarks>
    internal static WeightingOutcome Capped(RawWeights pieces, double[] raw, IReadOnlyList<string> sectors, double securityCap)
    {
        var weights = (double[])raw.Clone();
        int iterations = SecurityCap.Apply(weights, sectors, securityCap);
        return new WeightingOutcome(pieces with { Raw = raw }, weights, iterations);
    }
}

/// <summary><c>multifactor</c>, METHODOLOGY §7: the CFS / inverse-volatility blend, sector neutrality, the security cap.</summary>
public sealed record MultifactorWeighting(double CfsShare, double? SectorCap, double SecurityCap) : IWeightingScheme
{
    public WeightingOutcome Weigh(WeightingInputs inputs)
    {
        var raw = Weighting.Raw(inputs.Cfs, inputs.Volatility, CfsShare);
        var weights = SectorNeutrality.Apply(inputs.Sectors, raw.Raw, inputs.Targets);
        int iterations = Methodology.SecurityCap.Apply(weights, inputs.Sectors, SecurityCap);
        return new WeightingOutcome(raw, weights, iterations);
    }
}

/// <summary><c>equal</c>: every selected member 1/N. No sector neutrality (it would undo the equal weights);
/// the security cap never binds, since cap × N ≥ 1 is required.</summary>
public sealed record EqualWeighting(double SecurityCap) : IWeightingScheme
{
    public WeightingOutcome Weigh(WeightingInputs inputs)
    {
        int n = inputs.Cfs.Length;
        var raw = Enumerable.Repeat(1.0 / n, n).ToArray();
        return WeightingSchemes.Capped(Weighting.Raw(inputs.Cfs, inputs.Volatility, 0.5), raw, inputs.Sectors, SecurityCap);
    }
}

/// <summary><c>modified_equal</c>: equal weight within each sector, each sector at its §7.2 target (U's cap
/// weight of the sector, with <c>weighting.sector_cap</c>), then the §7.3 security cap: equal weight without
/// equal weight's sector bets.</summary>
public sealed record ModifiedEqualWeighting(double SecurityCap) : IWeightingScheme
{
    public WeightingOutcome Weigh(WeightingInputs inputs)
    {
        int n = inputs.Cfs.Length;
        var raw = Enumerable.Repeat(1.0 / n, n).ToArray();
        var weights = SectorNeutrality.Apply(inputs.Sectors, raw, inputs.Targets);
        int iterations = Methodology.SecurityCap.Apply(weights, inputs.Sectors, SecurityCap);
        return new WeightingOutcome(Weighting.Raw(inputs.Cfs, inputs.Volatility, 0.5) with { Raw = raw }, weights, iterations);
    }
}

/// <summary><c>cap</c>: point-in-time market cap over the selection, then the §7.3 security cap (set
/// <c>weighting.security_cap = 1</c> for pure cap weight). No sector neutrality.</summary>
public sealed record CapWeighting(double SecurityCap) : IWeightingScheme
{
    public WeightingOutcome Weigh(WeightingInputs inputs)
    {
        double total = inputs.MarketCaps.Sum();
        var raw = inputs.MarketCaps.Select(c => c / total).ToArray();
        return WeightingSchemes.Capped(Weighting.Raw(inputs.Cfs, inputs.Volatility, 0.5), raw, inputs.Sectors, SecurityCap);
    }
}
