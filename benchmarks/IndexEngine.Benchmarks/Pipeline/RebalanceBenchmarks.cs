using BenchmarkDotNet.Attributes;
using IndexEngine.Cli.Commands;

namespace IndexEngine.Benchmarks.Pipeline;

/// <summary>
/// The `rebalance` command end to end, in process: load and validate the universe (the real data has 943k
/// gzipped price rows), screen, measure, score, select, weight and write the four output files atomically.
/// Target on the real data: under 0.5 s and 300 MB.
/// </summary>
[MemoryDiagnoser]
public class RebalanceBenchmarks
{
    private string _out = null!;

    [GlobalSetup]
    public void Setup() => _out = Path.Combine(Path.GetTempPath(), "indexengine-bench-" + Guid.NewGuid().ToString("N"));

    [GlobalCleanup]
    public void Cleanup()
    {
        if (Directory.Exists(_out)) Directory.Delete(_out, recursive: true);
    }

    [Benchmark]
    public int RealData_2017_02_28_Fraction25() => RebalanceCommand.Run(
        new RebalanceCommand.RebalanceRequest(BenchmarkInputs.RealUniverse, new DateOnly(2017, 2, 28), null,
            ["selection.fraction=0.25"], null, null, _out, WhenDue: false),
        TextWriter.Null);

    [Benchmark]
    public int DefaultUniverse() => RebalanceCommand.Run(
        new RebalanceCommand.RebalanceRequest(BenchmarkInputs.DefaultUniverse, null, null, [], null, null, _out, WhenDue: false),
        TextWriter.Null);
}
