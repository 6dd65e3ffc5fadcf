using System.Diagnostics;
using IndexEngine.Cli;
using IndexEngine.Cli.Commands;
using IndexEngine.Data.Index;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Cli;

/// <summary>
/// `index init` then `index calculate` one trading day at a time, applying each rebalance of a backtest
/// (given on its screening date, pending until its effective date), write the backtest's levels bit for
/// bit; and a real kill of a running `index calculate` leaves a state that the next run completes.
/// </summary>
[TestFixture]
public sealed class IndexBacktestEquivalenceTests
{
    private sealed record BacktestRun(string Universe, string? Config, string[] Set, string Out)
    {
        public List<Dictionary<string, string>> Levels => OutputFiles.ReadCsv(Path.Combine(Out, "levels.csv"));
        public List<Dictionary<string, string>> Rebalances => OutputFiles.ReadCsv(Path.Combine(Out, "rebalances.csv"));
        public string Folder(string screening) => Path.Combine(Out, "rebalances", screening);

        public string[] ConfigArgs => [.. Config is null ? [] : new[] { "--config", Config }, .. Set.SelectMany(s => new[] { "--set", s })];
    }

    private static BacktestRun? _default;

    /// <summary>The shipped universe with the technical config, 2015-03-13 (first effective date) to 2017-03-31:
    /// dividends, and two constituents removed after more than 5 days without a close (2015-08-10, 2015-10-23).</summary>
    private static BacktestRun DefaultBacktest() =>
        _default ??= Backtest(TestPaths.DefaultUniverse, TestPaths.Config("technical.json"), [], "2014-01-01", "2017-03-31");

    private static BacktestRun Backtest(string universe, string? config, string[] set, string from, string to)
    {
        var run = new BacktestRun(universe, config, set, Path.Combine(TestPaths.NewTempDirectory(), "bt"));
        var result = Support.Cli.Run(["backtest", "--universe", universe, .. run.ConfigArgs, "--from", from, "--to", to, "--out", run.Out]);
        Assert.That(result.ExitCode, Is.EqualTo(CliApp.Success), result.ToString());
        return run;
    }

    private static string[] ExpectedLines(BacktestRun backtest) =>
        ["date,index_pr,index_tr", .. backtest.Levels.Select(r => $"{r["date"]},{r["index_pr"]},{r["index_tr"]}")];

    /// <summary>Runs the daily commands through the same entry points as the CLI, with the universe and
    /// config loaded once (a load per day would take most of the test's time); every day reads the state
    /// file written the day before.</summary>
    private static string[] DailyRun(BacktestRun backtest) => DailyRun(backtest, TextWriter.Null);

    private static string[] DailyRun(BacktestRun backtest, TextWriter report)
    {
        var inputs = RunInputs.Load(backtest.Universe, backtest.Config, backtest.Set, null, null);
        var rebalances = backtest.Rebalances;
        var state = Path.Combine(TestPaths.NewTempDirectory(), "index", "state.json");
        IndexCommand.Init(new IndexCommand.InitRequest(backtest.Folder(rebalances[0]["screening"]), backtest.Universe, state, null, null, backtest.Config, backtest.Set),
            inputs, TextWriter.Null);
        var byScreening = rebalances.Skip(1).ToDictionary(r => r["screening"], r => backtest.Folder(r["screening"]));
        Assert.That(byScreening, Is.Not.Empty, "the span has rebalances after the first");
        foreach (var day in backtest.Levels.Skip(1).Select(r => r["date"]))
        {
            var through = DateOnly.ParseExact(day, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            int code = IndexCommand.Calculate(
                new IndexCommand.CalculateRequest(backtest.Universe, state, through, byScreening.GetValueOrDefault(day), backtest.Config, backtest.Set),
                inputs, report);
            Assert.That(code, Is.EqualTo(CliApp.Success), day);
        }
        var final = IndexStateFile.Read(state);
        Assert.That(final.Rebalance.Screening.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(rebalances[^1]["screening"]),
            "every rebalance was put in place");
        return File.ReadAllLines(Path.Combine(Path.GetDirectoryName(state)!, "levels.csv"));
    }

    [Test]
    public void DefaultUniverse_DayByDay_EqualsTheBacktestBitForBit()
    {
        var backtest = DefaultBacktest();
        var expected = ExpectedLines(backtest);
        Assert.That(expected, Has.Length.GreaterThan(500), "two years of trading days");
        var report = new StringWriter();
        Assert.That(DailyRun(backtest, report), Is.EqualTo(expected));
        Assert.That(report.ToString(), Does.Contain("2015-08-10 PR").And.Contain("removed S0526"), "the run goes through a removal");
        Assert.That(expected[^1].Split(',')[2], Is.Not.EqualTo(expected[^1].Split(',')[1]), "and through dividends");
    }

    [Test]
    public void RealData_DayByDay_EqualsTheBacktestBitForBit()
    {
        var universe = TestPaths.SharedData("sp500-2017");
        var backtest = Backtest(universe, TestPaths.Config("technical.json"), ["selection.fraction=0.25"], "2015-01-01", "2017-03-31");
        var expected = ExpectedLines(backtest);
        Assert.That(expected, Has.Length.GreaterThan(500), "two years of trading days");
        Assert.That(DailyRun(backtest), Is.EqualTo(expected));
    }

    /// <summary>
    /// Kills a real `index calculate` process at several points of a ~125-day run (with a rebalance put in
    /// place and a constituent removed on the way): each time the state file is whole and levels.csv is level with it or one day
    /// behind, and a rerun of the same command ends with the backtest's levels.
    /// </summary>
    [Test]
    public void KilledCalculate_LeavesAConsistentState_ThatTheNextRunCompletes()
    {
        var backtest = DefaultBacktest();
        const string Through = "2015-09-10"; // the day before the third effective date
        var expected = ExpectedLines(backtest).TakeWhile(l => !l.StartsWith("2015-09-11", StringComparison.Ordinal)).ToArray();
        Assert.That(expected[^1], Does.StartWith(Through));
        var dates = expected.Skip(1).Select(l => l[..10]).ToList();
        var rebalances = backtest.Rebalances;
        var second = backtest.Folder(rebalances[1]["screening"]);

        var root = TestPaths.NewTempDirectory();
        var pristine = Path.Combine(root, "pristine");
        var init = Support.Cli.Run(["index", "init", "--rebalance", backtest.Folder(rebalances[0]["screening"]), "--universe", backtest.Universe, .. backtest.ConfigArgs,
            "--state", Path.Combine(pristine, "state.json")]);
        Assert.That(init.ExitCode, Is.EqualTo(CliApp.Success), init.ToString());

        var outcomes = new List<string>();
        foreach (int rows in new[] { 3, 30, 70, 110 })
        {
            var dir = Path.Combine(root, $"kill-{rows}");
            Directory.CreateDirectory(dir);
            foreach (var file in Directory.GetFiles(pristine)) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
            var state = Path.Combine(dir, "state.json");
            var levels = Path.Combine(dir, "levels.csv");
            string[] args = ["index", "calculate", "--universe", backtest.Universe, .. backtest.ConfigArgs, "--state", state, "--through", Through, "--rebalance", second, "--quiet"];

            using (var process = Process.Start(Support.Cli.ProcessStart(null, args))!)
            {
                _ = process.StandardOutput.ReadToEndAsync();
                _ = process.StandardError.ReadToEndAsync();
                // Wait until the run has appended about `rows` rows (or has finished), then kill it.
                while (!process.HasExited && CountLines(levels) < rows + 1) Thread.Sleep(1);
                bool killed = !process.HasExited;
                if (killed) process.Kill(entireProcessTree: true);
                Assert.That(process.WaitForExit(TimeSpan.FromMinutes(2)), "the process ends");
                if (!killed) Assert.That(process.ExitCode, Is.EqualTo(CliApp.Success), "a run that was not killed succeeds, even while levels.csv is being read");

                var document = IndexStateFile.Read(state);
                var tail = LevelsFile.Inspect(levels)!;
                var stateDay = document.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                var levelsDay = tail.Last!.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                int behind = dates.IndexOf(stateDay) - dates.IndexOf(levelsDay);
                Assert.That(behind, Is.EqualTo(0).Or.EqualTo(1), $"levels.csv ends at {levelsDay}, the state is at {stateDay}");
                outcomes.Add($"{(killed ? "killed" : "finished")} at state {stateDay}, levels {levelsDay}{(tail.PartialLine ? " + partial line" : "")}");
            }

            var rerun = Support.Cli.Run(args);
            Assert.That(rerun.ExitCode, Is.EqualTo(CliApp.Success), rerun.ToString());
            Assert.That(File.ReadAllLines(levels), Is.EqualTo(expected), "the rerun ends with the backtest's levels");
            Assert.That(IndexStateFile.Read(state).Pending, Is.Null, "the rebalance was put in place once");
            foreach (var name in Directory.GetFiles(dir).Select(Path.GetFileName))
                Assert.That(name, Is.AnyOf("state.json", "state.json.lock", "levels.csv", "holdings.csv").Or.Match(@"^\.(state\.json|holdings\.csv)\.[0-9a-f]{32}\.tmp$"),
                    "beside the state there is nothing but its files and, after a kill, a hidden temporary file");
        }
        TestContext.Out.WriteLine(string.Join("\n", outcomes));
        Assert.That(outcomes.Count(o => o.StartsWith("killed", StringComparison.Ordinal)), Is.GreaterThan(0), "at least one run was killed mid-way");
    }

    private static int CountLines(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            int count = 0, b;
            while ((b = stream.ReadByte()) >= 0) if (b == '\n') count++;
            return count;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
