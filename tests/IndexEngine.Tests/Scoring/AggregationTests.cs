using NUnit.Framework;
using IndexEngine.Scoring;
using static IndexEngine.Tests.Scoring.KernelTestSupport;

namespace IndexEngine.Tests.Scoring;

[TestFixture]
public class AggregationTests
{
    private static double[] Mean(double[][] columns, double[] weights, int minCount, PathCase path)
    {
        var result = new double[columns.Length == 0 ? 0 : columns[0].Length];
        Aggregation.WeightedRowMean(columns, weights, result, minCount, path.ToKernelPath());
        return result;
    }

    private static double[] Reference(double[][] columns, double[] weights, int minCount)
    {
        var result = new double[columns.Length == 0 ? 0 : columns[0].Length];
        ScalarReference.WeightedRowMean(columns, weights, result, minCount);
        return result;
    }

    [Test]
    public void HandComputed([ValueSource(typeof(KernelTestSupport), nameof(AllPaths))] PathCase path)
    {
        double[][] columns = [[1.0, double.NaN, double.NaN, 2.0, 0.0], [3.0, 4.0, double.NaN, 2.0, -0.0]];
        double[] weights = [1.0, 3.0];
        AssertBitIdentical(Mean(columns, weights, 1, path), [2.5, 4.0, double.NaN, 2.0, 0.0], "minCount 1");
        AssertBitIdentical(Mean(columns, weights, 2, path), [2.5, double.NaN, double.NaN, 2.0, 0.0], "minCount 2");
    }

    [Test]
    public void EveryLengthUpTo70([ValueSource(typeof(KernelTestSupport), nameof(AllPaths))] PathCase path, [Values(1, 2, 4)] int columnCount)
    {
        var random = new Random(columnCount);
        double[] weights = Enumerable.Range(0, columnCount).Select(_ => 0.05 + random.NextDouble()).ToArray();
        for (int length = 0; length <= 70; length++)
        {
            double[][] mixed = Enumerable.Range(0, columnCount).Select(j => Random(length, 100 * length + j, nanShare: 0.25)).ToArray();
            double[][] smallSet = Enumerable.Range(0, columnCount).Select(j => FromSmallSet(length, 100 * length + j)).ToArray();
            double[][] specials = Enumerable.Range(0, columnCount).Select(j => Specials(length, 100 * length + j)).ToArray();
            double[][] allNaN = Enumerable.Range(0, columnCount).Select(_ => AllNaN(length)).ToArray();
            foreach (var (columns, name) in new[] { (mixed, "mixed"), (smallSet, "small set"), (specials, "specials"), (allNaN, "all NaN") })
                for (int minCount = 1; minCount <= columnCount + 1; minCount++)
                    AssertBitIdentical(Mean(columns, weights, minCount, path), Reference(columns, weights, minCount), $"{name} n={length} min={minCount}");
        }
    }

    [Test]
    public void LargeArrays([ValueSource(typeof(KernelTestSupport), nameof(AllPaths))] PathCase path)
    {
        double[][] columns = Enumerable.Range(0, 4).Select(j => Random(1_000_003, j, nanShare: 0.1)).ToArray();
        double[] weights = [0.25, 0.25, 0.3, 0.2];
        AssertBitIdentical(Mean(columns, weights, 3, path), Reference(columns, weights, 3), "four factors, min 3");
    }

    [Test]
    public void NoColumnsGiveNaN()
    {
        var result = new double[5];
        Aggregation.WeightedRowMean([], [], result);
        Assert.That(result, Is.All.NaN);
    }

    [Test]
    public void ResultMayBeOneOfTheColumns([ValueSource(typeof(KernelTestSupport), nameof(AllPaths))] PathCase path)
    {
        double[][] columns = [Random(37, 1, nanShare: 0.3), Random(37, 2, nanShare: 0.3)];
        double[] weights = [2.0, 1.0];
        double[] expected = Reference(columns, weights, 1);
        Aggregation.WeightedRowMean(columns, weights, columns[1], 1, path.ToKernelPath());
        AssertBitIdentical(columns[1], expected, "in place");
    }

    [Test]
    public void BadArgumentsAreRejected()
    {
        double[][] columns = [new double[4], new double[4]];
        using (Assert.EnterMultipleScope())
        {
            Assert.Throws<ArgumentException>(() => Aggregation.WeightedRowMean(columns, [1.0], new double[4]));
            Assert.Throws<ArgumentException>(() => Aggregation.WeightedRowMean(columns, [1.0, 1.0], new double[3]));
            Assert.Throws<ArgumentOutOfRangeException>(() => Aggregation.WeightedRowMean(columns, [1.0, 0.0], new double[4]));
            Assert.Throws<ArgumentOutOfRangeException>(() => Aggregation.WeightedRowMean(columns, [1.0, double.PositiveInfinity], new double[4]));
            Assert.Throws<ArgumentOutOfRangeException>(() => Aggregation.WeightedRowMean(columns, [1.0, double.NaN], new double[4]));
            Assert.Throws<ArgumentOutOfRangeException>(() => Aggregation.WeightedRowMean(columns, [1.0, 1.0], new double[4], 0));
        }
    }
}
