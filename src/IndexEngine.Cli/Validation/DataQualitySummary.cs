using System.Globalization;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;

namespace IndexEngine.Cli.Validation;

/// <summary>What <c>validate</c> reports about a loaded universe: composition, coverage, gaps and how many
/// securities each eligibility screen would remove at the screening date.</summary>
public sealed record DataQualitySummary(
    int Securities,
    IReadOnlyList<(string Name, int Count)> BySector,
    IReadOnlyList<(string Name, int Count)> ByType,
    IReadOnlyList<(string Name, int Count)> ByCountry,
    DateOnly FirstDate,
    DateOnly LastDate,
    int TradingDays,
    int SecuritiesWithoutPrices,
    long MissingPriceCells,
    int SecuritiesWithMissingPrices,
    long MissingVolumes,
    long? DividendRows,
    int MissingMarketCaps,
    int NonPositiveMarketCaps,
    IReadOnlyList<(string Name, int Missing)> MissingMetrics,
    DateOnly AsOf,
    int FailCountryOrType,
    int FailLiquidity,
    int FailHistory,
    int FailMarketCap,
    int Eligible,
    PointInTimeCoverage? PointInTime = null)
{
    public static DataQualitySummary Compute(Universe universe, int asOf, MethodologyConfig config)
    {
        var securities = universe.Securities;
        long missingCells = 0, missingVolumes = 0, dividendRows = 0;
        int withoutPrices = 0, withGaps = 0;
        for (int i = 0; i < universe.SecurityCount; i++)
        {
            var close = universe.Closes(i);
            var volume = universe.Volumes(i);
            var dividend = universe.Dividends(i);
            int first = 0, last = close.Length - 1;
            while (first < close.Length && double.IsNaN(close[first])) first++;
            while (last >= first && double.IsNaN(close[last])) last--;
            if (first == close.Length)
            {
                withoutPrices++;
                continue;
            }
            long gaps = 0;
            for (int t = first; t <= last; t++)
            {
                if (double.IsNaN(close[t])) gaps++;
                else
                {
                    if (double.IsNaN(volume[t])) missingVolumes++;
                    if (dividend[t] > 0) dividendRows++;
                }
            }
            missingCells += gaps;
            if (gaps > 0) withGaps++;
        }

        // Metrics and market caps as the screening date sees them (§11: dated rows within the age limit).
        var history = new ScreeningView(universe, asOf, config.Technical, config.Metrics);
        var atScreening = history.Securities;
        var missingMetrics = universe.MetricNames
            .Select((name, j) => (name, Enumerable.Range(0, universe.SecurityCount).Count(i => double.IsNaN(history.Metric(i, j)))))
            .ToList();

        var failures = Eligibility.Screen(history, config.Eligibility);
        int Failing(EligibilityFailure screen) => failures.Count(f => (f & screen) != 0);

        return new DataQualitySummary(
            universe.SecurityCount,
            Tally(securities.Select(s => s.Sector)),
            Tally(securities.Select(s => s.SecurityType)),
            Tally(securities.Select(s => s.Country)),
            universe.Dates[0],
            universe.Dates[^1],
            universe.DateCount,
            withoutPrices,
            missingCells,
            withGaps,
            missingVolumes,
            universe.HasDividends ? dividendRows : null,
            atScreening.Count(s => double.IsNaN(s.MarketCap)),
            atScreening.Count(s => s.MarketCap <= 0),
            missingMetrics,
            universe.Dates[asOf],
            Failing(EligibilityFailure.CountryOrType),
            Failing(EligibilityFailure.Liquidity),
            Failing(EligibilityFailure.History),
            Failing(EligibilityFailure.MarketCap),
            failures.Count(f => f == EligibilityFailure.None),
            universe.Metrics.IsDated ? PointInTimeCoverage.Compute(universe, config) : null);
    }

    /// <summary>Counts by value, largest first (ties by name); an empty value shows as "(missing)".</summary>
    private static List<(string, int)> Tally(IEnumerable<string> values) =>
        values.GroupBy(v => v.Length == 0 ? "(missing)" : v, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count()))
            .OrderByDescending(p => p.Item2).ThenBy(p => p.Item1, StringComparer.Ordinal)
            .ToList();

    public void WriteTo(TextWriter output, string universePath, IReadOnlyList<InputFileInfo> sources, EligibilityConfig eligibility, TechnicalConfig technical)
    {
        var c = CultureInfo.InvariantCulture;
        string D(DateOnly d) => d.ToString("yyyy-MM-dd", c);
        string N(long n) => n.ToString("N0", c);
        string Pct(long part, long whole) => whole == 0 ? "-" : (100.0 * part / whole).ToString("0.0", c) + "%";

        output.WriteLine($"Universe {universePath}");
        foreach (var s in sources) output.WriteLine($"  {s.Role,-11} {s.Path}  sha256 {s.Sha256}");
        output.WriteLine();
        output.WriteLine($"Securities: {N(Securities)}");
        output.WriteLine($"Dates: {D(FirstDate)}..{D(LastDate)} ({N(TradingDays)} trading days)");
        output.WriteLine();
        WriteTable(output, "By sector", BySector, Securities);
        WriteTable(output, "By type", ByType, Securities);
        WriteTable(output, "By country", ByCountry, Securities);

        output.WriteLine("Prices");
        output.WriteLine($"  securities without any price:   {N(SecuritiesWithoutPrices)}");
        output.WriteLine($"  missing prices (no close between a security's first and last date): {N(MissingPriceCells)} cells in {N(SecuritiesWithMissingPrices)} securities");
        output.WriteLine($"  price rows without volume:      {N(MissingVolumes)}");
        output.WriteLine(DividendRows is null ? "  dividends:                      no dividend column" : $"  dividend rows:                  {N(DividendRows.Value)}");
        output.WriteLine();
        output.WriteLine($"Market cap at {D(AsOf)}");
        output.WriteLine($"  missing:      {N(MissingMarketCaps)}");
        output.WriteLine($"  non-positive: {N(NonPositiveMarketCaps)}");
        output.WriteLine();
        if (PointInTime is { } pit) pit.WriteTo(output);
        output.WriteLine(MissingMetrics.Count == 0 ? "Metrics: none" : $"Missing metrics at {D(AsOf)}");
        foreach (var (name, missing) in MissingMetrics)
            output.WriteLine($"  {name,-24} {N(missing),7}  {Pct(missing, Securities),6}");
        output.WriteLine();
        output.WriteLine($"Eligibility at {D(AsOf)} (securities failing each screen; one may fail several)");
        output.WriteLine($"  country/type  {N(FailCountryOrType),7}  (countries {string.Join(",", eligibility.Countries)}; types {string.Join(",", eligibility.Types)})");
        output.WriteLine($"  liquidity     {N(FailLiquidity),7}  (mean daily traded value >= {N((long)eligibility.MinAdv)} USD in each of {eligibility.AdvPeriods} periods of {eligibility.AdvDays / eligibility.AdvPeriods} days)");
        output.WriteLine($"  history       {N(FailHistory),7}  (>= {technical.MinObservations} returns in the last {technical.Window} days)");
        output.WriteLine($"  market cap    {N(FailMarketCap),7}  (positive market_cap)");
        output.WriteLine($"  eligible      {N(Eligible),7}");
    }

    /// <summary>The securities outside U, one line each: id, then why (the reasons of scores.csv).</summary>
    /// <param name="band">The size band of U when it does not start at rank 1 (e.g. "size ranks 201–500"), else null.</param>
    public static void WriteExcluded(TextWriter output, DateOnly asOf, int universeSize, IReadOnlyList<ExcludedSecurity> excluded, string? band = null)
    {
        var c = CultureInfo.InvariantCulture;
        int eligible = excluded.Count(e => e.Eligible);
        output.WriteLine();
        output.WriteLine($"Outside the starting universe at {asOf.ToString("yyyy-MM-dd", c)}: {excluded.Count.ToString("N0", c)} securities " +
                         $"({(excluded.Count - eligible).ToString("N0", c)} ineligible, {eligible.ToString("N0", c)} eligible but {(band is null ? "beyond universe.size " + universeSize.ToString(c) : "outside " + band)})");
        int width = excluded.Count == 0 ? 0 : excluded.Max(e => e.Security.Id.Length);
        foreach (var e in excluded)
            output.WriteLine($"  {e.Security.Id.PadRight(width)}  {e.Reason}");
    }

    private static void WriteTable(TextWriter output, string title, IReadOnlyList<(string Name, int Count)> rows, int total)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(title);
        int width = Math.Max(12, rows.Max(r => r.Name.Length));
        foreach (var (name, count) in rows)
            output.WriteLine($"  {name.PadRight(width)} {count.ToString("N0", c),7}  {(100.0 * count / total).ToString("0.0", c),5}%");
        output.WriteLine();
    }
}

/// <summary>
/// §11 for <c>validate</c>: the distinct dates of a dated metrics.csv and, for each screening date of the
/// schedule in the price history, how many securities have a metrics row within <c>metrics.max_age_days</c>
/// (and, where metrics.csv carries market_cap, a positive point-in-time cap).
/// </summary>
public sealed record PointInTimeCoverage(
    IReadOnlyList<DateOnly> MetricDates,
    int MaxAgeDays,
    bool HasMarketCap,
    IReadOnlyList<(DateOnly Screening, int WithMetrics, int WithMarketCap)> ByScreeningDate)
{
    public static PointInTimeCoverage Compute(Universe universe, MethodologyConfig config)
    {
        var rows = new List<(DateOnly, int, int)>();
        foreach (var r in ReconstitutionSchedule.Between(universe.Dates, universe.Dates[0], universe.Dates[^1], config.Schedule))
        {
            var view = new ScreeningView(universe, universe.DateIndexOf(r.Screening), config.Technical, config.Metrics);
            int withMetrics = 0, withCap = 0;
            for (int i = 0; i < view.SecurityCount; i++)
            {
                if (view.MetricAgeDays(i) is not null) withMetrics++;
                if (view.Securities[i].MarketCap > 0) withCap++;
            }
            rows.Add((r.Screening, withMetrics, withCap));
        }
        return new PointInTimeCoverage(universe.Metrics.DistinctDates, config.Metrics.MaxAgeDays, universe.Metrics.HasMarketCap, rows);
    }

    public void WriteTo(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        string D(DateOnly d) => d.ToString("yyyy-MM-dd", c);
        output.WriteLine($"Point-in-time metrics: {MetricDates.Count} dates ({(MetricDates.Count == 0 ? "none" : $"{D(MetricDates[0])}..{D(MetricDates[^1])}")})");
        for (int k = 0; k < MetricDates.Count; k += 6)
            output.WriteLine("  " + string.Join(" ", MetricDates.Skip(k).Take(6).Select(D)));
        output.WriteLine($"Securities with a metrics row at most {MaxAgeDays} days old, by screening date" +
                         (HasMarketCap ? " (and with a positive point-in-time market cap)" : ""));
        foreach (var (screening, withMetrics, withCap) in ByScreeningDate)
            output.WriteLine($"  {D(screening)}  {withMetrics,6}" + (HasMarketCap ? $"  {withCap,6}" : ""));
        output.WriteLine();
    }
}
