using System.Text.Json;
using IndexEngine.Cli;
using IndexEngine.Tests.Support;
using NUnit.Framework;

namespace IndexEngine.Tests.Stages;

/// <summary>The schedule keys reach the commands: `schedule`, `rebalance --when-due` and its effective date.</summary>
[TestFixture]
public sealed class ScheduleKeysCliTests
{
    private static string[] Rows(string output) =>
        output.Split('\n').Where(l => l.Length > 22 && char.IsDigit(l[0])).Select(l => l[..22]).ToArray();

    [Test]
    public void Schedule_lists_the_semi_annual_variant()
    {
        // 2021-05-31 (Monday) and 2021-11-30 (Tuesday) are the last weekdays; June's Fridays are the 4th, 11th,
        // 18th and December's the 3rd, 10th, 17th.
        var run = Support.Cli.Run("schedule", "--from", "2021-01-01", "--to", "2021-12-31", "--config", TestPaths.Config("semi-annual.json"));
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), run.ToString());
        Assert.That(run.StdOut, Does.Contain("effective = third Friday (holidays unknown)"));
        Assert.That(Rows(run.StdOut), Is.EqualTo(new[] { "2021-05-31  2021-06-18", "2021-11-30  2021-12-17" }));
    }

    [Test]
    public void Schedule_takes_set_overrides_and_refuses_a_bad_one()
    {
        // 2021-12-31 is a Friday: the next weekday is Monday 2022-01-03.
        var run = Support.Cli.Run("schedule", "--from", "2021-01-01", "--to", "2021-12-31",
            "--set", "schedule.screening_months=12", "--set", "schedule.effective_rule=next_trading_day");
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), run.ToString());
        Assert.That(Rows(run.StdOut), Is.EqualTo(new[] { "2021-12-31  2022-01-03" }));

        var bad = Support.Cli.Run("schedule", "--from", "2021-01-01", "--to", "2021-12-31", "--set", "schedule.screening_months=0");
        Assert.That(bad.ExitCode, Is.EqualTo(CliApp.BadInput), bad.ToString());
        Assert.That(bad.StdErr, Does.Contain("schedule.screening_months"));
    }

    [Test]
    public void When_due_follows_the_monthly_schedule_and_its_effective_rule()
    {
        // 2017-10-31 is the last trading day of October in the default universe: due monthly, not quarterly.
        var quarterly = Support.Cli.Run("rebalance", "--universe", TestPaths.DefaultUniverse, "--as-of", "2017-10-31", "--when-due",
            "--out", Path.Combine(TestPaths.NewTempDirectory(), "q"));
        Assert.That(quarterly.ExitCode, Is.EqualTo(CliApp.Success), quarterly.ToString());
        Assert.That(quarterly.StdOut, Does.Contain("Not due: 2017-10-31 is not a screening date. Next screening date: 2017-11-30."));

        var outDir = Path.Combine(TestPaths.NewTempDirectory(), "m");
        var monthly = Support.Cli.Run("rebalance", "--universe", TestPaths.DefaultUniverse, "--as-of", "2017-10-31", "--when-due",
            "--config", TestPaths.Config("monthly.json"), "--out", outDir);
        Assert.That(monthly.ExitCode, Is.EqualTo(CliApp.Success), monthly.ToString());
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.That(summary.RootElement.GetProperty("effective_date").GetString(), Is.EqualTo("2017-11-01"), "the next trading day");
        Assert.That(summary.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()),
            Has.None.Contain("is not a screening date"));
    }
}

/// <summary>`validate --list-excluded` with a size band names the band.</summary>
[TestFixture]
public sealed class UniverseBandValidateTests
{
    [Test]
    public void The_names_above_and_below_the_band_are_outside_it()
    {
        // The default universe at its last date: 1,000 securities, 109 ineligible, 891 eligible. Ranks 201–800
        // leave out the 200 largest and the 91 smallest eligible: 109 + 291 = 400 outside U.
        var run = Support.Cli.Run("validate", "--universe", TestPaths.DefaultUniverse, "--list-excluded",
            "--set", "universe.rank_from=201", "--set", "universe.rank_to=800");
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), run.ToString());
        Assert.That(run.StdOut, Does.Contain(": 400 securities (109 ineligible, 291 eligible but outside size ranks 201–800)"));
        Assert.That(run.StdOut.Split('\n').Count(l => l.Contains("eligible but outside the size band universe.rank_from 201 to rank_to 800 (size rank ", StringComparison.Ordinal)),
            Is.EqualTo(291));
    }
}
