using IndexEngine.Core.Methodology;

namespace IndexEngine.Data.Output;

/// <summary>METHODOLOGY §8: constituents.csv and scores.csv of a rebalance. scores.csv has every security of
/// the input: the members of U in U's order with their scores, then the others in id order with why they are out.
/// Each writes field by field (a backtest writes a scores.csv of every security at every rebalance).</summary>
public static class RebalanceFiles
{
    public static void WriteConstituents(string path, RebalanceResult result)
    {
        var ranks = result.Config.Factors.Select(f => result.Scores.FactorRanks[f.Name]).ToArray();
        using var csv = Csv.Create(path);
        Csv.WriteRow(csv, new[] { "id", "name", "sector", "market_cap", "cfs", "pos", "vol", "weight_cfs", "weight_vol", "weight_raw", "weight" }
            .Concat(result.Config.Factors.Select(f => "rank_" + f.Name)));
        foreach (var c in result.Constituents)
        {
            csv.Text(c.Security.Id);
            csv.Text(c.Security.Name);
            csv.Text(c.Security.Sector);
            csv.Number(c.Security.MarketCap);
            csv.Number(c.Cfs);
            csv.Number(c.Position);
            csv.Number(c.Volatility);
            csv.Number(c.WeightCfs);
            csv.Number(c.WeightVol);
            csv.Number(c.WeightRaw);
            csv.Number(c.Weight);
            foreach (var rank in ranks) csv.Number(rank[c.Member]);
            csv.EndRow();
        }
        csv.Flush();
    }

    public static void WriteScores(string path, RebalanceResult result)
    {
        var scores = result.Scores;
        var metrics = result.Config.Factors.SelectMany(f => f.Metrics).Select(m => m.Name).ToArray();
        var factors = result.Config.Factors.Select(f => f.Name).ToArray();
        // Per column, in column order: each metric's value and z-score, then each factor's score and rank.
        var columns = metrics.SelectMany(m => new[] { scores.MetricValues[m], scores.ZScores[m] })
            .Concat(factors.SelectMany(f => new[] { scores.FactorScores[f], scores.FactorRanks[f] })).ToArray();
        var selected = new bool[result.Members.Count];
        foreach (var u in result.Selection.Selected) selected[u] = true;
        using var csv = Csv.Create(path);
        Csv.WriteRow(csv, new[] { "id", "name", "sector", "market_cap", "vol" }
            .Concat(metrics.SelectMany(m => new[] { m, "z_" + m }))
            .Concat(factors.SelectMany(f => new[] { "score_" + f, "rank_" + f }))
            .Concat(["factors_available", "composite", "cfs", "pos", "in_universe", "eligible", "selected", "exclusion_reason"]));
        for (int u = 0; u < result.Members.Count; u++)
        {
            var security = result.Members[u];
            int position = result.Selection.Position[u];
            csv.Text(security.Id);
            csv.Text(security.Name);
            csv.Text(security.Sector);
            csv.Number(security.MarketCap);
            csv.Number(result.MemberVolatility[u]);
            foreach (var column in columns) csv.Number(column[u]);
            csv.Number(scores.AvailableFactors[u]);
            csv.Number(scores.Composite[u]);
            csv.Number(scores.Cfs[u]);
            if (position > 0) csv.Number(position);
            else csv.Empty();
            csv.Boolean(true);
            csv.Boolean(true);
            csv.Boolean(selected[u]);
            csv.Text(result.ExclusionReasons[u]);
            csv.EndRow();
        }
        // The rest of the input after U, in id order: no score was computed for them, only why they are out.
        int emptyScores = 1 + columns.Length + 4;
        foreach (var outside in result.OutsideUniverse)
        {
            var security = outside.Security;
            csv.Text(security.Id);
            csv.Text(security.Name);
            csv.Text(security.Sector);
            csv.Number(security.MarketCap);
            for (int k = 0; k < emptyScores; k++) csv.Empty();
            csv.Boolean(false);
            csv.Boolean(outside.Eligible);
            csv.Boolean(false);
            csv.Text(outside.Reason);
            csv.EndRow();
        }
        csv.Flush();
    }
}
