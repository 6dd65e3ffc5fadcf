using System.Runtime.CompilerServices;

namespace IndexEngine.Data;

/// <summary>A set of day numbers, for the calendar: one flag per possible day (3.7 MB, mostly never touched).</summary>
internal sealed class DaySet
{
    private readonly bool[] _seen = new bool[DateOnly.MaxValue.DayNumber + 1];
    private int _min = int.MaxValue, _max = int.MinValue;

    public bool IsEmpty => _min > _max;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int day)
    {
        _seen[day] = true;
        if (day < _min) _min = day;
        if (day > _max) _max = day;
    }

    /// <summary>Adds valid day numbers; runs of one day (a file sorted by date) cost one comparison a day.</summary>
    public void AddAll(ReadOnlySpan<int> days)
    {
        int last = -1;
        foreach (var day in days)
        {
            if (day == last) continue;
            Add(day);
            last = day;
        }
    }

    /// <summary>The days as ascending dates.</summary>
    public DateOnly[] ToCalendar()
    {
        var dates = new List<DateOnly>();
        for (int day = _min; day <= _max; day++)
            if (_seen[day]) dates.Add(DateOnly.FromDayNumber(day));
        return dates.ToArray();
    }
}
