namespace IndexEngine.Core.Model;

/// <summary>
/// Bad input or configuration: the run stops with exit code 2 and this message. It names where the
/// problem is (file, line and column, or a config key) so that a user can fix it without a debugger.
/// </summary>
public class InputException : Exception
{
    public InputException(string message, string? file = null, long? line = null, string? column = null)
        : base(Format(message, file, line, column))
    {
        File = file;
        Line = line;
        Column = column;
        Reason = message;
    }

    public string? File { get; }
    public long? Line { get; }
    public string? Column { get; }
    public string Reason { get; }

    private static string Format(string message, string? file, long? line, string? column)
    {
        if (file is null) return message;
        var where = file;
        if (line is not null) where += $":{line}";
        if (column is not null) where += $" column '{column}'";
        return $"{where}: {message}";
    }
}

/// <summary>A configuration problem, naming the offending key.</summary>
public sealed class ConfigException(string key, string message)
    : InputException($"config key '{key}': {message}")
{
    public string Key { get; } = key;
}
