using CsvHelper;
using IndexEngine.Core.Model;
using IndexEngine.Data.Csv;
using IndexEngine.Data.Output;
using IndexEngine.Data.Synthetic;

namespace IndexEngine.Data;

/// <summary>
/// Writes a universe folder: <c>securities.csv</c>, <c>metrics.csv</c> and <c>prices.csv.gz</c> in the
/// input format of METHODOLOGY §1, so that <see cref="UniverseLoader"/> reads back exactly the same
/// arrays. Output is byte-for-byte reproducible: fixed row order (securities by id; prices by date then
/// id), numbers in invariant round-trip form, <c>\n</c> line ends, a gzip header without time or name.
/// The folder is written through <see cref="OutputFolder"/> like every output: a failed or interrupted write
/// never leaves a half-written universe, and a folder the engine did not write is never replaced.
/// </summary>
public static class UniverseWriter
{
    /// <exception cref="InputException">The folder may not be replaced (see <see cref="OutputGuard"/>) or cannot be written.</exception>
    public static void Write(string directory, GeneratedUniverse generated) => Write(directory, generated.Universe);

    /// <exception cref="InputException">The folder may not be replaced (see <see cref="OutputGuard"/>) or cannot be written.</exception>
    public static void Write(string directory, Universe universe) =>
        Write(OutputTarget.Out("generate-universe", directory), universe);

    /// <exception cref="InputException">The folder may not be replaced (see <see cref="OutputGuard"/>) or cannot be written.</exception>
    public static void Write(OutputTarget target, Universe universe)
    {
        using var folder = OutputFolder.Begin(target);
        folder.Write(staging =>
        {
            WriteSecurities(Path.Combine(staging, "securities.csv"), universe);
            WriteMetrics(Path.Combine(staging, "metrics.csv"), universe);
            WritePrices(Path.Combine(staging, "prices.csv.gz"), universe);
        });
        folder.Commit();
    }

    private static CsvWriter CreateWriter(Stream stream) =>
        CsvWriter.Create(stream, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true);

    private static void WriteSecurities(string path, Universe universe)
    {
        bool hasIndustry = universe.Securities.Any(s => s.Industry is not null);
        using var file = File.Create(path);
        using (var csv = CreateWriter(file))
        {
            foreach (var h in (string[])["id", "name", "sector", "country", "security_type", "market_cap"]) csv.WriteField(h);
            if (hasIndustry) csv.WriteField("industry");
            csv.EndRecord();
            foreach (var s in universe.Securities)
            {
                csv.WriteField(s.Id);
                csv.WriteField(s.Name);
                csv.WriteField(s.Sector);
                csv.WriteField(s.Country);
                csv.WriteField(s.SecurityType);
                csv.WriteField(Output.Csv.Number(s.MarketCap));
                if (hasIndustry) csv.WriteField(s.Industry ?? "");
                csv.EndRecord();
            }
        }
    }

    private static void WriteMetrics(string path, Universe universe)
    {
        if (universe.Metrics.IsDated)
        {
            WriteDatedMetrics(path, universe);
            return;
        }
        using var file = File.Create(path);
        using (var csv = CreateWriter(file))
        {
            csv.WriteField("id");
            foreach (var name in universe.MetricNames) csv.WriteField(name);
            csv.EndRecord();
            for (int i = 0; i < universe.SecurityCount; i++)
            {
                csv.WriteField(universe.Securities[i].Id);
                for (int j = 0; j < universe.MetricNames.Count; j++) csv.WriteField(Output.Csv.Number(universe.Metric(i, j)));
                csv.EndRecord();
            }
        }
    }

    /// <summary>§11 form: <c>date,id[,market_cap],metrics...</c>, rows by date, then id.</summary>
    private static void WriteDatedMetrics(string path, Universe universe)
    {
        var table = universe.Metrics;
        var rows = Enumerable.Range(0, universe.SecurityCount)
            .SelectMany(i => table.RowsOf(i).Select(row => (Security: i, Row: row)))
            .OrderBy(r => table.RowDate(r.Row)).ThenBy(r => r.Security)
            .ToArray();
        using var file = File.Create(path);
        using (var csv = CreateWriter(file))
        {
            csv.WriteField(UniverseLoader.MetricDateColumn);
            csv.WriteField("id");
            if (table.HasMarketCap) csv.WriteField(UniverseLoader.MarketCapColumn);
            foreach (var name in table.Names) csv.WriteField(name);
            csv.EndRecord();
            foreach (var (i, row) in rows)
            {
                csv.WriteField(Invariant.Date(table.RowDate(row)!.Value));
                csv.WriteField(universe.Securities[i].Id);
                if (table.HasMarketCap) csv.WriteField(Output.Csv.Number(table.MarketCap(row)));
                for (int j = 0; j < table.Names.Count; j++) csv.WriteField(Output.Csv.Number(table.Value(row, j)));
                csv.EndRecord();
            }
        }
    }

    private static void WritePrices(string path, Universe universe)
    {
        using var file = File.Create(path);
        using (var gzip = new DeterministicGzipStream(file))
        {
            using (var csv = CreateWriter(gzip))
            {
                csv.WriteField("date");
                csv.WriteField("id");
                csv.WriteField("close");
                csv.WriteField("volume");
                if (universe.HasDividends) csv.WriteField("dividend");
                csv.EndRecord();
                for (int t = 0; t < universe.DateCount; t++)
                {
                    var date = Invariant.Date(universe.Dates[t]);
                    for (int i = 0; i < universe.SecurityCount; i++)
                    {
                        double close = universe.Close(i, t);
                        if (double.IsNaN(close)) continue;
                        csv.WriteField(date);
                        csv.WriteField(universe.Securities[i].Id);
                        csv.WriteField(Output.Csv.Number(close));
                        csv.WriteField(Output.Csv.Number(universe.Volumes(i)[t]));
                        if (universe.HasDividends)
                        {
                            double dividend = universe.Dividend(i, t);
                            csv.WriteField(dividend == 0 ? "" : Output.Csv.Number(dividend));
                        }
                        csv.EndRecord();
                    }
                }
            }
            gzip.Finish();
        }
    }

    /// <summary>Round-trip text, empty for a missing value.</summary>
}
