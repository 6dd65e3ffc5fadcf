using BenchmarkDotNet.Attributes;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Scoring;

namespace IndexEngine.Benchmarks.Pipeline;

/// <summary>Where <see cref="ScoringBenchmarks.Score800"/> spends its time: its steps, one by one, single-threaded.</summary>
[MemoryDiagnoser]
public class ScoringPartsBenchmarks
{
    private readonly ScoringBenchmarks _data = new();
    private double[][] _metrics = null!;
    private double[][] _factorScores = null!;
    private double[] _ranks = null!;
    private ScoringConfig _scoring = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data.Setup();
        var table = _data.Score800();
        _metrics = table.Factors.SelectMany(f => f.Metrics).Select(m => table.MetricValues[m.Name]).ToArray();
        _factorScores = table.Factors.Select(f => table.FactorScores[f.Name]).Append(table.Composite).ToArray();
        _ranks = new double[_metrics[0].Length];
        _scoring = new ScoringConfig(3, 3, 3);
    }

    [Benchmark]
    public double ZScoresOf10Metrics()
    {
        double sum = 0;
        foreach (var m in _metrics) sum += CompositeScoring.MetricZScores(m, 1, _scoring, out _)[0];
        return sum;
    }

    [Benchmark]
    public double FiveRanksOf800()
    {
        foreach (var f in _factorScores) Ranking.PercentileRank(f, _ranks);
        return _ranks[0];
    }

    [Benchmark]
    public double FiveWeightedRowMeans()
    {
        for (int k = 0; k < 5; k++) Aggregation.WeightedRowMean(_metrics.AsSpan(0, 3), [1.0, 1.0, 1.0], _ranks);
        return _ranks[0];
    }
}
