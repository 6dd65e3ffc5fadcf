using IndexEngine.Core.Model;

namespace IndexEngine.Tests.Levels;

/// <summary>Small hand-written universes: ids A, B, C, ... with consecutive weekday dates.</summary>
internal static class TestUniverses
{
    public static Universe Build(double[][] closes, double[][]? dividends = null, string firstDate = "2017-01-02")
    {
        int n = closes.Length, days = closes[0].Length;
        var securities = Enumerable.Range(0, n)
            .Select(i => new Security(((char)('A' + i)).ToString(), "Stock " + (char)('A' + i), "Tech", "US", "common", 1e9))
            .ToArray();
        var dates = new List<DateOnly>();
        for (var d = DateOnly.ParseExact(firstDate, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture); dates.Count < days; d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) dates.Add(d);
        var close = closes.SelectMany(c => c).ToArray();
        var volume = Enumerable.Repeat(1e6, n * days).ToArray();
        var dividend = dividends?.SelectMany(c => c).ToArray();
        return new Universe(securities, dates, close, volume, dividend, [], []);
    }
}
