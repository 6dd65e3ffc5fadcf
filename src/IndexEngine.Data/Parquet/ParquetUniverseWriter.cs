using IndexEngine.Core.Model;
using IndexEngine.Data.Output;
using ParquetSharp;

namespace IndexEngine.Data.Parquet;

/// <summary>
/// Writes a universe as <c>securities.parquet</c>, <c>metrics.parquet</c> and <c>prices.parquet</c> with the
/// columns of the CSV form (types in <see cref="ParquetTable"/>), so that <see cref="ParquetUniverseSource"/>
/// reads back exactly the same arrays. Prices are sorted by date, then id, one row group per calendar month,
/// with min/max statistics, so that a reader can skip months by date. Snappy-compressed; the same universe
/// always gives the same bytes.
/// </summary>
public static class ParquetUniverseWriter
{
    /// <summary>Writes the universe folder through <see cref="OutputFolder"/> (checked, staged, committed atomically).</summary>
    /// <exception cref="InputException">The folder may not be replaced (see <see cref="OutputGuard"/>) or cannot be written.</exception>
    public static void Write(OutputTarget target, Universe universe)
    {
        using var folder = OutputFolder.Begin(target);
        folder.Write(staging =>
        {
            try
            {
                WriteSecurities(ParquetUniverseSource.PathOf(staging, UniverseLoader.SecuritiesName), universe);
                WriteMetrics(ParquetUniverseSource.PathOf(staging, UniverseLoader.MetricsName), universe);
                WritePrices(ParquetUniverseSource.PathOf(staging, UniverseLoader.PricesName), universe);
            }
            catch (ParquetException e)
            {
                // The native writer reports a full or read-only disk this way; as an IOException the output
                // folder reports it as a write failure (exit 2) and leaves the previous output as it was.
                throw new IOException(e.Message, e);
            }
        });
        folder.Commit();
    }

    private static WriterProperties Properties() =>
        new WriterPropertiesBuilder().Compression(Compression.Snappy).EnableStatistics().Build();

    private static ParquetFileWriter Create(string path, Column[] columns)
    {
        using var properties = Properties();
        return new ParquetFileWriter(path, columns, properties);
    }

    private static double? Nullable(double value) => double.IsNaN(value) ? null : value;

    private static void Write<T>(RowGroupWriter group, T[] values)
    {
        using var writer = group.NextColumn().LogicalWriter<T>();
        writer.WriteBatch(values);
    }

    private static void WriteSecurities(string path, Universe universe)
    {
        var s = universe.Securities;
        bool hasIndustry = s.Any(x => x.Industry is not null);
        var columns = new List<Column>
        {
            new Column<string>("id"), new Column<string>("name"), new Column<string>("sector"),
            new Column<string>("country"), new Column<string>("security_type"), new Column<double?>("market_cap"),
        };
        if (hasIndustry) columns.Add(new Column<string>("industry"));
        using var file = Create(path, columns.ToArray());
        using (var group = file.AppendRowGroup())
        {
            Write(group, s.Select(x => x.Id).ToArray());
            Write(group, s.Select(x => x.Name).ToArray());
            Write(group, s.Select(x => x.Sector).ToArray());
            Write(group, s.Select(x => x.Country).ToArray());
            Write(group, s.Select(x => x.SecurityType).ToArray());
            Write(group, s.Select(x => Nullable(x.MarketCap)).ToArray());
            if (hasIndustry) Write(group, s.Select(x => x.Industry).ToArray());
        }
        file.Close();
    }

    private static void WriteMetrics(string path, Universe universe)
    {
        var table = universe.Metrics;
        var columns = new List<Column>();
        (int Security, int Row)[] rows;
        if (table.IsDated)
        {
            columns.Add(new Column<Date>(UniverseLoader.MetricDateColumn));
            rows = Enumerable.Range(0, universe.SecurityCount)
                .SelectMany(i => table.RowsOf(i).Select(row => (Security: i, Row: row)))
                .OrderBy(r => table.RowDate(r.Row)).ThenBy(r => r.Security)
                .ToArray();
        }
        else
            rows = Enumerable.Range(0, universe.SecurityCount).Select(i => (i, i)).ToArray();
        columns.Add(new Column<string>("id"));
        if (table.HasMarketCap) columns.Add(new Column<double?>(UniverseLoader.MarketCapColumn));
        foreach (var name in table.Names) columns.Add(new Column<double?>(name));

        using var file = Create(path, columns.ToArray());
        using (var group = file.AppendRowGroup())
        {
            if (table.IsDated) Write(group, rows.Select(r => new Date(table.RowDate(r.Row)!.Value.ToDateTime(TimeOnly.MinValue))).ToArray());
            Write(group, rows.Select(r => universe.Securities[r.Security].Id).ToArray());
            if (table.HasMarketCap) Write(group, rows.Select(r => Nullable(table.MarketCap(r.Row))).ToArray());
            for (int j = 0; j < table.Names.Count; j++) Write(group, rows.Select(r => Nullable(table.Value(r.Row, j))).ToArray());
        }
        file.Close();
    }

    private static void WritePrices(string path, Universe universe)
    {
        var columns = new List<Column>
        {
            new Column<Date>("date"), new Column<string>("id"), new Column<double>("close"), new Column<double?>("volume"),
        };
        if (universe.HasDividends) columns.Add(new Column<double?>("dividend"));
        using var file = Create(path, columns.ToArray());
        int t = 0;
        var dates = new List<Date>();
        var ids = new List<string>();
        var closes = new List<double>();
        var volumes = new List<double?>();
        var dividends = new List<double?>();
        while (t < universe.DateCount)
        {
            // One row group per calendar month.
            var month = (universe.Dates[t].Year, universe.Dates[t].Month);
            dates.Clear(); ids.Clear(); closes.Clear(); volumes.Clear(); dividends.Clear();
            for (; t < universe.DateCount && (universe.Dates[t].Year, universe.Dates[t].Month) == month; t++)
            {
                var date = new Date(universe.Dates[t].ToDateTime(TimeOnly.MinValue));
                for (int i = 0; i < universe.SecurityCount; i++)
                {
                    double close = universe.Close(i, t);
                    if (double.IsNaN(close)) continue;
                    dates.Add(date);
                    ids.Add(universe.Securities[i].Id);
                    closes.Add(close);
                    volumes.Add(Nullable(universe.Volumes(i)[t]));
                    // As in the CSV form: no dividend is a null, and reads back as 0.
                    double dividend = universe.Dividend(i, t);
                    dividends.Add(dividend == 0 ? null : dividend);
                }
            }
            if (dates.Count == 0) continue;
            using var group = file.AppendRowGroup();
            Write(group, dates.ToArray());
            Write(group, ids.ToArray());
            Write(group, closes.ToArray());
            Write(group, volumes.ToArray());
            if (universe.HasDividends) Write(group, dividends.ToArray());
        }
        file.Close();
    }
}
