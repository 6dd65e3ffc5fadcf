using System.CommandLine;

namespace IndexEngine.Cli.Commands;

/// <summary>The commands of the CLI, in the order `--help` lists them.</summary>
public static class CommandCatalog
{
    public static IEnumerable<Command> All(TextWriter stdout) =>
    [
        RebalanceCommand.Create(stdout),
        BacktestCommand.Create(stdout),
        ScheduleCommand.Create(stdout, TemporaryLevelReader.LoadCalendar),
        StatsCommand.Create(stdout, TemporaryLevelReader.Load),
    ];
}
