namespace IndexEngine.Core.Model;

/// <summary>A dated level series (a benchmark or an index), dates strictly ascending, values positive.</summary>
public sealed record LevelSeries(IReadOnlyList<DateOnly> Dates, IReadOnlyList<double> Values)
{
    public int Count => Dates.Count;
}

/// <summary>The current index (previous.csv): weights by security id.</summary>
public sealed record PreviousIndex(IReadOnlyDictionary<string, double> Weights);
