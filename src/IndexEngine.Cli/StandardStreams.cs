using System.Runtime.InteropServices;
using System.Text;
using IndexEngine.Core.Model;

namespace IndexEngine.Cli;

/// <summary>
/// Standard output that fails like bad input: a full device (<c>&gt;/dev/full</c>), a closed descriptor
/// (<c>&gt;&amp;-</c>) or a closed pipe is exit 2 with a message, not an internal error.
/// </summary>
public sealed class StdoutWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => Guard(() => inner.Write(value));

    public override void Write(string? value) => Guard(() => inner.Write(value));

    public override void Write(char[] buffer, int index, int count) => Guard(() => inner.Write(buffer, index, count));

    public override void WriteLine(string? value) => Guard(() => inner.WriteLine(value));

    public override void Flush() => Guard(inner.Flush);

    /// <exception cref="InputException">Standard output does not accept the text.</exception>
    private static void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e.InnerException is IOException inner ? inner.Message : e.Message;
            throw new InputException($"cannot write to standard output ({reason}); redirect it to a file or a pipe that accepts the output");
        }
    }

    /// <summary>
    /// A process started with stdin, stdout or stderr closed would hand that descriptor number to the next
    /// file it opens, and console text would land in (or fail on) that file. Each closed one is opened on
    /// /dev/null read-only instead, so writing to it fails cleanly (EBADF) and nothing else can take it.
    /// </summary>
    public static void ReserveClosedDescriptors()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        try
        {
            for (int fd = 0; fd <= 2; fd++)
            {
                int copy = Dup(fd);
                if (copy >= 0)
                {
                    Close(copy);
                    continue;
                }
                // open() returns the lowest free descriptor: this one, as the lower ones are open by now.
                int opened = Open("/dev/null", 0);
                if (opened >= 0 && opened != fd) Close(opened);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Without the C library calls the descriptors are left as they are.
        }
    }

    [DllImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static extern int Dup(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "open", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int Open(string path, int flags);
}
