using System.CommandLine;
using System.Globalization;
using System.Text;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;
using IndexEngine.Data.Configuration;

namespace IndexEngine.Cli.Commands;

/// <summary>`indexengine schedule`: the screening and effective dates of METHODOLOGY §9 in a window.</summary>
public static class ScheduleCommand
{
    public static Command Create(TextWriter stdout, Func<string, IReadOnlyList<DateOnly>> loadCalendar)
    {
        var from = CommonOptions.RequiredDate("--from", "First screening date to list (yyyy-MM-dd).");
        var to = CommonOptions.RequiredDate("--to", "Last screening date to list (yyyy-MM-dd).");
        var universe = new Option<string?>("--universe")
        {
            Description = "Universe folder whose prices.csv(.gz) dates are the trading calendar. Without it (and for " +
                          "months the calendar does not cover) screening is the last weekday of the month and effective " +
                          "the second Friday: holidays are unknown.",
        };
        var config = CommonOptions.Config();
        var set = CommonOptions.Set();
        var command = new Command("schedule",
            "List the reconstitutions whose screening date (last trading day of a screening month; by default Feb, May, Aug, Nov) " +
            "is in the window, with their effective dates (by default the second Friday of the next month, or the trading day " +
            "before it). schedule.screening_months and schedule.effective_rule (--config, --set) change both.")
        {
            from, to, universe, config, set,
        };
        command.SetAction(parse =>
        {
            var first = CommonOptions.DateValue(parse, from);
            var last = CommonOptions.DateValue(parse, to);
            if (first > last)
                throw new InputException($"option --from ({CliDates.Format(first)}) is after --to ({CliDates.Format(last)})");
            var folder = parse.GetValue(universe);
            var schedule = ConfigLoader.Load(parse.GetValue(config), parse.GetValue(set) ?? []).Schedule;
            var calendar = folder is null ? null : loadCalendar(folder);
            stdout.Write(Render(ReconstitutionSchedule.Combined(calendar, first, last, schedule), first, last, folder, calendar, schedule));
            return CliApp.Success;
        });
        return command;
    }

    private static string Render(
        IReadOnlyList<Reconstitution> schedule, DateOnly from, DateOnly to, string? folder, IReadOnlyList<DateOnly>? calendar, ScheduleConfig config)
    {
        // The rule's weekday-only date, in the words of the lines below.
        var nominal = config.EffectiveRule switch
        {
            EffectiveRule.SecondFridayNextMonth => "second Friday",
            EffectiveRule.ThirdFridayNextMonth => "third Friday",
            _ => "next weekday",
        };
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# Reconstitutions with screening dates from {CliDates.Format(from)} to {CliDates.Format(to)}\n");
        sb.Append(calendar is null
            ? $"# No trading calendar: screening = last weekday of the month, effective = {nominal} (holidays unknown).\n"
            : string.Create(CultureInfo.InvariantCulture,
                $"# Trading calendar of {folder}: {calendar.Count} days, {CliDates.Format(calendar[0])} to {CliDates.Format(calendar[^1])}.\n"));
        sb.Append("screening   effective   basis\n");
        foreach (var r in schedule)
        {
            var basis = (r.ScreeningInCalendar, r.EffectiveInCalendar) switch
            {
                (true, true) => "calendar",
                (true, false) => $"calendar; effective date after the calendar's end (unadjusted {nominal})",
                _ => "weekday approximation (holidays unknown)",
            };
            sb.Append(CultureInfo.InvariantCulture, $"{CliDates.Format(r.Screening)}  {CliDates.Format(r.Effective)}  {basis}\n");
        }
        if (schedule.Count == 0) sb.Append("# (none)\n");
        return sb.ToString();
    }
}
