using System.Diagnostics;
using System.Text.Json;
using IndexEngine.Cli;
using IndexEngine.Cli.Commands;
using IndexEngine.Data.Index;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Cli;

/// <summary>`index init` / `index calculate` on a hand-made universe: levels, idempotence, refusals and recovery.</summary>
[TestFixture]
public sealed class IndexCommandTests
{
    // Weekdays 2017-02-20..2017-06-16. 2017-02-28 is February's last trading day (a screening date), its
    // effective date the second Friday of March, 2017-03-10; 2017-05-31 is effective on 2017-06-09.
    private static readonly string[] Days = WeekdaysFrom(new DateOnly(2017, 2, 20), new DateOnly(2017, 6, 16));

    /// <summary>Closes from 2017-03-10 on (before: A 10, B 20, C 50, D 5). Units from 200 at 50/30/20:
    /// A 10, B 3, C 0.8. L(03-13) = 10*11 + 3*20 + 0.8*45 = 206; L(03-14) = 120 + 66 + 40 = 226;
    /// L(03-15) = 120 + 63 + 44 = 227.</summary>
    private static readonly Dictionary<string, (double A, double B, double C)> Closes = new()
    {
        ["2017-03-10"] = (10, 20, 50),
        ["2017-03-13"] = (11, 20, 45),
        ["2017-03-14"] = (12, 22, 50),
        ["2017-03-15"] = (12, 21, 55),
        ["2017-03-16"] = (13, 21, 55),
        ["2017-03-17"] = (13, 22, 56),
    };

    private static string[] WeekdaysFrom(DateOnly first, DateOnly last)
    {
        var days = new List<string>();
        for (var d = first; d <= last; d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) days.Add(d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return days.ToArray();
    }

    /// <summary>A universe folder; <paramref name="dropOn"/> leaves out the closes of the given ids on a day.</summary>
    private static string WriteUniverse(string root, string? dropDay = null, params string[] dropIds) =>
        WriteUniverse(root, "universe", _ => true, dropDay, dropIds);

    private static string WriteUniverse(string root, string name, Func<string, bool> trades, string? dropDay = null, params string[] dropIds)
    {
        var dir = Path.Combine(root, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "securities.csv"),
            "id,name,sector,country,security_type,market_cap\nA,Alpha,Energy,US,common,1e9\nB,Beta,Energy,US,common,2e9\nC,Gamma,Energy,US,common,3e9\nD,Delta,Energy,US,common,4e9\n");
        File.WriteAllText(Path.Combine(dir, "metrics.csv"), "id,earnings_yield\nA,0.05\nB,0.04\nC,0.03\nD,0.02\n");
        var prices = new System.Text.StringBuilder("date,id,close,volume\n");
        var last = (A: 10.0, B: 20.0, C: 50.0);
        foreach (var day in Days.Where(trades))
        {
            if (Closes.TryGetValue(day, out var c)) last = c;
            foreach (var (id, close) in new[] { ("A", last.A), ("B", last.B), ("C", last.C), ("D", 5.0) })
                if (!(day == dropDay && dropIds.Contains(id)))
                    prices.Append($"{day},{id},{close.ToString(System.Globalization.CultureInfo.InvariantCulture)},1000000\n");
        }
        File.WriteAllText(Path.Combine(dir, "prices.csv"), prices.ToString());
        return dir;
    }

    private static string WriteRebalance(string root, string name, string asOf, string constituents)
    {
        var dir = Path.Combine(root, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "summary.json"), $"{{\"as_of\": \"{asOf}\"}}\n");
        File.WriteAllText(Path.Combine(dir, "constituents.csv"), "id,name,weight\n" + constituents);
        return dir;
    }

    private sealed record Index(string Root, string Universe, string State)
    {
        public string Levels => Path.Combine(Path.GetDirectoryName(State)!, "levels.csv");
        public string Holdings => Path.Combine(Path.GetDirectoryName(State)!, "holdings.csv");

        public CliResult Calculate(string through, params string[] more) =>
            Support.Cli.Run(["index", "calculate", "--universe", Universe, "--state", State, "--through", through, .. more]);
    }

    private static Index Started(string? dropDay = null, params string[] dropIds)
    {
        var root = TestPaths.NewTempDirectory();
        var universe = WriteUniverse(root, dropDay, dropIds);
        var rebalance = WriteRebalance(root, "r-2017-02", "2017-02-28", "A,Alpha,0.5\nB,Beta,0.3\nC,Gamma,0.2\n");
        var state = Path.Combine(root, "index", "state.json");
        var init = Support.Cli.Run("index", "init", "--rebalance", rebalance, "--universe", universe, "--state", state);
        Assert.That(init.ExitCode, Is.EqualTo(CliApp.Success), init.ToString());
        return new Index(root, universe, state);
    }

    private static string[] LevelLines(Index index) => File.ReadAllLines(index.Levels);

    [Test]
    public void InitThenCalculate_GivesTheHandComputedLevels_AndTheHoldings()
    {
        var index = Started();
        Assert.That(LevelLines(index), Is.EqualTo(new[] { "date,index_pr,index_tr", "2017-03-10,200,200" }));
        var state = IndexStateFile.Read(index.State);
        Assert.That(state.Name, Is.EqualTo("state"));
        Assert.That(state.Holdings.Select(h => (h.Id, h.UnitsPr)), Is.EqualTo(new[] { ("A", 10.0), ("B", 3.0), ("C", 0.8) }));

        var run = index.Calculate("2017-03-15");
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), run.ToString());
        Assert.That(LevelLines(index), Is.EqualTo(new[]
        {
            "date,index_pr,index_tr", "2017-03-10,200,200", "2017-03-13,206,206", "2017-03-14,226,226", "2017-03-15,227,227",
        }));
        Assert.That(run.StdOut, Does.Contain("2017-03-13 PR 206 (+3.00%)"));
        Assert.That(run.StdErr, Does.Contain("top contributors").And.Contain("A +5.000%"), "A's 10 units rose by 1 on a level of 200");
        // Holdings of the last day: A 120/227, B 63/227, C 44/227.
        var holdings = OutputFiles.ReadCsv(index.Holdings);
        Assert.That(holdings.Select(h => h["id"]), Is.EqualTo(new[] { "A", "B", "C" }));
        Assert.That(holdings.Select(h => OutputFiles.Number(h["weight"])), Is.EqualTo(new[] { 120 / 227.0, 63 / 227.0, 44 / 227.0 }).Within(1e-12));
        Assert.That(holdings[2]["last_close"], Is.EqualTo("55"));
        Assert.That(holdings[2]["last_close_date"], Is.EqualTo("2017-03-15"));
    }

    [Test]
    public void CalculatingThroughADateAlreadyInTheState_ChangesNothingAndSaysSo()
    {
        var index = Started();
        Assert.That(index.Calculate("2017-03-14").ExitCode, Is.EqualTo(CliApp.Success));
        var before = OutputFiles.Snapshot(Path.GetDirectoryName(index.State)!);
        var times = before.Keys.ToDictionary(k => k, k => File.GetLastWriteTimeUtc(Path.Combine(Path.GetDirectoryName(index.State)!, k)));

        foreach (var through in new[] { "2017-03-14", "2017-03-14" })
        {
            var again = index.Calculate(through);
            Assert.That(again.ExitCode, Is.EqualTo(CliApp.Success), again.ToString());
            Assert.That(again.StdOut, Does.Contain("Nothing to calculate").And.Contain("2017-03-14"));
        }
        var after = OutputFiles.Snapshot(Path.GetDirectoryName(index.State)!);
        Assert.That(after.Keys, Is.EquivalentTo(before.Keys));
        foreach (var (name, bytes) in before)
        {
            Assert.That(after[name], Is.EqualTo(bytes), name);
            Assert.That(File.GetLastWriteTimeUtc(Path.Combine(Path.GetDirectoryName(index.State)!, name)), Is.EqualTo(times[name]), $"{name} is not rewritten");
        }
    }

    [Test]
    public void GoingBackwardsIsExit2()
    {
        var index = Started();
        Assert.That(index.Calculate("2017-03-14").ExitCode, Is.EqualTo(CliApp.Success));
        var before = File.ReadAllBytes(index.State);
        var back = index.Calculate("2017-03-13");
        Assert.That(back.ExitCode, Is.EqualTo(CliApp.BadInput), back.ToString());
        Assert.That(back.StdErr, Does.Contain("--through 2017-03-13 is before the index's date 2017-03-14"));
        Assert.That(File.ReadAllBytes(index.State), Is.EqualTo(before));
        var future = index.Calculate("2017-06-19");
        Assert.That(future.ExitCode, Is.EqualTo(CliApp.BadInput), future.ToString());
        Assert.That(future.StdErr, Does.Contain("after the universe's last date 2017-06-16"));
    }

    [Test]
    public void ABrokenDataDay_IsRefusedNamingTheDateAndTheShare_AndTheDaysBeforeItAreKept()
    {
        // On 2017-03-16 B and C (2 of the 3 constituents) have no close.
        var index = Started("2017-03-16", "B", "C");
        var run = index.Calculate("2017-03-20");
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.BadInput), run.ToString());
        Assert.That(run.StdErr, Does.Contain("2017-03-16: 66.7% of the 3 constituents have no close").And.Contain("levels.max_missing_share = 0.2"));
        Assert.That(IndexStateFile.Read(index.State).Date, Is.EqualTo(new DateOnly(2017, 3, 15)), "the good days before it are calculated");
        Assert.That(LevelLines(index)[^1], Is.EqualTo("2017-03-15,227,227"));

        // A user who knows the closes are really missing can raise the limit; the rerun carries them.
        var carried = index.Calculate("2017-03-16", "--set", "levels.max_missing_share=0.7");
        Assert.That(carried.ExitCode, Is.EqualTo(CliApp.BadInput), "another config than the index's is refused");
        Assert.That(carried.StdErr, Does.Contain("another methodology config"));

        // One missing constituent of three (33%) is within a limit of 0.4, set from the start.
        var tolerant = TestPaths.NewTempDirectory();
        var universe = WriteUniverse(tolerant, "2017-03-16", "C");
        var rebalance = WriteRebalance(tolerant, "r", "2017-02-28", "A,Alpha,0.5\nB,Beta,0.3\nC,Gamma,0.2\n");
        var state = Path.Combine(tolerant, "i", "state.json");
        Assert.That(Support.Cli.Run("index", "init", "--rebalance", rebalance, "--universe", universe, "--state", state, "--set", "levels.max_missing_share=0.4").ExitCode, Is.EqualTo(0));
        var ok = Support.Cli.Run("index", "calculate", "--universe", universe, "--state", state, "--through", "2017-03-16", "--set", "levels.max_missing_share=0.4");
        Assert.That(ok.ExitCode, Is.EqualTo(CliApp.Success), ok.ToString());
        Assert.That(ok.StdErr, Does.Contain("carried closes [\"C since 2017-03-15\"]"));
        // 13*10 + 21*3 + 55*0.8 (C carried) = 237.
        Assert.That(File.ReadAllLines(Path.Combine(tolerant, "i", "levels.csv"))[^1], Is.EqualTo("2017-03-16,237,237"));
    }

    [Test]
    public void AStateAheadOfLevelsCsv_IsCompletedByTheNextRun()
    {
        var reference = Started();
        Assert.That(reference.Calculate("2017-03-16").ExitCode, Is.EqualTo(CliApp.Success));
        var expected = LevelLines(reference);

        // What a kill between the state write and the append leaves: the state at 03-16, levels.csv at 03-15.
        var index = Started();
        Assert.That(index.Calculate("2017-03-16").ExitCode, Is.EqualTo(CliApp.Success));
        File.WriteAllLines(index.Levels, expected[..^1]);
        var rerun = index.Calculate("2017-03-16");
        Assert.That(rerun.ExitCode, Is.EqualTo(CliApp.Success), rerun.ToString());
        Assert.That(rerun.StdErr, Does.Contain("appended the row of 2017-03-16"));
        Assert.That(LevelLines(index), Is.EqualTo(expected));

        // A kill in the middle of the append: half a row.
        var text = File.ReadAllText(index.Levels);
        File.WriteAllText(index.Levels, text[..^9]);
        var next = index.Calculate("2017-03-17");
        Assert.That(next.ExitCode, Is.EqualTo(CliApp.Success), next.ToString());
        Assert.That(next.StdErr, Does.Contain("removed an incomplete last line"));
        Assert.That(reference.Calculate("2017-03-17").ExitCode, Is.EqualTo(CliApp.Success));
        Assert.That(File.ReadAllBytes(index.Levels), Is.EqualTo(File.ReadAllBytes(reference.Levels)));

        // init killed before its first row.
        var fresh = Started();
        File.Delete(fresh.Levels);
        Assert.That(fresh.Calculate("2017-03-13").ExitCode, Is.EqualTo(CliApp.Success));
        Assert.That(LevelLines(fresh), Is.EqualTo(expected[..3]));
    }

    [Test]
    public void LevelsThatDoNotBelongToTheState_AreRefused()
    {
        var index = Started();
        Assert.That(index.Calculate("2017-03-15").ExitCode, Is.EqualTo(CliApp.Success));
        var lines = LevelLines(index);

        File.WriteAllLines(index.Levels, lines[..^2]);
        var behind = index.Calculate("2017-03-16");
        Assert.That(behind.ExitCode, Is.EqualTo(CliApp.BadInput), behind.ToString());
        Assert.That(behind.StdErr, Does.Contain("more than one trading day before the state's date 2017-03-15"));

        File.WriteAllLines(index.Levels, [.. lines[..^1], "2017-03-15,227.5,227"]);
        var disagrees = index.Calculate("2017-03-16");
        Assert.That(disagrees.ExitCode, Is.EqualTo(CliApp.BadInput), disagrees.ToString());
        Assert.That(disagrees.StdErr, Does.Contain("disagrees with the state"));

        File.WriteAllLines(index.Levels, [.. lines, "2017-03-16,230,230"]);
        var ahead = index.Calculate("2017-03-16");
        Assert.That(ahead.ExitCode, Is.EqualTo(CliApp.BadInput), ahead.ToString());
        Assert.That(ahead.StdErr, Does.Contain("after the state's date"));
    }

    [Test]
    public void ARebalanceIsPendingUntilItsEffectiveDate_AndOldOrPassedOnesAreRefused()
    {
        var index = Started();
        var may = WriteRebalance(index.Root, "r-2017-05", "2017-05-31", "D,Delta,0.5\nA,Alpha,0.5\n");
        var screening = index.Calculate("2017-05-31", "--rebalance", may);
        Assert.That(screening.ExitCode, Is.EqualTo(CliApp.Success), screening.ToString());
        Assert.That(screening.StdErr, Does.Contain("will be put in place at the close of 2017-06-09"));
        var pending = IndexStateFile.Read(index.State);
        Assert.That(pending.Pending!.Weights, Is.EqualTo(new[] { ("D", 0.5), ("A", 0.5) }));
        Assert.That(pending.Holdings.Select(h => h.Id), Is.EqualTo(new[] { "A", "B", "C" }));

        // The nightly job may pass the same folder again: still pending, nothing else changes.
        var again = index.Calculate("2017-06-08", "--rebalance", may);
        Assert.That(again.ExitCode, Is.EqualTo(CliApp.Success), again.ToString());
        Assert.That(again.StdErr, Does.Contain("already pending"));

        var effective = index.Calculate("2017-06-12");
        Assert.That(effective.ExitCode, Is.EqualTo(CliApp.Success), effective.ToString());
        Assert.That(effective.StdOut, Does.Contain("2017-06-09 PR").And.Contain("rebalanced"));
        var state = IndexStateFile.Read(index.State);
        Assert.That(state.Pending, Is.Null);
        Assert.That(state.Rebalance, Is.EqualTo(new StateRebalance(new DateOnly(2017, 5, 31), new DateOnly(2017, 6, 9), pending.Pending.Sha256)));
        // Units at the 06-09 level L = 13*10 + 22*3 + 56*0.8 = 240.8 (closes unchanged since 03-17): D 120.4/5, A 120.4/13.
        Assert.That(state.Holdings.Select(h => h.Id), Is.EqualTo(new[] { "D", "A" }));
        Assert.That(state.Holdings.Select(h => h.UnitsPr), Is.EqualTo(new[] { 120.4 / 5, 120.4 / 13 }).Within(1e-12));
        Assert.That(index.Calculate("2017-06-12", "--rebalance", may).StdErr, Does.Contain("already in place"));

        var older = WriteRebalance(index.Root, "r-2017-02-other", "2017-02-28", "A,Alpha,1\n");
        var old = index.Calculate("2017-06-13", "--rebalance", older);
        Assert.That(old.ExitCode, Is.EqualTo(CliApp.BadInput), old.ToString());
        Assert.That(old.StdErr, Does.Contain("screened 2017-02-28, which is not after the index's current rebalance (screened 2017-05-31"));

        // An index that has gone past 2017-06-09 without the May rebalance cannot take it any more.
        var late = Started();
        Assert.That(late.Calculate("2017-06-12").ExitCode, Is.EqualTo(CliApp.Success));
        var passed = late.Calculate("2017-06-13", "--rebalance", may);
        Assert.That(passed.ExitCode, Is.EqualTo(CliApp.BadInput), passed.ToString());
        Assert.That(passed.StdErr, Does.Contain("its effective date 2017-06-09 has passed (the index is at 2017-06-12)"));
        Assert.That(IndexStateFile.Read(late.State).Date, Is.EqualTo(new DateOnly(2017, 6, 12)), "nothing was calculated");
    }

    /// <summary>The second Friday (2017-06-09) turns out not to trade after the night of 2017-06-08 was
    /// calculated without the rebalance: its effective date became 2017-06-08, which has passed.</summary>
    [Test]
    public void APendingRebalanceWhoseEffectiveDateTurnsOutToHavePassed_IsRefused()
    {
        var index = Started();
        var may = WriteRebalance(index.Root, "r-2017-05", "2017-05-31", "D,Delta,0.5\nA,Alpha,0.5\n");
        var throughThursday = WriteUniverse(index.Root, "to-thursday", d => string.CompareOrdinal(d, "2017-06-08") <= 0);
        var thursday = Support.Cli.Run("index", "calculate", "--universe", throughThursday, "--state", index.State, "--through", "2017-06-08", "--rebalance", may);
        Assert.That(thursday.ExitCode, Is.EqualTo(CliApp.Success), thursday.ToString());
        Assert.That(IndexStateFile.Read(index.State).Pending, Is.Not.Null, "the effective date is not known yet: pending");

        var closedFriday = WriteUniverse(index.Root, "closed-friday", d => d != "2017-06-09");
        var monday = Support.Cli.Run("index", "calculate", "--universe", closedFriday, "--state", index.State, "--through", "2017-06-12");
        Assert.That(monday.ExitCode, Is.EqualTo(CliApp.BadInput), monday.ToString());
        Assert.That(monday.StdErr, Does.Contain("was due at the close of 2017-06-08"));
        Assert.That(IndexStateFile.Read(index.State).Date, Is.EqualTo(new DateOnly(2017, 6, 8)));
    }

    [Test]
    public void The_state_never_lies_inside_an_input_and_init_never_overwrites_a_holdings_file()
    {
        var root = TestPaths.NewTempDirectory();
        var universe = WriteUniverse(root);
        var rebalance = WriteRebalance(root, "r-2017-02", "2017-02-28", "A,Alpha,0.5\nB,Beta,0.3\nC,Gamma,0.2\n");
        var before = Directory.GetFiles(universe).Order().Select(f => (f, File.ReadAllBytes(f))).ToArray();

        var inUniverse = Support.Cli.Run("index", "init", "--rebalance", rebalance, "--universe", universe, "--state", Path.Combine(universe, "state.json"));
        Assert.That(inUniverse.ExitCode, Is.EqualTo(CliApp.BadInput), inUniverse.ToString());
        Assert.That(inUniverse.StdErr, Does.Contain("--universe"));
        var inRebalance = Support.Cli.Run("index", "init", "--rebalance", rebalance, "--universe", universe, "--state", Path.Combine(rebalance, "state.json"));
        Assert.That(inRebalance.ExitCode, Is.EqualTo(CliApp.BadInput), inRebalance.ToString());
        Assert.That(Directory.GetFiles(universe).Order().Select(f => (f, File.ReadAllBytes(f))).ToArray(), Is.EqualTo(before), "the universe folder is untouched");
        Assert.That(File.Exists(Path.Combine(rebalance, "state.json")), Is.False);

        var mine = Path.Combine(root, "work");
        Directory.CreateDirectory(mine);
        File.WriteAllText(Path.Combine(mine, "holdings.csv"), "my own holdings\n");
        var overHoldings = Support.Cli.Run("index", "init", "--rebalance", rebalance, "--universe", universe, "--state", Path.Combine(mine, "state.json"));
        Assert.That(overHoldings.ExitCode, Is.EqualTo(CliApp.BadInput), overHoldings.ToString());
        Assert.That(File.ReadAllText(Path.Combine(mine, "holdings.csv")), Is.EqualTo("my own holdings\n"));
    }

    [Test]
    public void InitRefusesAnExistingIndex_AndARebalanceWhoseEffectiveDateIsNotInTheData()
    {
        var index = Started();
        var again = Support.Cli.Run("index", "init", "--rebalance", Path.Combine(index.Root, "r-2017-02"), "--universe", index.Universe, "--state", index.State);
        Assert.That(again.ExitCode, Is.EqualTo(CliApp.BadInput), again.ToString());
        Assert.That(again.StdErr, Does.Contain("already exists"));

        var notScreening = WriteRebalance(index.Root, "r-03", "2017-03-01", "A,Alpha,1\n");
        var bad = Support.Cli.Run("index", "init", "--rebalance", notScreening, "--universe", index.Universe, "--state", Path.Combine(index.Root, "x", "state.json"));
        Assert.That(bad.ExitCode, Is.EqualTo(CliApp.BadInput), bad.ToString());
        Assert.That(bad.StdErr, Does.Contain("2017-03-01 is not a screening date"));
        Assert.That(File.Exists(Path.Combine(index.Root, "x", "state.json")), Is.False);

        var unknown = WriteRebalance(index.Root, "r-unknown", "2017-02-28", "A,Alpha,0.5\nZ,Zed,0.5\n");
        var missing = Support.Cli.Run("index", "init", "--rebalance", unknown, "--universe", index.Universe, "--state", Path.Combine(index.Root, "y", "state.json"));
        Assert.That(missing.ExitCode, Is.EqualTo(CliApp.BadInput), missing.ToString());
        Assert.That(missing.StdErr, Does.Contain("constituent 'Z' is not in the universe's securities"));
    }

    [Test]
    public void JsonLogFormat_GivesOneRecordPerDay()
    {
        var index = Started();
        var run = Support.Cli.Run("--log-format", "json", "index", "calculate", "--universe", index.Universe, "--state", index.State, "--through", "2017-03-15");
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), run.ToString());
        var days = run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("Properties").TryGetProperty("LevelPr", out _))
            .ToList();
        Assert.That(days.Select(e => e.GetProperty("Properties").GetProperty("Date").GetString()), Is.EqualTo(new[] { "2017-03-13", "2017-03-14", "2017-03-15" }));
        Assert.That(days[0].GetProperty("Properties").GetProperty("LevelPr").GetDouble(), Is.EqualTo(206));
        Assert.That(days[0].GetProperty("Properties").GetProperty("Top").GetArrayLength(), Is.EqualTo(3));
    }

    [Test]
    public void ASecondRunOnTheSameIndexIsRefusedWhileTheFirstHoldsTheLock()
    {
        var index = Started();
        var before = File.ReadAllBytes(index.State);
        using (new FileStream(index.State + ".lock", FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var second = index.Calculate("2017-03-14");
            Assert.That(second.ExitCode, Is.EqualTo(CliApp.BadInput), second.ToString());
            Assert.That(second.StdErr, Does.Contain("another run is working on this index"));
        }
        Assert.That(File.ReadAllBytes(index.State), Is.EqualTo(before));
        Assert.That(index.Calculate("2017-03-14").ExitCode, Is.EqualTo(CliApp.Success), "the lock goes with the run that held it");
    }

    [Test]
    public void ABadMaxMissingShareIsAConfigError()
    {
        var index = Started();
        var run = index.Calculate("2017-03-14", "--set", "levels.max_missing_share=1.5");
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.BadInput), run.ToString());
        Assert.That(run.StdErr, Does.Contain("levels.max_missing_share"));
    }
}
