using System.Runtime.InteropServices;

namespace IndexEngine.Data.Output;

/// <summary>Atomically swaps two folders where the operating system can: Linux renameat2(RENAME_EXCHANGE).</summary>
internal static class FolderExchange
{
    private const int CurrentDirectory = -100; // AT_FDCWD: relative paths are resolved as by rename()
    private const uint RenameExchange = 2;     // RENAME_EXCHANGE, Linux 3.15+

    [DllImport("libc", EntryPoint = "renameat2", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);

    /// <summary>
    /// Swaps the two existing folders in one step; false when that is not possible here (not Linux, a C
    /// library without renameat2, a kernel or file system without RENAME_EXCHANGE, or any other error),
    /// in which case nothing has changed and the caller falls back to two renames.
    /// </summary>
    public static bool TrySwap(string a, string b)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return RenameAt2(CurrentDirectory, a, CurrentDirectory, b, RenameExchange) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
