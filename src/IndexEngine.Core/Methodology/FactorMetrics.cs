using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;

namespace IndexEngine.Core.Methodology;

/// <summary>METHODOLOGY §4: gathers the values of every configured metric for the members of U, as known at S (§11).</summary>
public static class FactorMetrics
{
    /// <summary>
    /// Each metric a factor names is a technical metric (vol, mom_12_1, mom_6_1, corr_market) or a column of
    /// metrics.csv; a name that is neither is a config error listing what exists.
    /// </summary>
    public static Dictionary<string, double[]> Collect(
        ScreeningView history, IReadOnlyList<int> members, IReadOnlyDictionary<string, double[]> technical, IReadOnlyList<FactorDefinition> factors)
    {
        var values = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var factor in factors)
            foreach (var metric in factor.Metrics)
            {
                if (technical.TryGetValue(metric.Name, out var computed))
                    values[metric.Name] = computed;
                else if (history.TryGetMetricColumn(metric.Name, out int column))
                    values[metric.Name] = members.Select(i => history.Metric(i, column)).ToArray();
                else
                    throw new ConfigException($"factors.{factor.Name}",
                        $"metric '{metric.Name}' is neither a computed metric ({string.Join(", ", TechnicalMetrics.Names)}) nor a column of metrics.csv ({string.Join(", ", history.MetricNames)})");
            }
        return values;
    }
}
