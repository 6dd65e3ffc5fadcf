using IndexEngine.Core.Methodology.Blend;
using IndexEngine.Core.Model;

namespace IndexEngine.Tests.Blends;

/// <summary>Small blends and series for hand-computed cases.</summary>
internal static class BlendTestData
{
    public static DateOnly D(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    public static LevelSeries Series(params (string Date, double Value)[] points) =>
        new(points.Select(p => D(p.Date)).ToArray(), points.Select(p => p.Value).ToArray());

    public static BlendDefinition Blend(
        IReadOnlyList<BlendSleeve> sleeves,
        BlendFinancing? financing = null,
        RebalanceSchedule schedule = RebalanceSchedule.None,
        double? band = null,
        double fee = 0,
        double baseValue = 100) =>
        new("test", baseValue, sleeves, financing ?? BlendFinancing.FromRate(0), schedule, band, fee);

    /// <summary>The worked example of docs/blend.md: equity 0.9 funded, bonds 0.6 unfunded, 3.6% ACT/360,
    /// fee 0.365%, drift band 0.05, no schedule.</summary>
    public static BlendDefinition WorkedExample()
    {
        string[] dates = ["2024-01-10", "2024-01-11", "2024-01-12", "2024-01-15"];
        var equity = new LevelSeries(dates.Select(D).ToArray(), [100, 102, 108.12, 109.2012]);
        var bonds = new LevelSeries(dates.Select(D).ToArray(), [100, 99, 95.04, 95.9904]);
        return Blend(
            [new BlendSleeve("equity", equity, 0.9, Funded: true), new BlendSleeve("bonds", bonds, 0.6, Funded: false)],
            BlendFinancing.FromRate(0.036), band: 0.05, fee: 0.00365);
    }

    /// <summary>The worked example's series as files and a spec for the CLI and the independent check.</summary>
    public static string WriteWorkedExampleSpec(string folder)
    {
        File.WriteAllText(Path.Combine(folder, "equity.csv"),
            "date,close\n2024-01-10,100\n2024-01-11,102\n2024-01-12,108.12\n2024-01-15,109.2012\n");
        File.WriteAllText(Path.Combine(folder, "bonds.csv"),
            "date,close\n2024-01-10,100\n2024-01-11,99\n2024-01-12,95.04\n2024-01-15,95.9904\n");
        var spec = Path.Combine(folder, "example.json");
        File.WriteAllText(spec, """
            {
              "name": "Worked example",
              "sleeves": [
                { "name": "equity", "series": "equity.csv", "target": 0.9, "funded": true },
                { "name": "bonds", "series": "bonds.csv", "target": 0.6, "funded": false }
              ],
              "financing": { "rate": 0.036 },
              "rebalance": { "schedule": "none", "drift_band": 0.05 },
              "fee": 0.00365
            }
            """);
        return spec;
    }
}
