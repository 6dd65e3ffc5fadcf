using System.IO.Compression;
using System.Text;
using IndexEngine.Core.Model;
using NUnit.Framework;

namespace IndexEngine.Tests.Data;

/// <summary>A temporary folder that test files are written into, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "indexengine-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes UTF-8 text (no BOM) exactly as given; a name ending in .gz is gzip-compressed.</summary>
    public string Write(string name, string text) => WriteBytes(name, Encoding.UTF8.GetBytes(text));

    public string WriteBytes(string name, byte[] bytes)
    {
        var path = File(name);
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var file = System.IO.File.Create(path);
            using var gzip = new GZipStream(file, CompressionLevel.Fastest);
            gzip.Write(bytes);
        }
        else
            System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}

/// <summary>A fixture whose every test gets a new temporary folder, deleted afterwards.</summary>
public abstract class TempFolderFixture
{
    private TempFolder? _folder;

    internal TempFolder Folder => _folder ?? throw new InvalidOperationException("only inside a test");

    [SetUp]
    public void CreateTempFolder() => _folder = new TempFolder();

    [TearDown]
    public void DeleteTempFolder() => _folder?.Dispose();
}

/// <summary>A small valid universe whose files a test replaces one at a time to break one rule.</summary>
internal static class SmallUniverse
{
    public const string Securities =
        "id,name,sector,country,security_type,market_cap\n" +
        "A,Alpha Inc,Information Technology,US,common,1000000000\n" +
        "B,Beta Corp,Financials,US,common,2000000000\n" +
        "C,Gamma Co,Energy,US,reit,3000000000\n";

    public const string Metrics =
        "id,earnings_yield,roe\n" +
        "A,0.05,0.1\n" +
        "B,0.04,\n" +
        "C,-0.01,0.2\n";

    public const string Prices =
        "date,id,close,volume\n" +
        "2017-01-03,A,10.5,1000\n" +
        "2017-01-03,B,20,2000\n" +
        "2017-01-03,C,30,3000\n" +
        "2017-01-04,A,10.6,1100\n" +
        "2017-01-04,B,20.2,\n" +
        "2017-01-05,A,10.7,1200\n" +
        "2017-01-05,C,29,3100\n";

    /// <summary>Writes the universe into <paramref name="folder"/>, with any file replaced by the given text.</summary>
    public static string WriteTo(TempFolder folder, string? securities = null, string? metrics = null, string? prices = null)
    {
        folder.Write("securities.csv", securities ?? Securities);
        folder.Write("metrics.csv", metrics ?? Metrics);
        folder.Write("prices.csv", prices ?? Prices);
        return folder.Path;
    }
}

internal static class InputAssert
{
    /// <summary>Asserts that <paramref name="action"/> fails with an <see cref="InputException"/> located at
    /// the file, line and column given, and that the message names all three.</summary>
    public static InputException Located(Action action, string fileName, long? line, string? column)
    {
        var e = Assert.Throws<InputException>(action)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(e.File, Is.Not.Null.And.EndWith(fileName), e.Message);
            Assert.That(e.Line, Is.EqualTo(line), e.Message);
            Assert.That(e.Column, Is.EqualTo(column), e.Message);
            Assert.That(e.Message, Does.Contain(fileName));
            if (line is not null) Assert.That(e.Message, Does.Contain($":{line}"));
            if (column is not null) Assert.That(e.Message, Does.Contain($"column '{column}'"));
        }
        return e;
    }
}

/// <summary>Finds the read-only real data beside the repository (<c>&lt;repo&gt;/../shared</c>).</summary>
internal static class SharedData
{
    public static string? Folder()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "shared", "METHODOLOGY.md")))
                return Path.Combine(dir.FullName, "shared");
        return null;
    }

    /// <summary>The path of <paramref name="relative"/> under shared/data, or Assert.Ignore when shared is absent.</summary>
    public static string Require(string relative)
    {
        var shared = Folder();
        if (shared is null) Assert.Ignore("the real data in ../shared is absent (it sits beside the repository on project machines)");
        return Path.Combine(shared!, "data", relative);
    }
}
