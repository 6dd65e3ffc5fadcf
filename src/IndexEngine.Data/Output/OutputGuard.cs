using IndexEngine.Core.Model;

namespace IndexEngine.Data.Output;

/// <summary>
/// The rules that keep an output from destroying data the engine did not write. A target (symbolic links
/// resolved) may never be the root, the home directory, the current directory or one of their ancestors, nor
/// be, contain or lie inside an input of the run, nor be a symbolic link or a mount point. An existing folder
/// is replaced only when it is empty or its manifest says the engine wrote every entry in it. There is no
/// option to override any of this: a refusal is exit 2 saying why and what to do.
/// </summary>
public static class OutputGuard
{
    private static StringComparison PathComparison => OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    /// <summary>Checks a folder target and returns its resolved full path.</summary>
    /// <exception cref="InputException">The target breaks one of the rules; the message says which.</exception>
    public static string CheckFolder(OutputTarget target)
    {
        var full = Resolve(target);
        if (File.Exists(full))
            throw new InputException($"{target.Option} names a file, not a folder; name a new or empty folder (the file is left alone)", full);
        if (Directory.Exists(full))
        {
            if (MountPoints.IsMountPoint(full))
                throw new InputException(
                    $"{target.Option} is a mount point, which cannot be replaced by renaming (the engine writes a new folder beside the target and swaps it in); name a folder inside it",
                    full);
            CheckReplaceable(target, full);
        }
        return full;
    }

    /// <summary>Checks a single-file target (e.g. <c>stats --out</c>) and returns its resolved full path.</summary>
    /// <exception cref="InputException">The target breaks one of the rules; the message says which.</exception>
    public static string CheckFile(OutputTarget target)
    {
        var full = Resolve(target);
        if (Directory.Exists(full)) throw new InputException($"{target.Option} names a folder, not a file; name the file to write", full);
        return full;
    }

    /// <summary>An existing folder may be replaced when it is empty or holds exactly what its manifest lists.</summary>
    /// <exception cref="InputException">It holds anything else, or cannot be read.</exception>
    internal static void CheckReplaceable(OutputTarget target, string full, int attempt = 0)
    {
        List<string> foreign;
        try
        {
            var entries = Entries(full);
            if (entries.Count == 0) return;
            var manifest = Path.Combine(full, OutputManifest.FileName);
            if (!File.Exists(manifest))
                throw Refuse(target, full, $"it holds files the engine did not write ({Sample(entries.Select(e => e.Path))})");
            var listed = OutputManifest.ReadFiles(manifest)
                ?? throw Refuse(target, full, $"its {OutputManifest.FileName} is not a manifest the engine wrote");
            // A folder entry is the engine's when it leads to a listed file; anything else was added by someone else.
            var folders = new HashSet<string>(listed.SelectMany(FolderPrefixes), StringComparer.Ordinal);
            foreign = [.. entries
                .Where(e => e.Path != OutputManifest.FileName && !(e.IsFolder ? folders.Contains(e.Path) : listed.Contains(e.Path)))
                .Select(e => e.Path)];
        }
        catch (IOException) when (attempt < 3)
        {
            // Another run's exchange can swap the folder while it is read (a file or subfolder vanishes): read it again.
            CheckReplaceable(target, full, attempt + 1);
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{target.Option}: cannot read the existing folder to check that the engine wrote it ({e.Message})", full);
        }
        if (foreign.Count > 0)
            throw Refuse(target, full, $"the engine wrote it, but it now also holds {Sample(foreign)}");
    }

    private static InputException Refuse(OutputTarget target, string full, string why) =>
        new($"{target.Option} is an existing folder that the engine may not replace: {why}. Name a new or empty folder, or move its contents away yourself", full);

    private static string Sample(IEnumerable<string> paths)
    {
        var all = paths.Order(StringComparer.Ordinal).ToList();
        var shown = string.Join(", ", all.Take(5));
        return all.Count > 5 ? $"{shown} and {all.Count - 5} more" : shown;
    }

    private static IEnumerable<string> FolderPrefixes(string file)
    {
        for (int slash = file.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = file.IndexOf('/', slash + 1))
            yield return file[..slash];
    }

    /// <summary>Every entry under a folder, '/'-separated and relative; symbolic links are entries, never followed.</summary>
    internal static List<(string Path, bool IsFolder)> Entries(string folder)
    {
        var result = new List<(string, bool)>();
        void Walk(DirectoryInfo dir, string prefix)
        {
            foreach (var info in dir.EnumerateFileSystemInfos())
            {
                var relative = prefix + info.Name;
                bool isFolder = info is DirectoryInfo && info.LinkTarget is null;
                result.Add((relative, isFolder));
                if (isFolder) Walk((DirectoryInfo)info, relative + "/");
            }
        }
        Walk(new DirectoryInfo(folder), "");
        return result;
    }

    /// <summary>The rules that hold whatever the target holds; returns the real full path.</summary>
    private static string Resolve(OutputTarget target)
    {
        var option = target.Option;
        if (string.IsNullOrWhiteSpace(target.Path)) throw new InputException($"{option} is empty: name the output to write");
        string full;
        try
        {
            full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target.Path));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new InputException($"{option} is not a valid path ({e.Message})", target.Path);
        }
        var parent = Path.GetDirectoryName(full);
        if (string.IsNullOrEmpty(parent)) throw new InputException($"{option} cannot be the root folder", full);
        if (LinkTarget(full) is { } link)
            throw new InputException(
                $"{option} is a symbolic link (to {link}); name the real folder or file so that it is clear what gets replaced", full);

        var real = Path.Combine(RealPath(parent), Path.GetFileName(full));
        if (CurrentDirectory() is { } cwd && IsSameOrAncestor(real, cwd))
            throw new InputException(
                $"{option} {(SamePath(real, cwd) ? "is" : "contains")} the current directory; name a new folder for the output, e.g. {option} out",
                full);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!string.IsNullOrEmpty(home) && RealPath(home) is var realHome && IsSameOrAncestor(real, realHome))
            throw new InputException($"{option} {(SamePath(real, realHome) ? "is" : "contains")} the home directory; name a new folder for the output", full);
        foreach (var input in target.Inputs)
        {
            string realInput;
            try
            {
                realInput = RealPath(input.Path);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                continue; // an input that is not a path at all cannot overlap; its loader reports it
            }
            string? relation = SamePath(real, realInput) ? "is" : IsSameOrAncestor(real, realInput) ? "contains" : IsSameOrAncestor(realInput, real) ? "lies inside" : null;
            if (relation is not null)
                throw new InputException(
                    $"{option} {relation} the input {input.Option} {input.Path}; outputs never overwrite an input of the run. Name an output outside the inputs",
                    full);
        }
        return real;
    }

    /// <summary>The real current directory; null when it no longer exists (then nothing can contain it).</summary>
    private static string? CurrentDirectory()
    {
        try
        {
            return RealPath(Directory.GetCurrentDirectory());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The path with every symbolic link resolved, as far as it exists (the rest is appended as given).</summary>
    /// <exception cref="InputException">A cycle of symbolic links.</exception>
    public static string RealPath(string path) => RealPath(path, 0);

    private static string RealPath(string path, int depth)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            if (LinkTarget(next) is not { } link)
            {
                current = next;
                continue;
            }
            if (++depth > 40) throw new InputException("too many levels of symbolic links", path);
            current = RealPath(Path.IsPathRooted(link) ? link : Path.Combine(current, link), depth);
        }
        return Path.TrimEndingDirectorySeparator(current) is { Length: > 0 } trimmed ? trimmed : root;
    }

    private static bool SamePath(string a, string b) => string.Equals(a, b, PathComparison);

    /// <summary>True when <paramref name="ancestor"/> is <paramref name="path"/> or a folder above it.</summary>
    internal static bool IsSameOrAncestor(string ancestor, string path)
    {
        if (SamePath(ancestor, path)) return true;
        var prefix = ancestor.EndsWith(Path.DirectorySeparatorChar) ? ancestor : ancestor + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, PathComparison);
    }
}

/// <summary>Mount points, read from /proc/self/mountinfo (Linux; elsewhere none are known).</summary>
internal static class MountPoints
{
    public static bool IsMountPoint(string realPath)
    {
        const string table = "/proc/self/mountinfo";
        if (!OperatingSystem.IsLinux() || !File.Exists(table)) return false;
        try
        {
            foreach (var line in File.ReadLines(table))
            {
                // "36 35 98:0 /mnt1 /mnt/parent rw ..." : the fifth field is the mount point, with \040-style escapes.
                var fields = line.Split(' ');
                if (fields.Length > 4 && string.Equals(Unescape(fields[4]), realPath, StringComparison.Ordinal)) return true;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // then the rename itself reports a mount point (EBUSY), mapped to exit 2 as well
        }
        return false;
    }

    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal)) return field;
        var sb = new System.Text.StringBuilder(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctal(field, i + 1))
            {
                sb.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else sb.Append(field[i]);
        }
        return sb.ToString();
    }

    private static bool IsOctal(string s, int start) =>
        start + 3 <= s.Length && s.AsSpan(start, 3).IndexOfAnyExcept("01234567") < 0;
}
