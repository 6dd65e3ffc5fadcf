using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using IndexEngine.Scoring;

namespace IndexEngine.Benchmarks.Kernels;

/// <summary>
/// The per-metric statistics of §5.1 and the row means of §5.2/§5.4 at the universe size (800): each
/// kernel against its scalar reference (the baseline of its category).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class StatisticsBenchmarks
{
    private double[] _values = [];
    private double[] _result = [];
    private double[][] _columns = [];
    private readonly double[] _weights = [0.25, 0.25, 0.25, 0.25];
    private double _mean;
    private double _std;

    [Params(800)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _values = BenchmarkData.Scores(N, seed: 1);
        _result = new double[N];
        _columns = [.. Enumerable.Range(0, 4).Select(j => BenchmarkData.Scores(N, seed: 10 + j, nanShare: 0.05))];
        ScalarReference.MeanAndSampleStd(_values, out _, out _mean, out _std);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("MeanAndSampleStd")]
    public double MeanStdReference()
    {
        ScalarReference.MeanAndSampleStd(_values, out _, out double mean, out double std);
        return mean + std;
    }

    [Benchmark, BenchmarkCategory("MeanAndSampleStd")]
    public double MeanStdKernel()
    {
        Moments.MeanAndSampleStd(_values, out _, out double mean, out double std);
        return mean + std;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("ZScores")]
    public void ZScoresReference() => ScalarReference.ZScores(_values, _mean, _std, -1, 3.0, _result);

    [Benchmark, BenchmarkCategory("ZScores")]
    public void ZScoresKernel() => Standardization.ZScores(_values, _mean, _std, -1, 3.0, _result);

    [Benchmark(Baseline = true), BenchmarkCategory("WeightedRowMean")]
    public void WeightedRowMeanReference() => ScalarReference.WeightedRowMean(_columns, _weights, _result, 3);

    [Benchmark, BenchmarkCategory("WeightedRowMean")]
    public void WeightedRowMeanKernel() => Aggregation.WeightedRowMean(_columns, _weights, _result, 3);
}
