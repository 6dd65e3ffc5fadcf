using System.Text;
using IndexEngine.Core.Methodology;

namespace IndexEngine.Reporting;

/// <summary>METHODOLOGY §8 report.md: the rebalance as a portfolio manager reads it.</summary>
public static class RebalanceReport
{
    public static string ToMarkdown(RebalanceResult r)
    {
        var md = new StringBuilder();
        var c = r.Counts;
        var cfg = r.Config;
        double factorWeightSum = cfg.Factors.Sum(f => f.Weight); // the composite divides by it (§5.4)
        md.AppendLine($"# Multifactor index rebalance — screening date {Format.Date(r.AsOf)}").AppendLine();
        md.AppendLine($"Screening date {Format.Date(r.AsOf)}: weights from the data as of its close. " +
                      $"Effective date {Effective(r.Effective)}: weights put in place at its close.").AppendLine();
        md.AppendLine($"**{c.Selected} constituents** selected from a starting universe of {c.StartingUniverse} " +
                      $"(the largest eligible of {c.Eligible} eligible, {c.Input} in the file). " +
                      $"Factors: {string.Join(", ", cfg.Factors.Select(f => $"{f.Name} {Format.Share(f.Weight / factorWeightSum)}"))}. " +
                      $"Weights: {Format.Percent(cfg.Weighting.CfsShare, 0)} by CFS, {Format.Percent(1 - cfg.Weighting.CfsShare, 0)} by inverse volatility, " +
                      $"sector neutral to the starting universe, capped at {Format.Percent(cfg.Weighting.SecurityCap, 1)} per security" +
                      (cfg.Weighting.SectorCap is { } sc ? $" and {Format.Percent(sc, 1)} per sector." : ".")).AppendLine();

        double top10 = r.Constituents.Take(10).Sum(x => x.Weight);
        double effectiveN = 1 / r.Constituents.Sum(x => x.Weight * x.Weight);
        md.AppendLine("| Headline | |").AppendLine("|---|---:|");
        md.AppendLine($"| Largest weight | {Format.Percent(r.Constituents[0].Weight)} ({r.Constituents[0].Security.Id}) |");
        md.AppendLine($"| Top 10 weight | {Format.Percent(top10)} |");
        md.AppendLine($"| Effective number of holdings | {Format.Fixed(effectiveN, 1)} |");
        md.AppendLine($"| Weighted average volatility | {Format.Percent(r.Constituents.Sum(x => x.Weight * x.Volatility), 1)} |");
        md.AppendLine($"| Turnover vs current index (one-way) | {(r.Turnover is { } t ? Format.Percent(t) : "n/a (no current index given)")} |");
        md.AppendLine();

        md.AppendLine("## Screening").AppendLine();
        md.AppendLine("| Step | Securities |").AppendLine("|---|---:|");
        md.AppendLine($"| In the security master | {c.Input} |");
        md.AppendLine($"| Fail country / security type | {c.FailedCountryOrType} |");
        md.AppendLine($"| Fail liquidity (ADV < {Format.Money(cfg.Eligibility.MinAdv)} in a period) | {c.FailedLiquidity} |");
        md.AppendLine($"| Fail history (< {cfg.Technical.MinObservations} returns in {cfg.Technical.Window} days) | {c.FailedHistory} |");
        md.AppendLine($"| Fail market cap | {c.FailedMarketCap} |");
        md.AppendLine($"| Eligible | {c.Eligible} |");
        md.AppendLine($"| Starting universe ({LargestByCap.For(cfg).Describe()}) | {c.StartingUniverse} |");
        md.AppendLine($"| With a Composite Factor Score (≥ {cfg.Scoring.MinFactors} factors) | {c.WithComposite} |");
        md.AppendLine($"| Selected | {c.Selected} |");
        md.AppendLine();
        if (r.MetricAges is { } ages)
            md.AppendLine($"Point-in-time metrics (§11): {ages.MembersWithRow} members of the starting universe used a metrics row " +
                          (ages.MinDays is null ? "" : $"{ages.MinDays}–{ages.MaxDays} days old (median {Format.Fixed(ages.MedianDays!.Value, 1)}) ") +
                          $"known on or before {Format.Date(r.AsOf)}; {ages.MembersWithout} had none within {cfg.Metrics.MaxAgeDays} days.").AppendLine();

        md.AppendLine("## Top 20 holdings").AppendLine();
        md.AppendLine("| # | Id | Name | Sector | Market cap | CFS | Pos | Vol | Weight |").AppendLine("|---:|---|---|---|---:|---:|---:|---:|---:|");
        int n = 0;
        foreach (var x in r.Constituents.Take(20))
            md.AppendLine($"| {++n} | {x.Security.Id} | {Escape(x.Security.Name)} | {Escape(x.Security.Sector)} | {Format.Money(x.Security.MarketCap)} | {Format.Fixed(x.Cfs, 3)} | {x.Position} | {Format.Percent(x.Volatility, 1)} | {Format.Percent(x.Weight)} |");
        md.AppendLine();

        md.AppendLine("## Sectors").AppendLine();
        md.AppendLine("| Sector | Members | Universe weight | Target | Index weight | Active |").AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var s in r.Sectors)
            md.AppendLine($"| {Escape(s.Sector)} | {s.Selected} | {Format.Percent(s.UniverseWeight)} | {Format.Percent(s.Target)} | {Format.Percent(s.IndexWeight)} | {Format.Percent(s.IndexWeight - s.UniverseWeight)} |");
        md.AppendLine();

        md.AppendLine("## Size").AppendLine();
        md.AppendLine("| Bucket | Members | Weight |").AppendLine("|---|---:|---:|");
        foreach (var b in r.SizeMix)
            md.AppendLine($"| {b.Name} ({BucketRange(b.Name)}) | {b.Count} | {Format.Percent(b.Weight)} |");
        md.AppendLine();
        md.AppendLine("Weight by market-cap decile of the constituents (decile 1 = largest), next to the cap-weighted starting universe:").AppendLine();
        md.AppendLine("| Decile | Members | Market caps | Index weight | Universe (cap-weighted) |").AppendLine("|---:|---:|---|---:|---:|");
        for (int d = 0; d < r.Deciles.Count; d++)
        {
            var x = r.Deciles[d];
            md.AppendLine($"| {x.Decile} | {x.Count} | {Format.Money(x.MinMarketCap)} – {Format.Money(x.MaxMarketCap)} | {Format.Percent(x.Weight)} | {Format.Percent(r.UniverseDeciles[d].Weight)} |");
        }
        md.AppendLine();

        if (r.Turnover is not null)
        {
            md.AppendLine("## Changes vs the current index").AppendLine();
            md.AppendLine($"{r.Adds.Count} additions, {r.Drops.Count} deletions, one-way turnover {Format.Percent(r.Turnover.Value)}.").AppendLine();
            if (r.Adds.Count > 0) md.AppendLine("Additions: " + string.Join(", ", r.Adds.Select(a => $"{a.Id} ({Format.Percent(a.NewWeight)})"))).AppendLine();
            if (r.Drops.Count > 0) md.AppendLine("Deletions: " + string.Join(", ", r.Drops.Select(a => $"{a.Id} ({Format.Percent(a.PreviousWeight)})"))).AppendLine();
        }

        md.AppendLine("## Warnings").AppendLine();
        if (r.Warnings.Count == 0) md.AppendLine("None.");
        foreach (var w in r.Warnings) md.AppendLine($"- {Escape(w)}");
        md.AppendLine();
        md.AppendLine("Full detail: `constituents.csv` (weights), `scores.csv` (every metric, z-score and rank of the starting universe, and why each other security of the input is out), `summary.json` (inputs' SHA-256 and the effective config).");
        md.AppendLine();
        md.AppendLine("Rules: `docs/methodology.md` (METHODOLOGY §1–§11) of the IndexEngine repository; where they are silent, `docs/methodology-decisions.md`.");
        return md.ToString();
    }

    /// <summary>The effective date, marked when the data ends before it.</summary>
    public static string Effective(EffectiveDate effective) =>
        Format.Date(effective.Date) + (effective.Estimated ? " (estimated from weekdays: the price data ends before it)" : "");

    private static string BucketRange(string bucket) => bucket switch
    {
        "large" => "> $10B",
        "mid" => "$2B – $10B",
        _ => "< $2B",
    };

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
