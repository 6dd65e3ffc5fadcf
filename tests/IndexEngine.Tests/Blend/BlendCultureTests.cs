using System.Globalization;
using IndexEngine.Cli;
using IndexEngine.Cli.Commands;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Blends;

/// <summary>A host calling BlendCommand.Run under another culture (de-DE writes 0,5 and 10.01.2024, th-TH
/// counts Buddhist years) writes the same bytes as the CLI, which runs invariant.</summary>
public class BlendCultureTests
{
    private string _folder = "";

    [SetUp]
    public void SetUp() => _folder = TestPaths.NewTempDirectory();

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [TestCase("de-DE")]
    [TestCase("tr-TR")]
    [TestCase("th-TH")]
    public void TheOutputDoesNotDependOnTheCallersCulture(string name)
    {
        CultureInfo culture;
        try { culture = CultureInfo.GetCultureInfo(name, predefinedOnly: true); }
        catch (CultureNotFoundException) { Assert.Ignore($"culture {name} is not available (globalization-invariant mode or no ICU)"); throw; }

        var spec = BlendTestData.WriteWorkedExampleSpec(_folder);
        var reference = Path.Combine(_folder, "cli");
        Assert.That(Support.Cli.Run("blend", "--spec", spec, "--from", "2024-01-01", "--to", "2024-01-31", "--out", reference).ExitCode, Is.EqualTo(CliApp.Success));

        var output = Path.Combine(_folder, name);
        var (current, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        int code;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
            code = BlendCommand.Run(spec, new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 31), null, output);
        }
        finally
        {
            CultureInfo.CurrentCulture = current;
            CultureInfo.CurrentUICulture = ui;
        }
        Assert.That(code, Is.EqualTo(CliApp.Success));
        var expected = OutputFiles.Snapshot(reference);
        var actual = OutputFiles.Snapshot(output);
        Assert.That(actual.Keys, Is.EquivalentTo(expected.Keys));
        foreach (var (file, bytes) in expected)
            Assert.That(actual[file], Is.EqualTo(bytes), $"{file} under {name}");
    }
}
