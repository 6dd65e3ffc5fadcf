using BenchmarkDotNet.Attributes;
using IndexEngine.Scoring;

namespace IndexEngine.Benchmarks.Kernels;

/// <summary>
/// Percentile ranks (§5.3). Baseline: the scalar reference (Array.Sort(keys, index), then averaging tie
/// groups, new arrays per call). RadixScalarPath: the production algorithm with vector code switched
/// off, to separate the algorithm's gain from the SIMD gain. Kernel: what production calls.
/// Min and median are shown beside the mean because the 2 cores here are shared with other work:
/// the minimum is the best estimate of uncontended speed.
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
public class RankBenchmarks
{
    private double[] _values = [];
    private double[] _ranks = [];

    [Params(800, 10_000, 1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _values = BenchmarkData.Scores(N, seed: 20240229);
        _ranks = new double[N];
    }

    [Benchmark(Baseline = true)]
    public void ArraySortBaseline() => ScalarReference.PercentileRank(_values, _ranks);

    [Benchmark]
    public void RadixScalarPath() => Ranking.PercentileRank(_values, _ranks, KernelPath.Scalar, Ranking.DefaultRadixThreshold);

    [Benchmark]
    public void Kernel() => Ranking.PercentileRank(_values, _ranks);
}
