using IndexEngine.Core.Methodology.Blend;


namespace IndexEngine.Data.Blend;

/// <summary>The CSV files of `indexengine blend` (docs/blend.md, "Output"), numbers in round-trip form.</summary>
public static class BlendFiles
{
    /// <summary>levels.csv: <c>date,level,&lt;sleeve&gt;...,cash</c>, exposures as fractions of NAV after any rebalance at that close.</summary>
    public static void WriteLevels(string path, BlendResult result)
    {
        using var csv = Output.Csv.Create(path);
        var sleeves = result.Definition.Sleeves;
        Output.Csv.WriteRow(csv, ["date", "level", .. sleeves.Select(s => s.Name), "cash"]);
        var levels = result.Levels;
        for (int t = 0; t < levels.Count; t++)
            Output.Csv.WriteRow(csv, [Output.Csv.Date(levels.Dates[t]), Output.Csv.Number(levels.Values[t]), .. result.Exposures[t].Select(Output.Csv.Number), Output.Csv.Number(result.Cash[t])]);
    }

    /// <summary>rebalances.csv: <c>date,reason,turnover</c>, then each sleeve's and the cash exposure before and after.</summary>
    public static void WriteRebalances(string path, BlendResult result)
    {
        using var csv = Output.Csv.Create(path);
        var sleeves = result.Definition.Sleeves;
        Output.Csv.WriteRow(csv, ["date", "reason", "turnover", .. sleeves.SelectMany(s => new[] { s.Name + "_before", s.Name + "_after" }), "cash_before", "cash_after"]);
        foreach (var r in result.Rebalances)
            Output.Csv.WriteRow(csv,
            [
                Output.Csv.Date(r.Date), Reason(r.Reason), Output.Csv.Number(r.Turnover),
                .. sleeves.SelectMany((_, i) => new[] { Output.Csv.Number(r.Before[i]), Output.Csv.Number(r.After[i]) }),
                Output.Csv.Number(r.CashBefore), Output.Csv.Number(r.CashAfter),
            ]);
    }

    public static string Reason(RebalanceReason reason) => reason switch
    {
        RebalanceReason.Schedule => "schedule",
        RebalanceReason.Drift => "drift",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };
}
