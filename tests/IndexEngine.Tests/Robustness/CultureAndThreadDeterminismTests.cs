using System.Diagnostics;
using System.Globalization;
using IndexEngine.Cli;
using IndexEngine.Cli.Commands;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Robustness;

/// <summary>
/// The output bytes do not depend on the machine: not on its language and region settings (de-DE writes
/// 0,5 and 31.03.2017, tr-TR upper-cases i to İ, th-TH counts years in the Buddhist era) and not on the
/// number of processors.
/// </summary>
[TestFixture]
public sealed class CultureAndThreadDeterminismTests
{
    private static readonly string[] Cultures = ["de-DE", "tr-TR", "th-TH"];

    /// <summary>A Saturday: the run also writes the "not a trading day" warning, with dates, into summary.json.</summary>
    private const string AsOf = "2017-06-03";

    private static string[] RebalanceArgs(string outDirectory) =>
        ["rebalance", "--universe", TestPaths.DefaultUniverse, "--as-of", AsOf, "--set", "selection.fraction=0.3", "--out", outDirectory];

    [OneTimeSetUp]
    public void RequireCultureData()
    {
        foreach (var name in Cultures)
        {
            try { _ = CultureInfo.GetCultureInfo(name, predefinedOnly: true); }
            catch (CultureNotFoundException) { Assert.Ignore($"culture {name} is not available (globalization-invariant mode or no ICU)"); }
        }
    }

    [Test]
    public void Real_process_output_is_the_same_under_other_locales_and_one_processor()
    {
        var root = RobustnessTemp.NewFolder("process-culture");
        var environments = new (string Name, Dictionary<string, string> Variables)[]
        {
            ("default", []),
            ("de_DE", new() { ["LANG"] = "de_DE.UTF-8", ["LC_ALL"] = "de_DE.UTF-8" }),
            ("tr_TR", new() { ["LANG"] = "tr_TR.UTF-8", ["LC_ALL"] = "tr_TR.UTF-8" }),
            ("th_TH", new() { ["LANG"] = "th_TH.UTF-8", ["LC_ALL"] = "th_TH.UTF-8" }),
            ("one processor", new() { ["DOTNET_PROCESSOR_COUNT"] = "1" }),
        };
        foreach (var (name, variables) in environments)
        {
            var start = Support.Cli.ProcessStart(variables, RebalanceArgs(Path.Combine(root, name)));
            start.Environment.Remove("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT");
            var run = Support.Cli.RunProcess(start);
            Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), $"{name}: {run}");
        }
        foreach (var (name, _) in environments.Skip(1))
            Runs.AssertSameOutput(Path.Combine(root, "default"), Path.Combine(root, name), ignoreInputIdentity: false, name);
        Assert.That(OutputFiles.Snapshot(Path.Combine(root, "default")).Keys, Is.EquivalentTo(OutputFiles.RebalanceFiles));
    }

    [Test]
    public void In_process_output_is_the_same_when_the_caller_runs_under_another_culture()
    {
        var root = RobustnessTemp.NewFolder("inprocess-culture");
        var reference = Path.Combine(root, "invariant");
        Assert.That(UnderCulture(CultureInfo.InvariantCulture, () => Support.Cli.Run(RebalanceArgs(reference))).ExitCode, Is.EqualTo(CliApp.Success));
        foreach (var name in Cultures)
        {
            var output = Path.Combine(root, name);
            var run = UnderCulture(CultureInfo.GetCultureInfo(name), () => Support.Cli.Run(RebalanceArgs(output)));
            Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), $"{name}: {run}");
            Runs.AssertSameOutput(reference, output, ignoreInputIdentity: false, name);
        }
    }

    /// <summary>
    /// The commands' library code does not lean on CliApp having switched the process to the invariant
    /// culture: a host calling RebalanceCommand.Run and BacktestCommand.Run directly under another culture
    /// writes the same bytes as the CLI.
    /// </summary>
    [Test]
    public void Commands_called_directly_under_another_culture_write_the_same_bytes()
    {
        var root = RobustnessTemp.NewFolder("library-culture");
        var rebalanceReference = Path.Combine(root, "rebalance-cli");
        var backtestReference = Path.Combine(root, "backtest-cli");
        string[] backtestArgs = ["backtest", "--universe", TestPaths.DefaultUniverse, "--from", "2014-09-01", "--to", "2015-12-31", "--set", "selection.fraction=0.3"];
        Assert.That(Support.Cli.Run(RebalanceArgs(rebalanceReference)).ExitCode, Is.EqualTo(CliApp.Success));
        Assert.That(Support.Cli.Run([.. backtestArgs, "--out", backtestReference]).ExitCode, Is.EqualTo(CliApp.Success));

        foreach (var name in Cultures)
        {
            var rebalanceOut = Path.Combine(root, "rebalance-" + name);
            var backtestOut = Path.Combine(root, "backtest-" + name);
            var codes = UnderCulture(CultureInfo.GetCultureInfo(name), () =>
            (
                RebalanceCommand.Run(new RebalanceCommand.RebalanceRequest(
                    TestPaths.DefaultUniverse, DateOnly.Parse(AsOf, CultureInfo.InvariantCulture), null, ["selection.fraction=0.3"], null, null, rebalanceOut, false), TextWriter.Null),
                BacktestCommand.Run(TestPaths.DefaultUniverse, new DateOnly(2014, 9, 1), new DateOnly(2015, 12, 31), null, ["selection.fraction=0.3"], null, backtestOut)
            ));
            Assert.That(codes, Is.EqualTo((CliApp.Success, CliApp.Success)), name);
            Runs.AssertSameOutput(rebalanceReference, rebalanceOut, ignoreInputIdentity: false, $"rebalance under {name}");
            Runs.AssertSameOutput(backtestReference, backtestOut, ignoreInputIdentity: false, $"backtest under {name}");
        }
    }

    /// <summary>Runs <paramref name="action"/> with <paramref name="culture"/> as the thread's and the
    /// process default culture, and restores both afterwards.</summary>
    private static T UnderCulture<T>(CultureInfo culture, Func<T> action)
    {
        var (current, currentUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        var (defaultCulture, defaultUi) = (CultureInfo.DefaultThreadCurrentCulture, CultureInfo.DefaultThreadCurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
            CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = culture;
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = current;
            CultureInfo.CurrentUICulture = currentUi;
            CultureInfo.DefaultThreadCurrentCulture = defaultCulture;
            CultureInfo.DefaultThreadCurrentUICulture = defaultUi;
        }
    }
}
