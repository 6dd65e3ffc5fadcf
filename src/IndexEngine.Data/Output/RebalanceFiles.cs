using IndexEngine.Core.Methodology;

namespace IndexEngine.Data.Output;

/// <summary>METHODOLOGY §8: constituents.csv and scores.csv of a rebalance. scores.csv has every security of
/// the input: the members of U in U's order with their scores, then the others in id order with why they are out.</summary>
public static class RebalanceFiles
{
    public static void WriteConstituents(string path, RebalanceResult result)
    {
        var factors = result.Config.Factors;
        using var csv = Csv.Create(path);
        Csv.WriteRow(csv, new[] { "id", "name", "sector", "market_cap", "cfs", "pos", "vol", "weight_cfs", "weight_vol", "weight_raw", "weight" }
            .Concat(factors.Select(f => "rank_" + f.Name)));
        foreach (var c in result.Constituents)
        {
            Csv.WriteRow(csv, new[]
            {
                c.Security.Id, c.Security.Name, c.Security.Sector, Csv.Number(c.Security.MarketCap), Csv.Number(c.Cfs),
                Csv.Number(c.Position), Csv.Number(c.Volatility), Csv.Number(c.WeightCfs), Csv.Number(c.WeightVol),
                Csv.Number(c.WeightRaw), Csv.Number(c.Weight),
            }.Concat(factors.Select(f => Csv.Number(result.Scores.FactorRanks[f.Name][c.Member]))));
        }
        csv.Flush();
    }

    public static void WriteScores(string path, RebalanceResult result)
    {
        var scores = result.Scores;
        var metrics = result.Config.Factors.SelectMany(f => f.Metrics).Select(m => m.Name).ToArray();
        var factors = result.Config.Factors.Select(f => f.Name).ToArray();
        var selected = new HashSet<int>(result.Selection.Selected);
        using var csv = Csv.Create(path);
        Csv.WriteRow(csv, new[] { "id", "name", "sector", "market_cap", "vol" }
            .Concat(metrics.SelectMany(m => new[] { m, "z_" + m }))
            .Concat(factors.SelectMany(f => new[] { "score_" + f, "rank_" + f }))
            .Concat(["factors_available", "composite", "cfs", "pos", "in_universe", "eligible", "selected", "exclusion_reason"]));
        for (int u = 0; u < result.Members.Count; u++)
        {
            var security = result.Members[u];
            int position = result.Selection.Position[u];
            Csv.WriteRow(csv, new[] { security.Id, security.Name, security.Sector, Csv.Number(security.MarketCap), Csv.Number(result.MemberVolatility[u]) }
                .Concat(metrics.SelectMany(m => new[] { Csv.Number(scores.MetricValues[m][u]), Csv.Number(scores.ZScores[m][u]) }))
                .Concat(factors.SelectMany(f => new[] { Csv.Number(scores.FactorScores[f][u]), Csv.Number(scores.FactorRanks[f][u]) }))
                .Concat([
                    Csv.Number(scores.AvailableFactors[u]), Csv.Number(scores.Composite[u]), Csv.Number(scores.Cfs[u]),
                    position > 0 ? Csv.Number(position) : "", "true", "true", selected.Contains(u) ? "true" : "false", result.ExclusionReasons[u] ?? "",
                ]));
        }
        // The rest of the input after U, in id order: no score was computed for them, only why they are out.
        int emptyScores = 1 + 2 * metrics.Length + 2 * factors.Length + 4;
        foreach (var outside in result.OutsideUniverse)
        {
            var security = outside.Security;
            Csv.WriteRow(csv, new[] { security.Id, security.Name, security.Sector, Csv.Number(security.MarketCap) }
                .Concat(Enumerable.Repeat("", emptyScores))
                .Concat(["false", outside.Eligible ? "true" : "false", "false", outside.Reason]));
        }
        csv.Flush();
    }
}
