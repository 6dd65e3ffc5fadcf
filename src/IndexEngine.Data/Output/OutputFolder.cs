using IndexEngine.Core.Model;

namespace IndexEngine.Data.Output;

/// <summary>
/// Writes a run's files into a temporary folder beside the target and moves it into place only when
/// every file is complete, so a reader finds the previous complete output or the new one, never a mix.
/// </summary>
public sealed class OutputFolder : IDisposable
{
    private readonly string _target;
    private bool _committed;

    private OutputFolder(string target, string staging)
    {
        _target = target;
        StagingPath = staging;
    }

    /// <summary>The folder to write into until <see cref="Commit"/>.</summary>
    public string StagingPath { get; }

    /// <summary>Creates the staging folder. An --out that cannot be a folder (the root, a file, a path through
    /// a file, no permission) is the user's input to correct, not an engine fault: exit 2 naming the path.</summary>
    public static OutputFolder Begin(string target)
    {
        var full = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full);
        if (string.IsNullOrEmpty(parent)) throw new InputException("--out cannot be the root folder", Path.GetFullPath(target));
        if (File.Exists(full)) throw new InputException("--out names a file, not a folder", full);
        var staging = Path.Combine(parent, $".{Path.GetFileName(full)}.tmp-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(parent);
            Directory.CreateDirectory(staging);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--out: cannot create the output folder ({e.Message})", full);
        }
        return new OutputFolder(full, staging);
    }

    public string PathOf(string fileName) => Path.Combine(StagingPath, fileName);

    /// <summary>
    /// Replaces the target folder with the staged one. On Linux the two folders are swapped in one
    /// rename (renameat2 RENAME_EXCHANGE), so there is no moment without a complete target, even if the
    /// process is killed; the old output, now at the staging path, is deleted afterwards. Elsewhere, or on
    /// a file system without the exchange, the old folder is moved aside and the new one moved in: a kill
    /// between those two renames leaves no target but the complete old output in <c>.name.old-*</c>.
    /// </summary>
    public void Commit()
    {
        if (Directory.Exists(_target) && FolderExchange.TrySwap(StagingPath, _target))
        {
            _committed = true;
            DeleteLeftover(StagingPath);
            return;
        }

        string? retired = null;
        if (Directory.Exists(_target))
        {
            retired = Path.Combine(Path.GetDirectoryName(_target)!, $".{Path.GetFileName(_target)}.old-{Guid.NewGuid():N}");
            Directory.Move(_target, retired);
        }
        try
        {
            Directory.Move(StagingPath, _target);
        }
        catch when (retired is not null)
        {
            // The new output could not be moved in: put the old one back rather than leave no output.
            Directory.Move(retired, _target);
            throw;
        }
        _committed = true;
        if (retired is not null) DeleteLeftover(retired);
    }

    /// <summary>The output is committed; a folder that cannot be deleted stays behind under its hidden name.</summary>
    private static void DeleteLeftover(string path)
    {
        try { Directory.Delete(path, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    public void Dispose()
    {
        if (!_committed && Directory.Exists(StagingPath))
        {
            // A leftover staging folder is harmless: it is never read as output.
            DeleteLeftover(StagingPath);
        }
    }
}
