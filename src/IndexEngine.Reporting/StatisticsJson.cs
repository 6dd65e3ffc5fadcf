using System.Globalization;
using System.Text;
using System.Text.Json;
using IndexEngine.Core.Methodology;

namespace IndexEngine.Reporting;

/// <summary>A <see cref="PerformanceSummary"/> as JSON: snake_case keys, numbers in round-trip form,
/// an undefined statistic (NaN) or an absent turnover as null, dates as yyyy-MM-dd.</summary>
public static class StatisticsJson
{
    public static string Write(PerformanceSummary s, string indexName, string benchmarkName)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            w.WriteStartObject();
            w.WriteString("start", Date(s.Start));
            w.WriteString("end", Date(s.End));
            w.WriteNumber("returns", s.Returns);
            w.WriteNumber("index_dates_without_benchmark", s.IndexDatesWithoutBenchmark);
            w.WriteNumber("periods_per_year", s.PeriodsPerYear);
            Number(w, "risk_free_rate", s.RiskFreeRate);
            WriteSeries(w, "index", indexName, s.Index);
            WriteSeries(w, "benchmark", benchmarkName, s.Benchmark);
            Number(w, "tracking_error", s.TrackingError);
            Number(w, "information_ratio", s.InformationRatio);
            Number(w, "beta", s.Beta);
            Number(w, "alpha", s.Alpha);
            Number(w, "correlation", s.Correlation);
            Number(w, "up_capture", s.UpCapture);
            Number(w, "down_capture", s.DownCapture);
            Number(w, "average_turnover", s.AverageTurnover);
            w.WriteNumber("rebalances", s.Rebalances);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteSeries(Utf8JsonWriter w, string key, string name, SeriesStatistics s)
    {
        w.WriteStartObject(key);
        w.WriteString("name", name);
        Number(w, "total_return", s.TotalReturn);
        Number(w, "annualised_return", s.AnnualisedReturn);
        Number(w, "volatility", s.Volatility);
        Number(w, "sharpe", s.Sharpe);
        Number(w, "max_drawdown", s.MaxDrawdown);
        w.WriteString("max_drawdown_peak", Date(s.MaxDrawdownPeak));
        w.WriteString("max_drawdown_trough", Date(s.MaxDrawdownTrough));
        Number(w, "sortino", s.Sortino);
        Number(w, "calmar", s.Calmar);
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string key, double? value)
    {
        w.WritePropertyName(key);
        if (value is { } v && double.IsFinite(v)) w.WriteRawValue(v.ToString("R", CultureInfo.InvariantCulture));
        else w.WriteNullValue();
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
