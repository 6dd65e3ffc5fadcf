using BenchmarkDotNet.Attributes;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;
using IndexEngine.Data;
using IndexEngine.Data.Configuration;
using IndexEngine.Data.Output;
using IndexEngine.Data.Parquet;

namespace IndexEngine.Benchmarks.Pipeline;

/// <summary>
/// Loading and validating a universe through the seam, from CSV.gz and from the same data as Parquet (written
/// once in the setup by the engine's converter): the shipped default universe and, when present, the real data;
/// whole, and only the price window a rebalance as of the last date reads (what `rebalance` loads).
/// </summary>
[MemoryDiagnoser]
public class LoadBenchmarks
{
    private static readonly PriceWindow RebalanceWindow = PriceWindow.ForRebalance(ConfigLoader.Load(null, []), null);

    private string _parquetRoot = null!;

    [Params("default", "sp500-2017")]
    public string Universe { get; set; } = "default";

    private string CsvFolder => Universe == "default" ? BenchmarkInputs.DefaultUniverse : BenchmarkInputs.RealUniverse;
    private string ParquetFolder => Path.Combine(_parquetRoot, Universe);

    [GlobalSetup]
    public void Setup()
    {
        _parquetRoot = Path.Combine(Path.GetTempPath(), "indexengine-bench-parquet-" + Guid.NewGuid().ToString("N"));
        ParquetUniverseWriter.Write(OutputTarget.Out("convert", ParquetFolder, ("--universe", CsvFolder)),
            UniverseSources.Open(CsvFolder).Load(UnknownIdPolicy.Error));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (Directory.Exists(_parquetRoot)) Directory.Delete(_parquetRoot, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public Universe CsvGz() => UniverseSources.Open(CsvFolder).Load(UnknownIdPolicy.Error);

    [Benchmark]
    public Universe Parquet() => UniverseSources.Open(ParquetFolder).Load(UnknownIdPolicy.Error);

    [Benchmark]
    public Universe CsvGzRebalanceWindow() => UniverseSources.Open(CsvFolder).Load(UnknownIdPolicy.Error, RebalanceWindow);

    [Benchmark]
    public Universe ParquetRebalanceWindow() => UniverseSources.Open(ParquetFolder).Load(UnknownIdPolicy.Error, RebalanceWindow);
}
