using System.Text;
using IndexEngine.Core.Model;
using OutputCsv = IndexEngine.Data.Output.Csv;

namespace IndexEngine.Data.Index;

/// <summary>The last complete row of a levels file, with its numbers as written.</summary>
public sealed record LevelsRow(DateOnly Date, string Pr, string Tr, long Line);

/// <summary>What a levels file holds: its complete rows' count and last row, and whether a killed append
/// left an incomplete last line after <paramref name="CompleteLength"/> bytes.</summary>
public sealed record LevelsFileTail(int Rows, LevelsRow? Last, long CompleteLength, bool PartialLine);

/// <summary>
/// The daily index's <c>levels.csv</c>: <c>date,index_pr,index_tr</c>, one row per trading day, numbers as
/// <c>backtest</c> writes them. It is only ever appended to, after the state is safely written, so it can
/// lag the state by the day being written and never lead it.
/// </summary>
public static class LevelsFile
{
    public const string Header = "date,index_pr,index_tr";

    /// <summary>One row's text, with its line end.</summary>
    public static string Row(DateOnly date, double pr, double tr) => $"{OutputCsv.Date(date)},{OutputCsv.Number(pr)},{OutputCsv.Number(tr)}\n";

    /// <summary>Reads the file's rows; null when it does not exist.</summary>
    /// <exception cref="InputException">Another header, a malformed row or dates not ascending (file and line named).</exception>
    public static LevelsFileTail? Inspect(string path)
    {
        if (!File.Exists(path)) return null;
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read the levels file: {e.Message}", path);
        }
        int complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        var lines = Encoding.UTF8.GetString(bytes, 0, complete).Split('\n');
        if (complete == 0 || lines[0] != Header)
            throw new InputException($"not a daily levels file: the first line must be '{Header}'", path, 1);
        LevelsRow? last = null;
        int rows = 0;
        for (int k = 1; k < lines.Length - 1; k++)
        {
            var fields = lines[k].Split(',');
            if (fields.Length != 3
                || !IndexEngine.Data.Csv.Utf8Values.TryParseIsoDate(Encoding.UTF8.GetBytes(fields[0]), out var date)
                || !IndexEngine.Data.Csv.Utf8Values.TryParseFinite(Encoding.UTF8.GetBytes(fields[1]), out _)
                || !IndexEngine.Data.Csv.Utf8Values.TryParseFinite(Encoding.UTF8.GetBytes(fields[2]), out _))
                throw new InputException("expected date,index_pr,index_tr (yyyy-MM-dd and two numbers)", path, k + 1);
            if (last is not null && date <= last.Date)
                throw new InputException($"dates must ascend: {Invariant.Date(date)} follows {Invariant.Date(last.Date)}", path, k + 1);
            last = new LevelsRow(date, fields[1], fields[2], k + 1);
            rows++;
        }
        return new LevelsFileTail(rows, last, complete, complete < bytes.Length);
    }

    /// <summary>Cuts an incomplete last line (a killed append) so that the next append starts a line.</summary>
    public static void TruncateTo(string path, long length)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None);
            stream.SetLength(length);
            stream.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot repair the levels file: {e.Message}", path);
        }
    }

    /// <summary>Appends rows (each from <see cref="Row"/>) and flushes them to disk; a missing file is
    /// created with the header.</summary>
    /// <exception cref="InputException">The file cannot be written.</exception>
    public static void Append(string path, string rows)
    {
        try
        {
            bool created = !File.Exists(path);
            // Readers (a monitor tailing the file) may keep it open: on Unix FileShare.None would be an
            // exclusive lock that fails the run while one reads.
            using (var stream = new FileStream(path, created ? FileMode.CreateNew : FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                stream.Write(Encoding.UTF8.GetBytes((created ? Header + "\n" : "") + rows));
                stream.Flush(flushToDisk: true);
            }
            if (created) DurableFile.SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot append to the levels file: {e.Message}", path);
        }
    }
}
