using System.Text;
using System.Text.RegularExpressions;
using IndexEngine.Core.Model;

namespace IndexEngine.Data.Output;

/// <summary>
/// The one way a command writes a single file (e.g. <c>stats --out</c>): the same target rules as a folder
/// (<see cref="OutputGuard.CheckFile"/>: never an input of the run, never a folder), a temporary file beside
/// it, flushed to disk, then renamed over the target and the folder flushed; readers never see half a file.
/// Like a folder, the file is written under the advisory lock <c>.NAME.lock</c> beside it.
/// </summary>
public static class OutputFile
{
    private static readonly HashSet<string> Temporary = new(StringComparer.Ordinal);

    /// <summary>Writes <paramref name="text"/> as UTF-8 without BOM; returns the resolved full path. Holds the
    /// target's lock (<c>.NAME.lock</c>) while writing, and under it removes the temporary files
    /// (<c>.NAME.tmp-</c> and 32 hex digits) that killed runs left.</summary>
    /// <exception cref="InputException">The target breaks a rule, another run holds its lock, or it cannot be
    /// written (no space, read-only); a previous file is unchanged.</exception>
    public static string WriteAllText(OutputTarget target, string text) =>
        Write(target, stream => stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text)));

    /// <summary>Writes the file's bytes through <paramref name="write"/> (e.g. a CSV writer over the stream, left open), with
    /// the same rules as <see cref="WriteAllText"/>; returns the resolved full path.</summary>
    /// <exception cref="InputException">The target breaks a rule, another run holds its lock, or it cannot be
    /// written (no space, read-only); a previous file is unchanged.</exception>
    public static string Write(OutputTarget target, Action<Stream> write)
    {
        var full = OutputGuard.CheckFile(target);
        var folder = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        var temp = Path.Combine(folder, $".{name}.tmp-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{target.Option}: cannot create the folder that holds the file ({e.Message})", full);
        }
        using var outputLock = OutputLock.Acquire(target.Option, full);
        lock (Temporary) Temporary.Add(temp);
        try
        {
            var own = new Regex($"^\\.{Regex.Escape(name)}\\.tmp-[0-9a-f]{{32}}$", RegexOptions.CultureInvariant);
            foreach (var stale in Directory.EnumerateFiles(folder).Where(f => own.IsMatch(Path.GetFileName(f))).ToList()) File.Delete(stale);
            OutputGuard.CheckFile(target); // again under the lock: the target may have changed since the run began
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
            Durable.SyncDirectory(folder);
            return full;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(temp);
            throw new InputException($"{target.Option}: cannot write the file ({e.Message}); a previous file, if any, is unchanged", full);
        }
        finally
        {
            lock (Temporary) Temporary.Remove(temp);
        }
    }

    /// <summary>Removes the temporary files of writes in progress (for a signal handler).</summary>
    internal static void AbortAll()
    {
        string[] temps;
        lock (Temporary) temps = [.. Temporary];
        foreach (var temp in temps) DeleteQuietly(temp);
    }

    private static void DeleteQuietly(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
