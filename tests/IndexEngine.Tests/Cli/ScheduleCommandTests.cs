using IndexEngine.Cli;
using IndexEngine.Tests.Levels;
using NUnit.Framework;

namespace IndexEngine.Tests.Cli;

public class ScheduleCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var run = Support.Cli.Run(args);
        return (run.ExitCode, run.StdOut, run.StdErr);
    }

    [Test]
    public void WithoutAUniverseTheWeekdayApproximationIsListed()
    {
        var (code, output, _) = Run("schedule", "--from", "2021-01-01", "--to", "2021-12-31");
        Assert.That(code, Is.EqualTo(CliApp.Success));
        Assert.That(output, Does.Contain("holidays unknown"));
        Assert.That(output.Split('\n').Where(l => l.StartsWith("2021-", StringComparison.Ordinal)).Select(l => l[..22]), Is.EqualTo(new[]
        {
            "2021-02-26  2021-03-12", "2021-05-31  2021-06-11", "2021-08-31  2021-09-10", "2021-11-30  2021-12-10",
        }));
    }

    [Test]
    public void WithAUniverseItsPricesAreTheCalendar()
    {
        var folder = Directory.CreateTempSubdirectory("indexengine-schedule-").FullName;
        try
        {
            // Trading days around March 2017 without Friday 10 March.
            var lines = new List<string> { "id,date,close,volume" };
            for (var d = new DateOnly(2017, 2, 20); d <= new DateOnly(2017, 3, 31); d = d.AddDays(1))
                if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && d != new DateOnly(2017, 3, 10))
                    lines.Add("X," + d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + ",10,100");
            File.WriteAllText(Path.Combine(folder, "prices.csv"), string.Join("\n", lines) + "\n");

            var (code, output, _) = Run("schedule", "--from", "2017-01-01", "--to", "2017-06-30", "--universe", folder);

            Assert.That(code, Is.EqualTo(CliApp.Success));
            Assert.That(output, Does.Contain("2017-02-28  2017-03-09  calendar\n"));
            Assert.That(output, Does.Contain("2017-05-31  2017-06-09  weekday approximation"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void RealCalendarOfSp500Data()
    {
        var folder = SharedDataFolder.RequireFile("data/sp500-2017");
        var (code, output, _) = Run("schedule", "--from", "2016-01-01", "--to", "2017-12-31", "--universe", folder);
        Assert.That(code, Is.EqualTo(CliApp.Success));
        Assert.That(output, Does.Contain("2016-02-29  2016-03-11  calendar\n"));
        Assert.That(output, Does.Contain("2017-08-31  2017-09-08  calendar\n"));
        Assert.That(output, Does.Contain("2017-11-30  2017-12-08  weekday approximation"));
    }

    [Test]
    public void BadOptionsExitWithTwo()
    {
        Assert.That(Run("schedule", "--from", "2017-12-31", "--to", "2017-01-01").Code, Is.EqualTo(CliApp.BadInput));
        Assert.That(Run("schedule", "--from", "31/12/2017", "--to", "2018-01-01").Code, Is.EqualTo(CliApp.BadInput));
        Assert.That(Run("schedule", "--from", "2017-01-01", "--to", "2018-01-01", "--universe", "/nonexistent/folder").Code, Is.EqualTo(CliApp.BadInput));
    }
}
