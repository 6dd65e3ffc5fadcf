using IndexEngine.Core.Methodology;

namespace IndexEngine.Data.Output;

/// <summary>The CSV files of a backtest: daily levels and the list of rebalances.</summary>
public static class BacktestFiles
{
    /// <summary>
    /// date,index_pr,index_tr,benchmark from the first effective date; benchmark empty where it has no level. The
    /// benchmark is rebased to the index: on the first date both have, it equals the total-return level (the base
    /// value on the first effective date), so the columns can be read side by side or charted as they are.
    /// </summary>
    public static void WriteLevels(string path, BacktestResult result)
    {
        var benchmark = new Dictionary<DateOnly, double>(result.Benchmark.Count);
        for (int t = 0; t < result.Benchmark.Count; t++) benchmark[result.Benchmark.Dates[t]] = result.Benchmark.Values[t];
        var pr = result.Index.PriceReturn;
        var tr = result.Index.TotalReturn;
        // b / first × level: exactly the index's level on the first common date.
        double firstBenchmark = double.NaN, firstLevel = double.NaN;
        for (int t = 0; t < tr.Count && double.IsNaN(firstBenchmark); t++)
            if (benchmark.TryGetValue(tr.Dates[t], out var first)) (firstBenchmark, firstLevel) = (first, tr.Values[t]);
        using var csv = Csv.Create(path);
        Csv.WriteRow(csv, ["date", "index_pr", "index_tr", "benchmark"]);
        for (int t = 0; t < pr.Count; t++)
            Csv.WriteRow(csv, [
                Csv.Date(pr.Dates[t]),
                Csv.Number(pr.Values[t]), Csv.Number(tr.Values[t]),
                benchmark.TryGetValue(pr.Dates[t], out var b) ? Csv.Number(b / firstBenchmark * firstLevel) : "",
            ]);
        csv.Flush();
    }

    /// <summary>screening,effective,universe,selected,turnover,adds,drops: one row per rebalance.</summary>
    public static void WriteRebalances(string path, BacktestResult result)
    {
        using var csv = Csv.Create(path);
        Csv.WriteRow(csv, ["screening", "effective", "universe", "selected", "turnover", "adds", "drops"]);
        foreach (var step in result.Steps)
        {
            var r = step.Result;
            Csv.WriteRow(csv, [
                Csv.Date(step.Dates.Screening),
                Csv.Date(step.Dates.Effective),
                Csv.Number(r.Counts.StartingUniverse), Csv.Number(r.Counts.Selected),
                r.Turnover is { } t ? Csv.Number(t) : "",
                Csv.Number(r.Adds.Count), Csv.Number(r.Drops.Count),
            ]);
        }
        csv.Flush();
    }

    /// <summary>factor_ic.csv: <c>screening_date,factor,horizon,ic,n</c>; ic empty where fewer than 3 members had both values.</summary>
    public static void WriteFactorIc(string path, IReadOnlyList<IndexEngine.Core.Methodology.Research.FactorIc> ics)
    {
        using var csv = Csv.Create(path);
        Csv.WriteRow(csv, ["screening_date", "factor", "horizon", "ic", "n"]);
        foreach (var ic in ics)
            Csv.WriteRow(csv, [Csv.Date(ic.Screening), ic.Factor, ic.Horizon, double.IsFinite(ic.Ic) ? Csv.Number(ic.Ic) : "",
                ic.N.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        csv.Flush();
    }

    /// <summary>factor_quantiles.csv: <c>screening_date,factor,quantile,return</c>, quantile 1 holding the lowest ranks.</summary>
    public static void WriteFactorQuantiles(string path, IReadOnlyList<IndexEngine.Core.Methodology.Research.FactorQuantileReturn> quantiles)
    {
        using var csv = Csv.Create(path);
        Csv.WriteRow(csv, ["screening_date", "factor", "quantile", "return"]);
        foreach (var q in quantiles)
            Csv.WriteRow(csv, [Csv.Date(q.Screening), q.Factor, q.Quantile.ToString(System.Globalization.CultureInfo.InvariantCulture), Csv.Number(q.Return)]);
        csv.Flush();
    }

    /// <summary>levels_net.csv: <c>date,index_pr,index_tr</c>, both levels net of transaction costs (the gross ones at 0 bps).</summary>
    public static void WriteNetLevels(string path, IndexEngine.Core.Methodology.Research.NetOfCosts net)
    {
        using var csv = Csv.Create(path);
        Csv.WriteRow(csv, ["date", "index_pr", "index_tr"]);
        for (int t = 0; t < net.PriceReturn.Count; t++)
            Csv.WriteRow(csv, [Csv.Date(net.PriceReturn.Dates[t]), Csv.Number(net.PriceReturn.Values[t]), Csv.Number(net.TotalReturn.Values[t])]);
        csv.Flush();
    }

    /// <summary>costs.csv: <c>screening,effective,traded,cost</c>, one row per rebalance: Σ|Δw| and the fraction of the index value paid.</summary>
    public static void WriteCosts(string path, IndexEngine.Core.Methodology.Research.NetOfCosts net)
    {
        using var csv = Csv.Create(path);
        Csv.WriteRow(csv, ["screening", "effective", "traded", "cost"]);
        foreach (var r in net.Rebalances)
            Csv.WriteRow(csv, [Csv.Date(r.Screening), Csv.Date(r.Effective), Csv.Number(r.Traded), Csv.Number(r.Cost)]);
        csv.Flush();
    }

    /// <summary>capacity.csv: <c>screening,effective,id,traded_weight,adv,days_of_adv,capacity_aum</c>, one row per security traded
    /// at each rebalance; adv, days_of_adv and capacity_aum empty for a security without a trade in the ADV window.</summary>
    public static void WriteCapacity(string path, IndexEngine.Core.Methodology.Research.CapacityAnalysis capacity)
    {
        using var csv = Csv.Create(path);
        Csv.WriteRow(csv, ["screening", "effective", "id", "traded_weight", "adv", "days_of_adv", "capacity_aum"]);
        foreach (var t in capacity.Trades)
            Csv.WriteRow(csv, [Csv.Date(t.Screening), Csv.Date(t.Effective), t.Id, Csv.Number(t.TradedWeight), Csv.Number(t.Adv), Csv.Number(t.DaysOfAdv), Csv.Number(t.CapacityAum)]);
        csv.Flush();
    }

    /// <summary>
    /// attribution.csv (or its size-decile and linked siblings): <c>start,end,&lt;group&gt;,index_weight,benchmark_weight,index_return,
    /// benchmark_return,allocation,selection,interaction</c>, one row per group of each period in period order.
    /// </summary>
    /// <param name="groupColumn">The group column's name: <c>sector</c> or <c>decile</c>.</param>
    public static void WriteAttribution(string path, string groupColumn, IEnumerable<IndexEngine.Core.Methodology.Research.AttributionPeriod> periods)
    {
        using var csv = Csv.Create(path);
        Csv.WriteRow(csv, ["start", "end", groupColumn, "index_weight", "benchmark_weight", "index_return", "benchmark_return", "allocation", "selection", "interaction"]);
        foreach (var period in periods)
            foreach (var g in period.Groups)
                Csv.WriteRow(csv, [Csv.Date(g.Start), Csv.Date(g.End), g.Group, Csv.Number(g.IndexWeight), Csv.Number(g.BenchmarkWeight),
                    Csv.Number(g.IndexReturn), Csv.Number(g.BenchmarkReturn), Csv.Number(g.Allocation), Csv.Number(g.Selection), Csv.Number(g.Interaction)]);
        csv.Flush();
    }

    /// <summary>exposures.csv: <c>screening_date,factor,index,benchmark,active,index_coverage,benchmark_coverage</c>; a mean is empty
    /// where no holding had the factor.</summary>
    public static void WriteExposures(string path, IReadOnlyList<IndexEngine.Core.Methodology.Research.FactorExposure> exposures)
    {
        using var csv = Csv.Create(path);
        Csv.WriteRow(csv, ["screening_date", "factor", "index", "benchmark", "active", "index_coverage", "benchmark_coverage"]);
        foreach (var e in exposures)
            Csv.WriteRow(csv, [Csv.Date(e.Screening), e.Factor, Csv.Number(e.Index), Csv.Number(e.Benchmark), Csv.Number(e.Active),
                Csv.Number(e.IndexCoverage), Csv.Number(e.BenchmarkCoverage)]);
        csv.Flush();
    }
}
