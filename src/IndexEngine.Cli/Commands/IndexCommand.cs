using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;
using IndexEngine.Data.Configuration;
using IndexEngine.Data.Index;
using IndexEngine.Data.Output;
using Serilog;

namespace IndexEngine.Cli.Commands;

/// <summary>
/// `indexengine index init|calculate`: the daily step of METHODOLOGY §9 from a persistent state
/// (docs/daily-index.md). Yesterday's state plus today's closes and dividends give today's level and
/// tomorrow's state, through the same level model (<see cref="ILevelModel"/>, <c>levels.model</c>) as the backtest.
/// Per day the state is written first (durably), then the day's row appended to levels.csv; a run killed
/// between the two leaves levels.csv one row behind the state, which the next run detects and completes.
/// </summary>
public static class IndexCommand
{
    public const string LevelsFileName = "levels.csv";
    public const string HoldingsFileName = "holdings.csv";

    public sealed record InitRequest(string Rebalance, string Universe, string State, double? BaseValue, string? Name, string? Config, IReadOnlyList<string> Set);

    public sealed record CalculateRequest(string Universe, string State, DateOnly Through, string? Rebalance, string? Config, IReadOnlyList<string> Set);

    public static Command Create(TextWriter stdout)
    {
        var index = new Command("index", "Daily index levels from a persistent state: `init` starts an index from a rebalance, `calculate` advances it day by day.");
        index.Add(CreateInit(stdout));
        index.Add(CreateCalculate(stdout));
        return index;
    }

    private static Command CreateInit(TextWriter stdout)
    {
        var rebalance = new Option<string>("--rebalance", "-r") { Description = "Rebalance output folder (constituents.csv, summary.json) that the index starts from at its effective date's close.", Required = true };
        var universe = CommonOptions.Universe();
        var state = StateOption();
        var baseValue = new Option<double?>("--base-value") { Description = "Level at the first effective date (default: levels.base_value, 200)." };
        var name = new Option<string?>("--name") { Description = "Index name recorded in the state (default: the state file's name)." };
        var config = CommonOptions.Config();
        var set = CommonOptions.Set();
        var command = new Command("init", "Start an index at a rebalance's effective date: writes the state, levels.csv (its first row) and holdings.csv beside the state.")
        {
            rebalance, universe, state, baseValue, name, config, set,
        };
        command.SetAction(parse => Init(
            new InitRequest(parse.GetValue(rebalance)!, parse.GetValue(universe)!, parse.GetValue(state)!, parse.GetValue(baseValue),
                parse.GetValue(name), parse.GetValue(config), parse.GetValue(set) ?? []),
            stdout));
        return command;
    }

    private static Command CreateCalculate(TextWriter stdout)
    {
        var universe = CommonOptions.Universe();
        var state = StateOption();
        var through = new Option<string>("--through") { Description = "Last date to calculate (yyyy-MM-dd); every trading day after the state's date up to it is calculated.", Required = true };
        var rebalance = new Option<string?>("--rebalance", "-r") { Description = "Rebalance output folder to put in place at its effective date's close (kept as pending in the state until then)." };
        var config = CommonOptions.Config();
        var set = CommonOptions.Set();
        var command = new Command("calculate", "Advance the index one trading day at a time through --through: appends to levels.csv, rewrites the state and holdings.csv.")
        {
            universe, state, through, rebalance, config, set,
        };
        command.SetAction(parse => Calculate(
            new CalculateRequest(parse.GetValue(universe)!, parse.GetValue(state)!, CliDates.Parse(parse.GetValue(through), "--through")!.Value,
                parse.GetValue(rebalance), parse.GetValue(config), parse.GetValue(set) ?? []),
            stdout));
        return command;
    }

    private static Option<string> StateOption() => new("--state", "-s")
    {
        Description = "State file (JSON); levels.csv and holdings.csv are kept beside it, so give each index its own folder.",
        Required = true,
    };

    public static int Init(InitRequest request, TextWriter stdout) =>
        Init(request, RunInputs.Load(request.Universe, request.Config, request.Set, null, null), stdout);

    /// <summary>`index init` with the universe and config already loaded.</summary>
    /// <exception cref="InputException">An index already lives beside the state, or the rebalance cannot start one.</exception>
    public static int Init(InitRequest request, RunInputs inputs, TextWriter stdout)
    {
        var universe = inputs.Universe;
        var statePath = GuardedState("index init", request.State, [("--universe", request.Universe), ("--rebalance", request.Rebalance), .. ConfigLoader.Inputs("--config", request.Config)]);
        var levelsPath = Beside(statePath, LevelsFileName);
        using var stateLock = StateLock.Acquire(statePath);
        if (File.Exists(statePath))
            throw new InputException("an index state already exists here; `index calculate` continues it (remove it only to restart the index from scratch)", statePath);
        if (File.Exists(levelsPath))
            throw new InputException("a levels file exists beside the state: another index lives in this folder; give each index its own folder", levelsPath);
        if (File.Exists(Beside(statePath, HoldingsFileName)))
            throw new InputException("a holdings file exists beside the state: another index lives in this folder; give each index its own folder", Beside(statePath, HoldingsFileName));
        if (request.BaseValue is { } b && !(b > 0 && double.IsFinite(b)))
            throw new InputException($"option --base-value: expected a number > 0, got {b.ToString("R", CultureInfo.InvariantCulture)}");

        var folder = RebalanceFolder.Load(request.Rebalance);
        var schedule = ScheduleOf(universe, folder, inputs.Config.Schedule);
        if (!schedule.EffectiveInCalendar)
            throw new InputException(
                $"--rebalance: its effective date (on or before {Day(schedule.Effective)}) is not in the universe's prices yet, which end at {Day(universe.Dates[^1])}; " +
                "init on or after the effective date", folder.ConstituentsPath);
        double baseValue = request.BaseValue ?? inputs.Config.Levels.BaseValue;
        int e = universe.DateIndexOf(schedule.Effective);
        var state = FixedUnits.For(inputs.Config.Levels).Start(universe, e, Weights(universe, folder.ConstituentsPath, folder.Weights), baseValue);
        var document = ToDocument(universe, state,
            request.Name ?? Path.GetFileNameWithoutExtension(statePath), ConfigHash(inputs.Config, baseValue), baseValue, schedule.Effective,
            new StateRebalance(folder.Screening, schedule.Effective, folder.Sha256), pending: null);

        Directory.CreateDirectory(Path.GetDirectoryName(statePath)!);
        IndexStateFile.Write(statePath, document);
        LevelsFile.Append(levelsPath, LevelsFile.Row(document.Date, document.LevelPr, document.LevelTr));
        HoldingsFile.WriteIfChanged(Beside(statePath, HoldingsFileName), Holdings(universe, state));

        Log.Information("Index {Name} started on {Date:yyyy-MM-dd} at {Level} with {Count} constituents (rebalance screened {Screening:yyyy-MM-dd}); state {State}",
            document.Name, document.Date, baseValue, state.Holdings.Count, folder.Screening, statePath);
        stdout.WriteLine($"{Day(document.Date)} {document.Name} started at {Number(baseValue)} with {state.Holdings.Count} constituents");
        return CliApp.Success;
    }

    /// <summary>The state's full path, after the rules every output obeys (issue 14): the state and the files
    /// beside it never are, or lie inside, an input of the run, the current folder, the home folder or /.</summary>
    /// <exception cref="InputException">The state path breaks one of those rules.</exception>
    private static string GuardedState(string command, string state, params (string Option, string? Path)[] inputs) =>
        OutputGuard.CheckFile(new OutputTarget("--state", state, command, InputPath.Of(inputs)));

    public static int Calculate(CalculateRequest request, TextWriter stdout) =>
        Calculate(request, RunInputs.Load(request.Universe, request.Config, request.Set, null, null), stdout);

    /// <summary>`index calculate` with the universe and config already loaded.</summary>
    /// <exception cref="InputException">Bad state, levels file, rebalance, dates or data (see docs/daily-index.md).</exception>
    public static int Calculate(CalculateRequest request, RunInputs inputs, TextWriter stdout)
    {
        var universe = inputs.Universe;
        var levelsConfig = inputs.Config.Levels;
        var model = FixedUnits.For(levelsConfig); // the backtest's level model (levels.model), so the levels are its own
        var statePath = GuardedState("index calculate", request.State, [("--universe", request.Universe), ("--rebalance", request.Rebalance), .. ConfigLoader.Inputs("--config", request.Config)]);
        var levelsPath = Beside(statePath, LevelsFileName);
        if (!File.Exists(statePath)) IndexStateFile.Read(statePath); // the missing-state message, before a lock file is made
        using var stateLock = StateLock.Acquire(statePath);
        var document = IndexStateFile.Read(statePath);
        var hash = ConfigHash(inputs.Config, document.BaseValue);
        if (hash != document.ConfigSha256)
            throw new InputException(
                $"the index was started with another methodology config (sha256 {document.ConfigSha256[..12]}…, this run's is {hash[..12]}…): " +
                "pass the same --config and --set as to `index init`", statePath);
        var state = ToState(universe, document, statePath);
        CompleteLevels(universe, document, levelsPath);

        var pending = Pending(universe, document, request.Rebalance, inputs.Config.Schedule);
        int end = ThroughIndex(universe, document, request.Through);
        if (end == state.DateIndex)
        {
            if (pending != document.Pending) IndexStateFile.Write(statePath, document with { Pending = pending });
            HoldingsFile.WriteIfChanged(Beside(statePath, HoldingsFileName), Holdings(universe, state));
            Log.Information("Nothing to calculate: the index is already at {Date:yyyy-MM-dd} (--through {Through:yyyy-MM-dd})", document.Date, request.Through);
            stdout.WriteLine($"Nothing to calculate: {document.Name} is already at {Day(document.Date)}.");
            return CliApp.Success;
        }

        for (int t = state.DateIndex + 1; t <= end; t++)
        {
            var missing = IndexLevelCalculator.MissingShare(universe, state, t);
            if (missing > levelsConfig.MaxMissingShare)
            {
                var share = (missing * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
                var limit = Number(levelsConfig.MaxMissingShare);
                throw new InputException(
                    $"{Day(universe.Dates[t])}: {share} of the {state.Holdings.Count} constituents have no close in the universe's prices " +
                    $"(levels.max_missing_share = {limit}), which looks like a broken data delivery: nothing was calculated " +
                    $"for {Day(universe.Dates[t])}; the index stays at {Day(universe.Dates[state.DateIndex])}. Fix the prices and rerun " +
                    "(or raise levels.max_missing_share if the closes really are missing)", request.Universe);
            }
            var previous = state;
            var day = model.Step(universe, state, levelsConfig.MaxStaleDays);
            state = day.State;
            var rebalance = document.Rebalance;
            bool rebalanced = false;
            int due = pending is null ? -1 : EffectiveIndexOf(universe, pending.Screening, statePath, inputs.Config.Schedule);
            if (due >= 0 && due < t)
                throw new InputException(
                    $"the pending rebalance screened {Day(pending!.Screening)} was due at the close of {Day(universe.Dates[due])}, which the index " +
                    $"passed before the calendar showed it (its second Friday is not a trading day): restore a state from before {Day(universe.Dates[due])} " +
                    "and rerun (docs/daily-index.md)", statePath);
            if (due == t)
            {
                state = model.Rebalance(universe, state, Weights(universe, statePath, pending!.Weights));
                rebalance = new StateRebalance(pending.Screening, universe.Dates[t], pending.Sha256);
                pending = null;
                rebalanced = true;
            }
            document = ToDocument(universe, state, document.Name, document.ConfigSha256, document.BaseValue, document.FirstDate, rebalance, pending);
            IndexStateFile.Write(statePath, document);
            LevelsFile.Append(levelsPath, LevelsFile.Row(document.Date, document.LevelPr, document.LevelTr));
            Report(universe, document.Name, previous, day, state, rebalanced ? rebalance : null, stdout);
        }
        HoldingsFile.WriteIfChanged(Beside(statePath, HoldingsFileName), Holdings(universe, state));
        return CliApp.Success;
    }

    /// <summary>The SHA-256 of the effective config with the index's base value: the methodology the state
    /// was made with (the base value is the state's own, so `calculate` need not repeat --base-value).</summary>
    public static string ConfigHash(MethodologyConfig config, double baseValue)
    {
        var json = ConfigBinder.ToJson(config with { Levels = config.Levels with { BaseValue = baseValue } }).ToJsonString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }

    /// <summary>
    /// Brings levels.csv level with the state. The state is written before the day's row is appended, so
    /// after a kill the file may lack exactly the state's day (or end in a partial line): both are repaired.
    /// Anything else (a missing file mid-life, rows after the state's day, a last row that disagrees) is not
    /// what an interrupted run leaves and is refused.
    /// </summary>
    private static void CompleteLevels(Universe universe, IndexStateDocument document, string levelsPath)
    {
        var row = LevelsFile.Row(document.Date, document.LevelPr, document.LevelTr);
        var tail = LevelsFile.Inspect(levelsPath);
        if (tail is { PartialLine: true })
        {
            LevelsFile.TruncateTo(levelsPath, tail.CompleteLength);
            Log.Warning("{Levels}: removed an incomplete last line left by an interrupted run", levelsPath);
        }
        var last = tail?.Last;
        if (last is not null && last.Date == document.Date)
        {
            if ($"{Day(last.Date)},{last.Pr},{last.Tr}\n" != row)
                throw new InputException(
                    $"the row of {Day(last.Date)} ({last.Pr}, {last.Tr}) disagrees with the state's levels ({Number(document.LevelPr)}, {Number(document.LevelTr)}): " +
                    "the state and levels.csv do not belong together; restore both from the same run", levelsPath, last.Line);
            return;
        }
        if (last is not null && last.Date > document.Date)
            throw new InputException(
                $"levels.csv runs to {Day(last.Date)}, after the state's date {Day(document.Date)}: the state is older than the levels; " +
                "restore the state and levels.csv from the same run", levelsPath, last.Line);
        int t = universe.DateIndexOf(document.Date);
        bool startDay = document.Date == document.FirstDate;
        bool dayBefore = last is not null && t > 0 && universe.Dates[t - 1] == last.Date;
        if ((last is null && !startDay) || (last is not null && !dayBefore))
            throw new InputException(
                last is null
                    ? $"levels.csv has no rows but the state is at {Day(document.Date)} (the index started on {Day(document.FirstDate)}): restore levels.csv from the same run as the state"
                    : $"levels.csv ends at {Day(last.Date)}, more than one trading day before the state's date {Day(document.Date)}: restore the state and levels.csv from the same run",
                levelsPath);
        LevelsFile.Append(levelsPath, row);
        Log.Warning("{Levels}: appended the row of {Date:yyyy-MM-dd} that an interrupted run had not written", levelsPath, document.Date);
    }

    /// <summary>The pending rebalance after this run's --rebalance is taken into account.</summary>
    private static PendingRebalance? Pending(Universe universe, IndexStateDocument document, string? directory, ScheduleConfig scheduleConfig)
    {
        var pending = document.Pending;
        if (directory is null) return pending;
        var folder = RebalanceFolder.Load(directory);
        var current = document.Rebalance;
        if (folder.Screening == current.Screening && folder.Sha256 == current.Sha256)
        {
            Log.Information("Rebalance screened {Screening:yyyy-MM-dd} is already in place since {Effective:yyyy-MM-dd}", folder.Screening, current.Effective);
            return pending;
        }
        if (pending is not null && folder.Screening == pending.Screening && folder.Sha256 == pending.Sha256)
        {
            Log.Information("Rebalance screened {Screening:yyyy-MM-dd} is already pending", folder.Screening);
            return pending;
        }
        if (folder.Screening <= current.Screening)
            throw new InputException(
                $"--rebalance: screened {Day(folder.Screening)}, which is not after the index's current rebalance (screened {Day(current.Screening)}, " +
                $"effective {Day(current.Effective)}): an older or different rebalance cannot be put in place", folder.ConstituentsPath);
        var schedule = ScheduleOf(universe, folder, scheduleConfig);
        if (schedule.EffectiveInCalendar && schedule.Effective <= document.Date)
            throw new InputException(
                $"--rebalance: its effective date {Day(schedule.Effective)} has passed (the index is at {Day(document.Date)}); " +
                "a rebalance is put in place only at its effective date's close: restore a state from on or before that date to apply it", folder.ConstituentsPath);
        if (pending is not null && pending.Screening != folder.Screening)
            throw new InputException(
                $"--rebalance: screened {Day(folder.Screening)}, but the rebalance screened {Day(pending.Screening)} is still pending: calculate through its effective date first",
                folder.ConstituentsPath);
        Weights(universe, folder.ConstituentsPath, folder.Weights);
        if (pending is not null)
            Log.Warning("Rebalance screened {Screening:yyyy-MM-dd}: a different constituents.csv replaces the pending one", folder.Screening);
        Log.Information("Rebalance screened {Screening:yyyy-MM-dd} ({Count} constituents) will be put in place at the close of {Effective:yyyy-MM-dd}",
            folder.Screening, folder.Weights.Count(w => w.Weight != 0), schedule.Effective);
        return new PendingRebalance(folder.Screening, folder.Sha256, folder.Weights);
    }

    private static int ThroughIndex(Universe universe, IndexStateDocument document, DateOnly through)
    {
        if (through < document.Date)
            throw new InputException(
                $"--through {Day(through)} is before the index's date {Day(document.Date)}: the index does not go backwards " +
                "(to recalculate, restore a state from before that date, see docs/daily-index.md)");
        if (through > universe.Dates[^1])
            throw new InputException($"--through {Day(through)} is after the universe's last date {Day(universe.Dates[^1])}: its prices have not been delivered");
        return universe.DateIndexOnOrBefore(through);
    }

    private static Reconstitution ScheduleOf(Universe universe, RebalanceFolder folder, ScheduleConfig scheduleConfig) =>
        ReconstitutionSchedule.Between(universe.Dates, folder.Screening, folder.Screening, scheduleConfig).FirstOrDefault()
        ?? throw new InputException(
            $"--rebalance: its as-of date {Day(folder.Screening)} is not a screening date of the universe's calendar " +
            $"(the last trading day of {ReconstitutionSchedule.MonthsInWords(scheduleConfig)})", Path.Combine(Path.GetDirectoryName(folder.ConstituentsPath)!, "summary.json"));

    /// <summary>The calendar index at which a pending rebalance is due, or -1 while its effective date is
    /// beyond the calendar.</summary>
    private static int EffectiveIndexOf(Universe universe, DateOnly screening, string statePath, ScheduleConfig scheduleConfig)
    {
        var r = ReconstitutionSchedule.Between(universe.Dates, screening, screening, scheduleConfig).FirstOrDefault()
            ?? throw new InputException($"the pending rebalance's screening date {Day(screening)} is not a screening date of the universe's calendar", statePath);
        return r.EffectiveInCalendar ? universe.DateIndexOf(r.Effective) : -1;
    }

    private static (int Security, double Weight)[] Weights(Universe universe, string file, IReadOnlyList<(string Id, double Weight)> weights) =>
        weights.Select(w => universe.TryGetSecurityIndex(w.Id, out int i)
            ? (i, w.Weight)
            : throw new InputException($"constituent '{w.Id}' is not in the universe's securities", file)).ToArray();

    private static LevelState ToState(Universe universe, IndexStateDocument document, string statePath)
    {
        int t = DateIndex(universe, document.Date, statePath, "date");
        var holdings = new LevelHolding[document.Holdings.Count];
        for (int k = 0; k < holdings.Length; k++)
        {
            var h = document.Holdings[k];
            if (!universe.TryGetSecurityIndex(h.Id, out int i))
                throw new InputException($"holding '{h.Id}' is not in the universe's securities", statePath);
            int c = DateIndex(universe, h.LastCloseDate, statePath, $"last_close_date of '{h.Id}'");
            double close = universe.Close(i, c);
            if (close != h.LastClose)
                Log.Warning("{Id}: prices now have {Close} on {Date:yyyy-MM-dd}, the index used {Used}: a corrected price is not restated (docs/daily-index.md)",
                    h.Id, close, h.LastCloseDate, h.LastClose);
            holdings[k] = new LevelHolding(i, h.UnitsPr, h.UnitsTr, h.LastClose, c);
        }
        return new LevelState(t, document.LevelPr, document.LevelTr, holdings);
    }

    private static int DateIndex(Universe universe, DateOnly date, string statePath, string field)
    {
        int t = universe.DateIndexOf(date);
        return t >= 0 ? t : throw new InputException($"the state's {field} {Day(date)} is not a trading day of the universe's prices", statePath);
    }

    private static IndexStateDocument ToDocument(
        Universe universe, LevelState state, string name, string configHash, double baseValue, DateOnly firstDate,
        StateRebalance rebalance, PendingRebalance? pending) =>
        new(name, configHash, baseValue, firstDate, universe.Dates[state.DateIndex], state.LevelPr, state.LevelTr, rebalance,
            state.Holdings.Select(h => new StateHolding(universe.Securities[h.Security].Id, h.UnitsPr, h.UnitsTr, h.LastClose, universe.Dates[h.LastCloseIndex])).ToArray(),
            pending);

    private static string Holdings(Universe universe, LevelState state) =>
        HoldingsFile.ToCsv(IndexLevelCalculator.DriftedWeights(state).Zip(state.Holdings.OrderBy(h => h.Security),
            (w, h) => new HoldingRow(universe.Securities[h.Security].Id, h.UnitsPr, h.UnitsTr, h.LastClose, universe.Dates[h.LastCloseIndex], w.Weight)));

    /// <summary>One log record (and one stdout line) per day: levels, returns, the largest contributions to
    /// the price return, carried closes, removals and a rebalance.</summary>
    private static void Report(Universe universe, string name, LevelState previous, LevelDay day, LevelState state, StateRebalance? rebalanced, TextWriter stdout)
    {
        int t = day.State.DateIndex;
        var top = previous.Holdings
            .Select(h =>
            {
                double close = universe.Close(h.Security, t);
                double move = double.IsNaN(close) ? 0 : h.UnitsPr * (close - h.LastClose) / previous.LevelPr;
                return (Id: universe.Securities[h.Security].Id, Contribution: move);
            })
            .OrderByDescending(x => Math.Abs(x.Contribution)).ThenBy(x => x.Id, StringComparer.Ordinal).Take(3)
            .Select(x => x.Id + " " + x.Contribution.ToString("+0.000%;-0.000%;0.000%", CultureInfo.InvariantCulture)).ToArray();
        var carried = day.State.Holdings.Where(h => h.LastCloseIndex < t)
            .Select(h => $"{universe.Securities[h.Security].Id} since {Day(universe.Dates[h.LastCloseIndex])}").ToArray();
        var removed = day.Removals.Select(r => $"{r.Id} at {Number(r.LastClose)} of {Day(r.LastCloseDate)}").ToArray();
        double returnPr = state.LevelPr / previous.LevelPr - 1, returnTr = state.LevelTr / previous.LevelTr - 1;
        Log.Information(
            "{Date:yyyy-MM-dd} {Index}: PR {LevelPr} ({ReturnPr:+0.00%;-0.00%;0.00%}), TR {LevelTr} ({ReturnTr:+0.00%;-0.00%;0.00%}); top contributors {Top}; carried closes {Carried}; removed {Removed}; rebalanced {Rebalanced}",
            universe.Dates[t], name, state.LevelPr, returnPr, state.LevelTr, returnTr, top, carried, removed,
            rebalanced is null ? "no" : $"to the rebalance screened {Day(rebalanced.Screening)} ({state.Holdings.Count} constituents)");
        stdout.WriteLine(
            $"{Day(universe.Dates[t])} PR {Number(state.LevelPr)} ({Percent(returnPr)}) TR {Number(state.LevelTr)} ({Percent(returnTr)})" +
            (removed.Length > 0 ? "; removed " + string.Join(", ", removed) : "") + (rebalanced is not null ? "; rebalanced" : ""));
    }

    private static string Beside(string statePath, string fileName) => Path.Combine(Path.GetDirectoryName(statePath)!, fileName);

    private static string Day(DateOnly date) => CliDates.Format(date);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Percent(double value) => value.ToString("+0.00%;-0.00%;0.00%", CultureInfo.InvariantCulture);
}
