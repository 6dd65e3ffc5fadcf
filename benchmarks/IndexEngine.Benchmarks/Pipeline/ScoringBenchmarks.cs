using BenchmarkDotNet.Attributes;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Data;
using IndexEngine.Data.Configuration;

namespace IndexEngine.Benchmarks.Pipeline;

/// <summary>
/// §5 scoring of the shipped universe's 800-member starting universe with the default 4 factors (10
/// metrics): z-scores, factor scores, factor ranks, composite and CFS. Target: under 50 µs. The metric
/// values are gathered once in setup (excluding I/O and the price-based metrics), as the pipeline has them.
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private Dictionary<string, double[]> _metrics = null!;
    private MethodologyConfig _config = null!;
    private int _members;

    [GlobalSetup]
    public void Setup()
    {
        _config = ConfigLoader.Load(null, []);
        var universe = UniverseLoader.Load(BenchmarkInputs.DefaultUniverse, UnknownIdPolicy.Error);
        var history = new ScreeningView(universe, universe.DateCount - 1, _config.Technical);
        var returns = ReturnMatrix.ForAll(history);
        var counts = Enumerable.Range(0, returns.Count).Select(returns.CountAvailable).ToArray();
        var eligibility = Eligibility.Screen(history, _config.Eligibility, counts, _config.Technical.MinObservations);
        var members = StartingUniverse.Select(history.Securities, eligibility, _config.UniverseSize);
        var memberReturns = returns.Subset(members);
        var market = MarketReturn.CapWeighted(memberReturns, members.Select(i => history.Securities[i].MarketCap).ToArray());
        var technical = TechnicalMetrics.Compute(history, members, memberReturns, market);
        _metrics = FactorMetrics.Collect(history, members, technical, _config.Factors);
        _members = members.Length;
    }

    [Benchmark]
    public ScoreTable Score800() => CompositeScoring.Score(_metrics, _config.Factors, _config.Scoring, _members);
}
