using System.Text.RegularExpressions;
using IndexEngine.Core.Model;

namespace IndexEngine.Data.Output;

/// <summary>
/// The one way a command writes a folder. <see cref="Begin"/> checks the target (<see cref="OutputGuard"/>),
/// takes the advisory lock <c>.NAME.lock</c> beside it (a second run on the same target is refused, never
/// mixed in), removes staging folders that killed runs left, and creates a hidden staging folder beside the
/// target. The command writes its files through <see cref="Write"/>; <see cref="Commit"/> adds the manifest,
/// flushes every file and folder to disk and swaps the staging folder into place, so a reader finds the
/// previous complete output or the new one, never a mix. Disposing without a commit removes the staging
/// folder and leaves the previous output as it was.
/// </summary>
/// <example><code>
/// var target = OutputTarget.Out("rebalance", outPath, ("--universe", universe), ("--config", config));
/// OutputGuard.CheckFolder(target);                // early, before the long work: a refusal costs nothing
/// ... load and compute ...
/// using var folder = OutputFolder.Begin(target);
/// folder.Write(dir => WriteFiles(dir, result));   // I/O errors become exit 2 naming the target
/// folder.Commit();
/// </code></example>
public sealed class OutputFolder : IDisposable
{
    private static readonly HashSet<OutputFolder> Active = [];

    private readonly OutputTarget _request;
    private readonly string _target;
    private readonly OutputLock _lock;
    // Writes share it (a sweep's variants write their own files at once); commit, abort and dispose hold it alone.
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private string? _leftover;
    private bool _committed, _aborted, _disposed;

    private OutputFolder(OutputTarget request, string target, string staging, OutputLock outputLock)
    {
        _request = request;
        _target = target;
        StagingPath = staging;
        _lock = outputLock;
    }

    /// <summary>The folder to write into until <see cref="Commit"/>.</summary>
    public string StagingPath { get; }

    /// <summary>The resolved full path of the target folder.</summary>
    public string TargetPath => _target;

    /// <summary>The path of a file in the staging folder.</summary>
    public string PathOf(string fileName) => Path.Combine(StagingPath, fileName);

    /// <summary>Checks the target, locks it, removes stale staging and creates the staging folder.</summary>
    /// <exception cref="InputException">The target breaks a rule of <see cref="OutputGuard"/>, another run holds
    /// its lock, or the staging folder cannot be created (no permission, read-only, no space).</exception>
    public static OutputFolder Begin(OutputTarget request)
    {
        var target = OutputGuard.CheckFolder(request);
        var parent = Path.GetDirectoryName(target)!;
        try
        {
            Directory.CreateDirectory(parent);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{request.Option}: cannot create the folder that holds the output ({e.Message})", target);
        }

        var outputLock = OutputLock.Acquire(request.Option, target);
        try
        {
            RemoveStale(parent, Path.GetFileName(target));
            // Checked again under the lock: the first check may have raced with another run's commit.
            OutputGuard.CheckFolder(request);
            var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.tmp-{Guid.NewGuid():N}");
            Directory.CreateDirectory(staging);
            var folder = new OutputFolder(request, target, staging, outputLock);
            lock (Active) Active.Add(folder);
            return folder;
        }
        catch (Exception e)
        {
            outputLock.Dispose();
            if (e is IOException or UnauthorizedAccessException)
                throw new InputException($"{request.Option}: cannot prepare the output ({e.Message}); the previous output is unchanged", target);
            throw;
        }
    }

    /// <summary>Runs the command's writes into the staging folder. Writes from several threads (a sweep's variants, each
    /// into its own files) run at once, and a signal's <see cref="AbortAll"/> waits for the writes in progress, so that
    /// no write can create folders again under a staging folder the abort has just removed.</summary>
    /// <exception cref="InputException">A file cannot be written (no space left, read-only, no permission): the
    /// previous output is unchanged.</exception>
    /// <exception cref="OperationCanceledException">The run was stopped by a signal (<see cref="AbortAll"/>).</exception>
    public void Write(Action<string> write)
    {
        _gate.EnterReadLock();
        try
        {
            ThrowIfAborted();
            try
            {
                write(StagingPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                ThrowIfAborted();
                throw CannotWrite(e);
            }
            ThrowIfAborted();
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Writes the manifest, flushes the staging folder to disk and replaces the target with it. On Linux the
    /// two folders are swapped in one rename (renameat2 RENAME_EXCHANGE), so there is no moment without a
    /// complete target, even if the process is killed; the old output, now at the staging path, is deleted
    /// afterwards (or by the next run if this one is killed first). Elsewhere the old folder is moved aside to
    /// <c>.NAME.old-*</c> and the new one moved in; the next run restores it if a kill fell between the two.
    /// </summary>
    /// <summary>Flushes the files a write put under <paramref name="path"/> (a folder inside the staging folder) to disk
    /// now, so that a run writing many files from several threads flushes while it still calculates; the commit's
    /// flush of the whole tree then finds them clean.</summary>
    /// <exception cref="IOException">The disk reports an error while flushing.</exception>
    public static void FlushNow(string path) => Durable.SyncTree(path);

    /// <exception cref="InputException">The disk is full, read-only or the target cannot be replaced; the previous output is unchanged.</exception>
    /// <exception cref="OperationCanceledException">The run was stopped by a signal before the exchange.</exception>
    public void Commit()
    {
        _gate.EnterWriteLock();
        try
        {
            ThrowIfAborted();
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                OutputManifest.Write(StagingPath, _request.Command, DateTimeOffset.UtcNow);
                Durable.SyncTree(StagingPath);
                // The target may have changed while the run computed (the lock only keeps other runs out).
                OutputGuard.CheckFolder(_request);
                Exchange();
                _committed = true;
                Durable.SyncDirectory(Path.GetDirectoryName(_target)!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CannotWrite(e);
            }
        }
        finally
        {
            _gate.ExitWriteLock();
        }
        Dispose();
    }

    private void Exchange()
    {
        if (!Directory.Exists(_target))
        {
            Directory.Move(StagingPath, _target);
            return;
        }
        if (FolderExchange.TrySwap(StagingPath, _target))
        {
            _leftover = StagingPath;
            return;
        }
        var retired = Path.Combine(Path.GetDirectoryName(_target)!, $".{Path.GetFileName(_target)}.old-{Guid.NewGuid():N}");
        Directory.Move(_target, retired);
        try
        {
            Directory.Move(StagingPath, _target);
        }
        catch
        {
            // The new output could not be moved in: put the old one back rather than leave no output.
            Directory.Move(retired, _target);
            throw;
        }
        _leftover = retired;
    }

    private InputException CannotWrite(Exception e) =>
        new($"{_request.Option}: cannot write the output ({e.Message}); the previous output, if any, is unchanged", _target);

    private void ThrowIfAborted()
    {
        if (Volatile.Read(ref _aborted)) throw new OperationCanceledException("the run was stopped by a signal; its staging folder was removed");
    }

    /// <summary>
    /// For a SIGTERM or Ctrl-C handler: removes the staging folder of every uncommitted output of this process
    /// and releases its lock, so the previous outputs stay as they were. A commit in progress finishes first
    /// (the folder is then complete). Later writes of the aborted runs fail with <see cref="OperationCanceledException"/>.
    /// </summary>
    public static void AbortAll()
    {
        OutputFolder[] active;
        lock (Active) active = [.. Active];
        foreach (var folder in active) folder.Abort();
        OutputFile.AbortAll();
    }

    private void Abort()
    {
        _gate.EnterWriteLock();
        try
        {
            if (_disposed) return;
            Volatile.Write(ref _aborted, true);
            if (!_committed) DeleteQuietly(StagingPath, attempts: 20);
            _lock.Dispose();
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    public void Dispose()
    {
        _gate.EnterWriteLock();
        try
        {
            if (_disposed) return;
            _disposed = true;
            // A folder that cannot be deleted stays behind under its hidden name; the next run removes it.
            if (_committed) { if (_leftover is not null) DeleteQuietly(_leftover, attempts: 1); }
            else if (!_aborted) DeleteQuietly(StagingPath, attempts: 3);
            _lock.Dispose();
        }
        finally
        {
            _gate.ExitWriteLock();
        }
        lock (Active) Active.Remove(this);
    }

    /// <summary>
    /// Removes what killed runs left beside the target: staging folders (<c>.NAME.tmp-</c> and 32 hex digits) and
    /// retired outputs (<c>.NAME.old-*</c>), or moves a retired output back when a kill left no target. Called only
    /// under the lock, so none of them can belong to a run in progress; nothing else is touched.
    /// </summary>
    private static void RemoveStale(string parent, string name)
    {
        var own = new Regex($"^\\.{Regex.Escape(name)}\\.(tmp|old)-[0-9a-f]{{32}}$", RegexOptions.CultureInvariant);
        var target = Path.Combine(parent, name);
        foreach (var dir in Directory.EnumerateDirectories(parent).Where(d => own.IsMatch(Path.GetFileName(d))).Order(StringComparer.Ordinal))
        {
            if (new DirectoryInfo(dir).LinkTarget is not null) continue;
            if (Path.GetFileName(dir).Contains(".old-", StringComparison.Ordinal) && !Directory.Exists(target) && !File.Exists(target))
                Directory.Move(dir, target);
            else
                Directory.Delete(dir, recursive: true);
        }
    }

    private static void DeleteQuietly(string path, int attempts)
    {
        for (int k = 0; k < attempts && Directory.Exists(path); k++)
        {
            try { Directory.Delete(path, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }
}

/// <summary>
/// The advisory lock of one output target: <c>.NAME.lock</c> beside it, held exclusively (flock on Linux) from
/// <see cref="OutputFolder.Begin"/> until the folder is committed or disposed, and released by the kernel if
/// the process dies. The file itself stays: deleting a lock file while another run waits to open it would let
/// two runs hold "the" lock at once.
/// </summary>
internal sealed class OutputLock : IDisposable
{
    private readonly FileStream _stream;

    private OutputLock(FileStream stream) => _stream = stream;

    /// <exception cref="InputException">Another run holds the lock, or the lock file cannot be created.</exception>
    public static OutputLock Acquire(string option, string target)
    {
        var path = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.lock");
        try
        {
            return new OutputLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            throw new InputException(
                $"{option}: another indexengine run is writing this output (it holds the lock {path}); this run refuses rather than waits. " +
                "Run it again when the other has finished", target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{option}: cannot create the lock file {path} beside the output ({e.Message})", target);
        }
    }

    // EWOULDBLOCK from flock: 11 on Linux, 35 on macOS; ERROR_SHARING_VIOLATION on Windows.
    private static bool IsHeldElsewhere(IOException e) =>
        e.GetType() == typeof(IOException) && e.HResult is 11 or 35 or unchecked((int)0x80070020);

    public void Dispose() => _stream.Dispose();
}
