using System.Globalization;
using System.Text.Json;
using IndexEngine.Core.Model;

namespace IndexEngine.Data.Sweep;

using Csv = IndexEngine.Data.Output.Csv;

/// <summary>One variant's line of sweep.csv: its overrides by key and its statistics by column name (NaN where undefined).</summary>
public sealed record SweepRow(GridVariant Variant, IReadOnlyDictionary<string, double> Statistics)
{
    /// <summary>The variant's value of a key (its last override of it), or null when it does not override it.</summary>
    public string? ValueOf(string key) => Variant.Overrides.LastOrDefault(o => o.Key == key)?.Value;
}

/// <summary>
/// sweep.csv, read back from the variants' own output files (stats.json, rebalances.csv) rather than from memory, so
/// that a sweep and the merge of its shards write it from the same bytes and get the same bytes.
/// </summary>
public static class SweepSummary
{
    public const string FileName = "sweep.csv";
    public const string VariantsFolder = "variants";

    /// <summary>The statistics columns of sweep.csv, after the variant and its override columns: stats.json's
    /// index statistics, the benchmark's annualised return, the relative statistics, the average turnover, then the
    /// average number of constituents over the rebalances (rebalances.csv's <c>selected</c>) and the rebalance count.</summary>
    public static IReadOnlyList<string> StatisticColumns { get; } =
    [
        "annualised_return", "total_return", "volatility", "sharpe", "sortino", "max_drawdown", "calmar",
        "benchmark_annualised_return", "tracking_error", "information_ratio", "beta", "alpha", "correlation",
        "up_capture", "down_capture", "average_turnover", "average_holdings", "rebalances",
    ];

    /// <summary>The rows of the variants whose folder is under <c>variants/</c>, in grid order.</summary>
    /// <exception cref="InputException">A variant's stats.json or rebalances.csv is missing or unreadable.</exception>
    public static IReadOnlyList<SweepRow> Read(string sweepFolder, SweepDescription description) =>
        [.. description.Variants
            .Where(v => Directory.Exists(Path.Combine(sweepFolder, VariantsFolder, v.Name)))
            .Select(v => new SweepRow(v, ReadStatistics(Path.Combine(sweepFolder, VariantsFolder, v.Name))))];

    /// <summary>sweep.csv: <c>variant</c>, one column per overridden key (empty where the variant does not override it),
    /// then <see cref="StatisticColumns"/>.</summary>
    public static void WriteCsv(string path, IReadOnlyList<string> keys, IReadOnlyList<SweepRow> rows)
    {
        using var csv = Csv.Create(path);
        Csv.WriteRow(csv, ["variant", .. keys, .. StatisticColumns]);
        foreach (var row in rows)
            Csv.WriteRow(csv, [row.Variant.Name, .. keys.Select(k => row.ValueOf(k) ?? ""), .. StatisticColumns.Select(c => Csv.Number(row.Statistics[c]))]);
        csv.Flush();
    }

    private static Dictionary<string, double> ReadStatistics(string variantFolder)
    {
        var statsPath = Path.Combine(variantFolder, "stats.json");
        var values = SweepJson.Read(statsPath, root =>
        {
            var index = root.GetProperty("index");
            return new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["annualised_return"] = Number(index, "annualised_return"),
                ["total_return"] = Number(index, "total_return"),
                ["volatility"] = Number(index, "volatility"),
                ["sharpe"] = Number(index, "sharpe"),
                ["sortino"] = Number(index, "sortino"),
                ["max_drawdown"] = Number(index, "max_drawdown"),
                ["calmar"] = Number(index, "calmar"),
                ["benchmark_annualised_return"] = Number(root.GetProperty("benchmark"), "annualised_return"),
                ["tracking_error"] = Number(root, "tracking_error"),
                ["information_ratio"] = Number(root, "information_ratio"),
                ["beta"] = Number(root, "beta"),
                ["alpha"] = Number(root, "alpha"),
                ["correlation"] = Number(root, "correlation"),
                ["up_capture"] = Number(root, "up_capture"),
                ["down_capture"] = Number(root, "down_capture"),
                ["average_turnover"] = Number(root, "average_turnover"),
                ["rebalances"] = Number(root, "rebalances"),
            };
        });
        values["average_holdings"] = AverageSelected(Path.Combine(variantFolder, "rebalances.csv"));
        return values;
    }

    private static double Number(JsonElement e, string key) =>
        e.GetProperty(key) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : double.NaN;

    /// <summary>The mean of rebalances.csv's <c>selected</c> column (our own file: a header, then numbers without quotes).</summary>
    private static double AverageSelected(string path)
    {
        if (!File.Exists(path)) throw new InputException("not found: a variant folder of `indexengine sweep` has one", path);
        var lines = File.ReadAllLines(path);
        int column = Array.IndexOf(lines[0].Split(','), "selected");
        if (column < 0) throw new InputException("no 'selected' column: not a rebalances.csv the engine wrote", path);
        var counts = lines.Skip(1).Where(l => l.Length > 0).Select(l => double.Parse(l.Split(',')[column], CultureInfo.InvariantCulture)).ToArray();
        return counts.Length == 0 ? double.NaN : counts.Average();
    }
}
