using BenchmarkDotNet.Running;

namespace IndexEngine.Benchmarks;

/// <summary>
/// Every benchmark class in this assembly is selectable, e.g.
/// <c>dotnet run -c Release -- --filter *RankBenchmarks* --job short</c>; new suites (such as scoring a
/// whole universe) only need a class here, no registration.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["sweep-grid" or "separate-grid", ..]) Pipeline.SweepGrid.Harness(args);
        else BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
