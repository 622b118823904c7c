namespace SweepCluster.Coordinator.Tests.K8s;

/// <summary>Locates the repository checkout the tests run from.</summary>
internal static class RepoRoot
{
    /// <summary>The folder holding <c>SweepCluster.sln</c>, found by walking up from the test binaries.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SweepCluster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no SweepCluster.sln above {AppContext.BaseDirectory}");
    }
}
