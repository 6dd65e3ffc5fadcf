using System.Text;
using IndexEngine.Core.Model;
using IndexEngine.Data.Output;

namespace IndexEngine.Data.Index;

/// <summary>
/// The one way the daily index writes a whole file (the state and the holdings): a temporary file beside
/// the target, flushed to disk, renamed over the target, then the folder flushed so that the rename itself
/// survives a crash. A reader, or a run after a kill or power loss, finds the old file or the new one,
/// never a mix. Kept in one place so it can move to the shared safe-output API.
/// </summary>
public static class DurableFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Replaces <paramref name="path"/> with <paramref name="content"/> (UTF-8, no BOM).</summary>
    /// <exception cref="InputException">The file or its folder cannot be written (exit 2, naming the path).</exception>
    public static void Replace(string path, string content)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(Utf8NoBom.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
            SyncDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temp); }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException) { }
            throw new InputException($"cannot write the file: {e.Message}", full);
        }
    }

    /// <summary>Flushes a folder's entries (a rename) to disk: the shared output code's <see cref="Durable.SyncDirectory"/>.</summary>
    public static void SyncDirectory(string directory) => Durable.SyncDirectory(directory);
}
