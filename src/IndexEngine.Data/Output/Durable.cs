using System.Runtime.InteropServices;

namespace IndexEngine.Data.Output;

/// <summary>
/// fsync of files and folders, so that what the engine reports as written survives a power cut: the files'
/// bytes, the folder entries naming them, and the rename that put the folder in place.
/// </summary>
internal static class Durable
{
    private const int ReadOnly = 0;       // O_RDONLY; fsync needs no write access on Linux or macOS
    private const int CloseOnExec = 0x80000; // O_CLOEXEC on Linux (x64 and arm64)

    [DllImport("libc", EntryPoint = "open", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int Open(string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);

    /// <summary>Flushes every file and folder under <paramref name="folder"/>, and the folder itself, to disk.</summary>
    /// <exception cref="IOException">The disk reports an error (e.g. no space left) while flushing.</exception>
    public static void SyncTree(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)) SyncFile(file);
        foreach (var dir in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories)) SyncDirectory(dir);
        SyncDirectory(folder);
    }

    /// <exception cref="IOException">The disk reports an error while flushing.</exception>
    public static void SyncFile(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            Sync(path);
            return;
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Makes a folder's entries (created, renamed files) durable. Linux only: elsewhere a folder
    /// cannot be opened for fsync from .NET, and this is a no-op.</summary>
    /// <exception cref="IOException">The disk reports an error while flushing.</exception>
    public static void SyncDirectory(string path)
    {
        if (OperatingSystem.IsLinux()) Sync(path);
    }

    private static void Sync(string path)
    {
        int fd = Open(path, ReadOnly | CloseOnExec);
        if (fd < 0) throw new IOException($"cannot open '{path}' to flush it: {Marshal.GetLastPInvokeErrorMessage()}");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"cannot flush '{path}' to disk: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        finally
        {
            Close(fd);
        }
    }
}
