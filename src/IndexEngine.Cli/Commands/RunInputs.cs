using System.Diagnostics;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;
using IndexEngine.Data;
using IndexEngine.Data.Configuration;
using Serilog;

namespace IndexEngine.Cli.Commands;

/// <summary>Everything a methodology run reads, loaded and validated before any rule runs.</summary>
public sealed record RunInputs(
    MethodologyConfig Config,
    Universe Universe,
    LevelSeries? Benchmark,
    PreviousIndex? Previous,
    IReadOnlyList<InputFileInfo> Files)
{
    /// <param name="window">The prices the run reads, from its config (e.g. <see cref="PriceWindow.ForRebalance"/>);
    /// null loads them all.</param>
    /// <exception cref="InputException">A config value or an input file is bad input.</exception>
    public static RunInputs Load(string universeDirectory, string? configPath, IReadOnlyList<string> overrides, string? benchmarkPath, string? previousPath,
        Func<MethodologyConfig, PriceWindow>? window = null)
    {
        var clock = Stopwatch.StartNew();
        var config = ConfigLoader.Load(configPath, overrides);
        var source = UniverseSources.Open(universeDirectory);
        var universe = source.Load(config.Data.UnknownIds, window?.Invoke(config));
        var files = new List<InputFileInfo>(universe.Sources);
        LevelSeries? benchmark = null;
        if (benchmarkPath is not null)
        {
            benchmark = LevelSeriesLoader.Load(benchmarkPath, out var info, "benchmark");
            files.Add(info);
        }
        PreviousIndex? previous = null;
        if (previousPath is not null)
        {
            previous = PreviousIndexLoader.Load(previousPath, out var info);
            files.Add(info);
        }
        Log.Information(
            "Loaded {Securities} securities, {Days} trading days {First:yyyy-MM-dd}..{Last:yyyy-MM-dd}{Whole} from {Universe} ({Format}) in {Elapsed:F0} ms",
            universe.SecurityCount, universe.DateCount,
            universe.DateCount > 0 ? universe.Dates[0] : default, universe.DateCount > 0 ? universe.Dates[^1] : default,
            universe.IsWhole ? "" : $" (the window of a {universe.Calendar.Count}-day calendar {CliDates.Format(universe.Calendar[0])}..{CliDates.Format(universe.Calendar[^1])})",
            universeDirectory, source.Format, clock.Elapsed.TotalMilliseconds);
        foreach (var file in files) Log.Debug("Input {Role}: {Path} sha256 {Sha256}", file.Role, file.Path, file.Sha256);
        Log.Debug("Effective config: {Config}", ConfigBinder.ToJson(config).ToJsonString());
        return new RunInputs(config, universe, benchmark, previous, files);
    }
}
