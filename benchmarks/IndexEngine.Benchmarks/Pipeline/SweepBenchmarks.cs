using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Methodology.Sweep;
using IndexEngine.Core.Model;
using IndexEngine.Data;
using IndexEngine.Data.Configuration;

namespace IndexEngine.Benchmarks.Pipeline;

/// <summary>
/// The issue's sweep target: 100 variants of quarterly backtests on the point-in-time S&amp;P 500,
/// 2013-05-31..2017-11-10 (18 reconstitutions each), on the cap-weighted benchmark. The grid is
/// selection.count {80, 100, 120, 140, 160} × weighting.cfs_share {0, 0.25, 0.5, 0.75, 1} ×
/// the momentum factor's weight {0.25, 0.5} × selection.buffer_rank {none, 200}, over universe.size = 500.
/// </summary>
public static class SweepGrid
{
    public static readonly DateOnly From = new(2013, 5, 31);
    public static readonly DateOnly To = new(2017, 11, 10);

    public static string Universe
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(BenchmarkInputs.RepoRoot, "..", "shared", "data", "sp500-pit"));
            return Directory.Exists(path) ? path : throw new InvalidOperationException($"the point-in-time data is not at {path} (../shared beside the repository)");
        }
    }

    public static Universe Load() => UniverseSources.Open(Universe).Load(UnknownIdPolicy.Error);

    public static IReadOnlyList<SweepVariant> Variants()
    {
        var c = CultureInfo.InvariantCulture;
        var variants = new List<SweepVariant>();
        foreach (int count in new[] { 80, 100, 120, 140, 160 })
            foreach (double cfsShare in new[] { 0, 0.25, 0.5, 0.75, 1 })
                foreach (double momentum in new[] { 0.25, 0.5 })
                    foreach (int? buffer in new int?[] { null, 200 })
                    {
                        string[] overrides =
                        [
                            "universe.size=500",
                            $"selection.count={count}",
                            $"weighting.cfs_share={cfsShare.ToString("R", c)}",
                            $"scoring.factor_weights.momentum={momentum.ToString("R", c)}",
                            $"selection.buffer_rank={(buffer is { } b ? b.ToString(c) : "null")}",
                        ];
                        variants.Add(new SweepVariant(string.Join(",", overrides.Skip(1)), ConfigLoader.Load(null, overrides)));
                    }
        return variants;
    }

    /// <summary>The grid through <see cref="SweepRunner"/>; returns a checksum of the final levels so nothing is optimised away.</summary>
    public static double Sweep(Universe universe, IReadOnlyList<SweepVariant> variants, int parallelism)
    {
        var finals = new double[variants.Count];
        SweepRunner.Run(universe, variants, From, To, null, parallelism, (i, result) => finals[i] = result.Index.TotalReturn.Values[^1]);
        return finals.Sum();
    }

    /// <summary>
    /// The same variants each through a backtest of its own on the one loaded universe (the sweep before shared
    /// stages: only the load is saved).
    /// </summary>
    public static double Separate(Universe universe, IReadOnlyList<SweepVariant> variants, int parallelism)
    {
        var finals = new double[variants.Count];
        Parallel.For(0, variants.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            i => finals[i] = Backtest.Run(universe, variants[i].Config, From, To, null).Index.TotalReturn.Values[^1]);
        return finals.Sum();
    }

    /// <summary>
    /// `dotnet IndexEngine.Benchmarks.dll sweep-grid|separate-grid [parallelism [variants]]`: loads the universe and
    /// runs the grid (or its first variants) once in this process, through the sweep engine or as separate backtests,
    /// for whole-process wall time and peak memory under <c>/usr/bin/time -v</c>.
    /// </summary>
    public static void Harness(string[] args)
    {
        int parallelism = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        var clock = Stopwatch.StartNew();
        var universe = Load();
        var variants = args.Length > 2 ? Variants().Take(int.Parse(args[2], CultureInfo.InvariantCulture)).ToArray() : Variants();
        var loaded = clock.Elapsed;
        double checksum = args[0] == "separate-grid" ? Separate(universe, variants, parallelism) : Sweep(universe, variants, parallelism);
        var swept = clock.Elapsed - loaded;
        var gc = GC.GetGCMemoryInfo();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{variants.Count} variants, parallelism {parallelism}: load {loaded.TotalSeconds:F2} s, sweep {swept.TotalSeconds:F2} s, checksum {checksum:R}; " +
            $"managed heap after the last GC {gc.HeapSizeBytes / 1e6:F1} MB, live after a full collection {GC.GetTotalMemory(forceFullCollection: true) / 1e6:F1} MB"));
    }
}

/// <summary>
/// In process, the universe loaded once in the setup: the whole 100-variant grid through the sweep engine, and one
/// backtest of the grid's middle variant alone (what each of 100 separate runs recomputes). Multi-second cases:
/// one invocation per iteration.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class SweepBenchmarks
{
    private Universe _universe = null!;
    private IReadOnlyList<SweepVariant> _variants = null!;

    [GlobalSetup]
    public void Setup()
    {
        _universe = SweepGrid.Load();
        _variants = SweepGrid.Variants();
    }

    [Benchmark]
    public double Grid100() => SweepGrid.Sweep(_universe, _variants, Environment.ProcessorCount);

    [Benchmark]
    public double OneBacktest() =>
        Backtest.Run(_universe, _variants[_variants.Count / 2].Config, SweepGrid.From, SweepGrid.To, null).Index.TotalReturn.Values[^1];
}
