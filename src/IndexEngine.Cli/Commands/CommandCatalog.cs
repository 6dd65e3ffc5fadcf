using System.CommandLine;
using IndexEngine.Data;

namespace IndexEngine.Cli.Commands;

/// <summary>The commands of the CLI, in the order `--help` lists them.</summary>
public static class CommandCatalog
{
    public static IEnumerable<Command> All(TextWriter stdout) =>
    [
        RebalanceCommand.Create(stdout),
        BacktestCommand.Create(stdout),
        SweepCommand.Create(),
        IndexCommand.Create(stdout),
        BlendCommand.Create(),
        FactorsCommand.Create(stdout),
        StatsCommand.Create(stdout, (path, column) => LevelSeriesLoader.Load(path, column, out _, "series")),
        ScheduleCommand.Create(stdout, TradingCalendarLoader.Load),
        ValidateCommand.Create(stdout),
        GenerateUniverseCommand.Create(stdout),
        ConvertCommand.Create(stdout),
    ];
}
