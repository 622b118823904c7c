using System.Text.Json;
using SweepCluster.Coordinator.Sweeps.Planning;

namespace SweepCluster.Coordinator.Tests.Sweeps.Search;

internal static class SearchTestData
{
    public static List<PlannedTrial> Plan(int n) =>
        [.. Enumerable.Range(0, n).Select(i => new PlannedTrial(i, $"k{i}", new Dictionary<string, JsonElement> { ["x"] = JsonSerializer.SerializeToElement(i) }))];
}
