using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Methodology;
using IndexEngine.Core.Model;

namespace IndexEngine.Reporting;

/// <summary>METHODOLOGY §8 summary.json: the machine-readable record of a rebalance.</summary>
public static class RebalanceSummary
{
    public static string ToJson(RebalanceResult result, IReadOnlyList<InputFileInfo> inputs)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("as_of", Format.Date(result.AsOf));
            json.WriteString("screening_date", Format.Date(result.AsOf));
            json.WriteString("effective_date", Format.Date(result.Effective.Date));
            json.WriteBoolean("effective_date_estimated", result.Effective.Estimated);
            json.WriteStartArray("inputs");
            foreach (var input in inputs)
            {
                json.WriteStartObject();
                json.WriteString("role", input.Role);
                json.WriteString("file", Path.GetFileName(input.Path));
                json.WriteString("sha256", input.Sha256);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WritePropertyName("config");
            ConfigBinder.ToJson(result.Config).WriteTo(json);

            var c = result.Counts;
            json.WriteStartObject("counts");
            json.WriteNumber("input", c.Input);
            json.WriteNumber("failed_country_or_type", c.FailedCountryOrType);
            json.WriteNumber("failed_liquidity", c.FailedLiquidity);
            json.WriteNumber("failed_history", c.FailedHistory);
            json.WriteNumber("failed_market_cap", c.FailedMarketCap);
            json.WriteNumber("eligible", c.Eligible);
            json.WriteNumber("universe", c.StartingUniverse);
            json.WriteNumber("with_cfs", c.WithComposite);
            json.WriteNumber("selected", c.Selected);
            json.WriteEndObject();

            if (result.MetricAges is { } ages)
            {
                // §11: only dated metrics have ages; an undated universe's summary is unchanged.
                json.WriteStartObject("metric_rows");
                json.WriteNumber("max_age_days", result.Config.Metrics.MaxAgeDays);
                json.WriteNumber("members_with_row", ages.MembersWithRow);
                json.WriteNumber("members_without_row", ages.MembersWithout);
                WriteNumberOrNull(json, "min_age_days", ages.MinDays);
                WriteNumberOrNull(json, "median_age_days", ages.MedianDays);
                WriteNumberOrNull(json, "max_age_days_used", ages.MaxDays);
                json.WriteEndObject();
            }

            json.WriteStartArray("sectors");
            foreach (var s in result.Sectors)
            {
                json.WriteStartObject();
                json.WriteString("sector", s.Sector);
                json.WriteNumber("universe_weight", s.UniverseWeight);
                json.WriteNumber("target", s.Target);
                json.WriteNumber("index_weight", s.IndexWeight);
                json.WriteNumber("selected", s.Selected);
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartArray("size_mix");
            foreach (var b in result.SizeMix)
            {
                json.WriteStartObject();
                json.WriteString("bucket", b.Name);
                json.WriteNumber("count", b.Count);
                json.WriteNumber("weight", b.Weight);
                json.WriteEndObject();
            }
            json.WriteEndArray();

            WriteDeciles(json, "deciles", result.Deciles);
            WriteDeciles(json, "universe_deciles", result.UniverseDeciles);

            WriteNumberOrNull(json, "turnover", result.Turnover);
            WriteChanges(json, "adds", result.Adds);
            WriteChanges(json, "drops", result.Drops);
            json.WriteStartArray("warnings");
            foreach (var w in result.Warnings) json.WriteStringValue(w);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteDeciles(Utf8JsonWriter json, string name, IReadOnlyList<DecileWeight> deciles)
    {
        json.WriteStartArray(name);
        foreach (var d in deciles)
        {
            json.WriteStartObject();
            json.WriteNumber("decile", d.Decile);
            json.WriteNumber("count", d.Count);
            json.WriteNumber("weight", d.Weight);
            WriteNumberOrNull(json, "min_market_cap", d.MinMarketCap);
            WriteNumberOrNull(json, "max_market_cap", d.MaxMarketCap);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteChanges(Utf8JsonWriter json, string name, IReadOnlyList<WeightChange> changes)
    {
        json.WriteStartArray(name);
        foreach (var change in changes)
        {
            json.WriteStartObject();
            json.WriteString("id", change.Id);
            json.WriteNumber("previous_weight", change.PreviousWeight);
            json.WriteNumber("new_weight", change.NewWeight);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }
}
