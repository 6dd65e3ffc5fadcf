namespace IndexEngine.Data.Output;

/// <summary>A path the run reads, with the option that named it (for messages). An output never is, contains
/// or lies inside one.</summary>
public sealed record InputPath(string Option, string Path)
{
    /// <summary>The given inputs, skipping options that were not used (null or empty path).</summary>
    public static IReadOnlyList<InputPath> Of(params (string Option, string? Path)[] inputs) =>
        [.. inputs.Where(i => !string.IsNullOrEmpty(i.Path)).Select(i => new InputPath(i.Option, i.Path!))];
}

/// <summary>
/// Where a command writes (the path as the user gave it and the option that named it), which command writes
/// (recorded in the manifest) and what the run reads (never overwritten). Every command that writes
/// passes one of these to <see cref="OutputFolder"/> or <see cref="OutputFile"/>.
/// </summary>
public sealed record OutputTarget(string Option, string Path, string Command, IReadOnlyList<InputPath> Inputs)
{
    /// <summary>The usual case: <c>--out PATH</c> of <paramref name="command"/>.</summary>
    public static OutputTarget Out(string command, string path, params (string Option, string? Path)[] inputs) =>
        new("--out", path, command, InputPath.Of(inputs));
}
