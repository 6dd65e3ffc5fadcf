using IndexEngine.Core.Model;

namespace IndexEngine.Data.Index;

/// <summary>
/// Keeps two runs off one index: an exclusive lock on <c>&lt;state&gt;.lock</c> beside the state, held
/// for the whole run (on Unix an advisory flock, released by the system when the process ends, also when
/// it is killed, so a stale lock file never blocks the next run). The file stays; it holds nothing.
/// </summary>
public sealed class StateLock : IDisposable
{
    private readonly FileStream _stream;

    private StateLock(FileStream stream) => _stream = stream;

    /// <exception cref="InputException">Another run holds the lock, or the lock file cannot be created.</exception>
    public static StateLock Acquire(string statePath)
    {
        var path = Path.GetFullPath(statePath) + ".lock";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return new StateLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (File.Exists(path))
        {
            throw new InputException($"another run is working on this index (its lock is held: {e.Message}); run one at a time", statePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot create the index's lock file: {e.Message}", path);
        }
    }

    public void Dispose() => _stream.Dispose();
}
