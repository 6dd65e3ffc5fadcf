using System.CommandLine;

namespace IndexEngine.Cli.Commands;

/// <summary>The commands of the CLI, in the order `--help` lists them.</summary>
public static class CommandCatalog
{
    public static IEnumerable<Command> All(TextWriter stdout) =>
    [
        GenerateUniverseCommand.Create(stdout),
        ValidateCommand.Create(stdout),
    ];
}
