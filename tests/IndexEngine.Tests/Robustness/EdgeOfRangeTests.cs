using System.Globalization;
using System.Text;
using IndexEngine.Cli;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;
using IndexEngine.Data;
using IndexEngine.Data.Synthetic;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Robustness;

/// <summary>
/// Issue 14: inputs at the edges of what the types and the machine hold (dates at 9999-12-31, a price cube
/// of 3 billion cells, 2^31 securities, values of 1e308) either work or stop with exit 2 and a message that
/// names the sizes, run end to end through the CLI as a user would meet them.
/// </summary>
[TestFixture]
public sealed class EdgeOfRangeTests
{
    private static string UniverseWithAPriceOn9999_12_31()
    {
        var folder = RobustnessTemp.NewFolder("u9999");
        BaseUniverse.CopyTo(folder);
        var prices = Path.Combine(folder, "prices.csv");
        var firstId = File.ReadLines(prices).Skip(1).First().Split(',')[1];
        File.AppendAllText(prices, $"9999-12-31,{firstId},10,1000,\n");
        return folder;
    }

    [Test]
    public void When_due_on_9999_12_31_says_there_is_no_next_screening_date()
    {
        var universe = UniverseWithAPriceOn9999_12_31();
        var run = Support.Cli.Run(["rebalance", "--universe", universe, "--out", Path.Combine(RobustnessTemp.NewFolder("due"), "out"), "--when-due", .. BaseUniverse.Args]);
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), run.ToString());
        Assert.That(run.StdOut, Does.Contain("Not due: 9999-12-31 is not a screening date. Next screening date: none before 9999-12-31."));
    }

    [Test]
    public void A_backtest_to_9999_12_31_over_a_price_on_that_day_runs()
    {
        var universe = UniverseWithAPriceOn9999_12_31();
        var output = Path.Combine(RobustnessTemp.NewFolder("bt9999"), "out");
        var run = Support.Cli.Run(["backtest", "--universe", universe, "--from", "2017-01-01", "--to", "9999-12-31", "--out", output, .. BaseUniverse.Args]);
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), run.ToString());
        Assert.That(File.ReadLines(Path.Combine(output, "levels.csv")).Last(), Does.StartWith("9999-12-31,"));
        Assert.That(File.ReadAllText(Path.Combine(output, "report.html")), Does.Contain("docs/methodology.md"));
    }

    [Test]
    public void The_next_screening_date_stops_at_the_end_of_the_calendar()
    {
        Assert.That(ReconstitutionSchedule.NextScreeningDate(null, new DateOnly(9999, 12, 1)), Is.Null);
        Assert.That(ReconstitutionSchedule.NextScreeningDate(null, new DateOnly(9999, 11, 1)), Is.EqualTo(new DateOnly(9999, 11, 30)));
    }

    [Test]
    public void A_metric_value_of_double_max_does_not_zero_the_others_z_scores()
    {
        var universe = RobustnessTemp.NewFolder("maxmetric");
        BaseUniverse.CopyTo(universe);
        var metrics = Path.Combine(universe, "metrics.csv");
        var lines = File.ReadAllLines(metrics);
        int column = lines[0].Split(',').ToList().IndexOf("earnings_yield");
        var fields = lines[1].Split(',');
        fields[column] = "1.7976931348623157e308";
        lines[1] = string.Join(",", fields);
        File.WriteAllLines(metrics, lines);

        var output = Path.Combine(RobustnessTemp.NewFolder("maxmetric-out"), "out");
        var run = Support.Cli.Run(["rebalance", "--universe", universe, "--out", output, .. BaseUniverse.Args]);
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), run.ToString());
        var rows = OutputFiles.ReadCsv(Path.Combine(output, "scores.csv"));
        var z = rows.Where(r => r["z_earnings_yield"].Length > 0 && r["id"] != fields[0])
            .Select(r => double.Parse(r["z_earnings_yield"], CultureInfo.InvariantCulture)).ToList();
        Assert.That(z, Is.Not.Empty);
        // One value dwarfs the rest: it is clipped at +3 and the others sit together just below the mean,
        // at -(1/sqrt(n)) or so; before the fix every z-score was 0.
        Assert.That(z, Is.All.LessThan(0).And.All.GreaterThan(-0.2));
        Assert.That(rows.Single(r => r["id"] == fields[0])["z_earnings_yield"], Is.EqualTo("3"));
    }

    [Test]
    public void Z_scores_are_the_same_at_any_power_of_two_scale_and_hand_computed_at_double_max()
    {
        var config = new ScoringConfig(3, 3, 1);
        var random = new Random(5);
        var values = Enumerable.Range(0, 500).Select(_ => random.NextDouble() * 2 - 0.5).ToArray();
        var z = CompositeScoring.MetricZScores(values, 1, config, out _);
        foreach (int shift in new[] { -1000, -600, 600, 1000 })
        {
            var scaled = values.Select(v => Math.ScaleB(v, shift)).ToArray();
            Assert.That(CompositeScoring.MetricZScores(scaled, 1, config, out var reason), Is.EqualTo(z), $"scaled by 2^{shift}");
            Assert.That(reason, Is.Null);
        }

        // x = (M, 0, 0, 0): mean M/4, s = sqrt(((3M/4)^2 + 3 (M/4)^2) / 3) = M/2, so z = 1.5 and -0.5.
        var max = CompositeScoring.MetricZScores([double.MaxValue, 0, 0, 0], 1, config, out _);
        Assert.That(max, Is.EqualTo(new[] { 1.5, -0.5, -0.5, -0.5 }).Within(1e-12));
    }

    [Test]
    public void Weights_of_1e308_give_the_weighted_mean_of_equal_weights()
    {
        double[][] columns = [[0.1, 0.9, double.NaN], [0.3, 0.2, 0.4], [0.5, 0.5, 0.5]];
        var huge = new double[3];
        var quarter = new double[3];
        ScoringKernels.WeightedRowMean(columns, [1e308, 1e308, 1e308], huge);
        ScoringKernels.WeightedRowMean(columns, [0.25, 0.25, 0.25], quarter);
        Assert.That(huge, Is.EqualTo(new[] { 0.3, 1.6 / 3, 0.45 }).Within(1e-15));
        Assert.That(huge, Is.EqualTo(quarter).Within(1e-15));
    }

    [Test]
    public void A_price_cube_of_3_billion_cells_is_refused_with_the_sizes_before_anything_is_allocated()
    {
        // 100,000 securities with one price each, spread over 30,000 distinct dates: ~5 MB of input whose
        // securities x dates cube would be 3e9 cells (48 GB), beyond an int and any memory.
        var universe = RobustnessTemp.NewFolder("cube");
        const int securities = 100_000, dates = 30_000;
        var first = new DateOnly(1950, 1, 2);
        using (var s = new StreamWriter(Path.Combine(universe, "securities.csv")) { NewLine = "\n" })
        {
            s.WriteLine("id,name,sector,country,security_type,market_cap");
            for (int i = 0; i < securities; i++) s.WriteLine($"X{i:D6},N,Energy,US,common,1000");
        }
        File.WriteAllText(Path.Combine(universe, "metrics.csv"), "id,m\n");
        using (var p = new StreamWriter(Path.Combine(universe, "prices.csv")) { NewLine = "\n" })
        {
            p.WriteLine("date,id,close,volume");
            for (int i = 0; i < securities; i++)
                p.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{first.AddDays(i % dates):yyyy-MM-dd},X{i:D6},1,1"));
        }

        var run = Support.Cli.Run(["validate", "--universe", universe]);
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.BadInput), run.ToString());
        Assert.That(run.StdErr, Does.Contain("prices.csv: 100,000 securities x 30,000 distinct dates = 3,000,000,000 price cells (48.0 GB)")
            .And.Contain("load fewer securities or a shorter price history"));
        Assert.That(run.StdErr, Does.Not.Contain("   at "));
    }

    [TestCase("--securities", "2147483647", "--securities 2,147,483,647 x 974 trading days")]
    [TestCase("--from", "0001-01-01", "--securities 1,000 x 510,303 trading days (--from 0001-01-01 --to 2017-11-10)")]
    [TestCase("--securities", "-5", "--securities must be at least 50, got -5")]
    [TestCase("--from", "2018-01-01", "--from 2018-01-01 is after --to 2017-11-10")]
    public void Generate_universe_refuses_sizes_it_cannot_hold(string option, string value, string message)
    {
        var output = Path.Combine(RobustnessTemp.NewFolder("gen"), "u");
        var run = Support.Cli.Run(["generate-universe", "--out", output, "--seed", "1", option, value]);
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.BadInput), run.ToString());
        Assert.That(run.StdErr, Does.Contain(message));
        Assert.That(Directory.Exists(output), Is.False);
    }

    [Test]
    public void Generate_universe_reaches_9999_12_31()
    {
        var output = Path.Combine(RobustnessTemp.NewFolder("gen9999"), "u");
        var run = Support.Cli.Run(["generate-universe", "--out", output, "--seed", "1", "--securities", "50", "--from", "9998-09-01", "--to", "9999-12-31"]);
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), run.ToString());
        Assert.That(run.StdOut, Does.Contain("..9999-12-31)"));
        Assert.That(NyseCalendar.TradingDays(new DateOnly(9999, 12, 27), DateOnly.MaxValue), Is.EqualTo(new[]
        {
            new DateOnly(9999, 12, 27), new DateOnly(9999, 12, 28), new DateOnly(9999, 12, 29), new DateOnly(9999, 12, 30), new DateOnly(9999, 12, 31),
        }));
    }

    [Test]
    public void Names_stay_unique_and_finite_once_a_kind_of_name_is_exhausted()
    {
        // ETFs have one name per stem and sector: 40 x 20 = 800. 3,000 of them used to loop forever.
        var names = new SyntheticNames(new Xoshiro256StarStar(7));
        var sector = SectorProfile.UsLargeMidCap[0];
        var etfs = Enumerable.Range(0, 3000).Select(_ => names.Company(sector, "US", "etf")).ToList();
        Assert.That(etfs, Is.Unique);
        Assert.That(etfs.Count(n => char.IsDigit(n[^1])), Is.GreaterThanOrEqualTo(2200), "at least 3,000 - 800 names are numbered");
        Assert.That(etfs, Has.Some.EndsWith(" Select Sector ETF 2"));
    }

    [Test]
    public void A_window_whose_return_matrix_cannot_exist_is_a_config_error()
    {
        var error = Assert.Throws<ConfigException>(() => _ = new ReturnMatrix(100_000, ConfigBinder.MaxTradingDays));
        Assert.That(error!.Key, Is.EqualTo("technical.window"));
        Assert.That(error.Message, Does.Contain("100000 securities x a window of 25200 days = 2520000000 returns"));
    }
}
