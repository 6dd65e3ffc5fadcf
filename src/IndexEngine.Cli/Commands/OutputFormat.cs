namespace IndexEngine.Cli.Commands;

/// <summary>What a command prints on stdout: a table for people or JSON for scripts.</summary>
public enum OutputFormat { Text, Json }
