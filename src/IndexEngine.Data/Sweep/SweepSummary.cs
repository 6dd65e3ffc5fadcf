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

    /// <summary>The statistics columns of sweep.csv, after the variant and its override columns, each with where it is
    /// read: a member of the variant's stats.json (index statistics, the benchmark's annualised return, the relative
    /// statistics, the average turnover), or, for <c>average_holdings</c> (no path), the mean of rebalances.csv's
    /// <c>selected</c>, the constituents at each rebalance.</summary>
    private static readonly (string Column, string[] StatsPath)[] Sources =
    [
        ("annualised_return", ["index", "annualised_return"]), ("total_return", ["index", "total_return"]),
        ("volatility", ["index", "volatility"]), ("sharpe", ["index", "sharpe"]), ("sortino", ["index", "sortino"]),
        ("max_drawdown", ["index", "max_drawdown"]), ("calmar", ["index", "calmar"]),
        ("benchmark_annualised_return", ["benchmark", "annualised_return"]),
        ("tracking_error", ["tracking_error"]), ("information_ratio", ["information_ratio"]), ("beta", ["beta"]), ("alpha", ["alpha"]),
        ("correlation", ["correlation"]), ("up_capture", ["up_capture"]), ("down_capture", ["down_capture"]),
        ("average_turnover", ["average_turnover"]), ("average_holdings", []), ("rebalances", ["rebalances"]),
    ];

    /// <summary>The statistics columns of sweep.csv, in order.</summary>
    public static IReadOnlyList<string> StatisticColumns { get; } = [.. Sources.Select(s => s.Column)];

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
        var stats = SweepJson.Read(Path.Combine(variantFolder, "stats.json"), root =>
            Sources.Where(s => s.StatsPath.Length > 0).ToDictionary(s => s.Column, s => Number(root, s.StatsPath), StringComparer.Ordinal));
        stats["average_holdings"] = AverageSelected(Path.Combine(variantFolder, "rebalances.csv"));
        return stats;
    }

    /// <summary>The number at a path of stats.json; NaN for null (an undefined statistic).</summary>
    /// <exception cref="KeyNotFoundException">A member is missing.</exception>
    private static double Number(JsonElement root, string[] path)
    {
        var e = root;
        foreach (var key in path) e = e.GetProperty(key);
        return e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN;
    }

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
