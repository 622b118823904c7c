namespace SweepCluster.Coordinator.Tests;

/// <summary>Locates <c>../shared</c> (the folder beside the repository root) or <c>SWEEP_SHARED_DIR</c>.</summary>
internal static class SharedData
{
    private static readonly Lazy<string?> Dir = new(Locate);

    /// <summary>The shared folder, or null when it is absent.</summary>
    public static string? Root => Dir.Value;

    /// <summary>The repository root (the folder holding SweepCluster.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SweepCluster.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("SweepCluster.sln not found above the test binaries");
        }
    }

    private static string? Locate()
    {
        var env = Environment.GetEnvironmentVariable("SWEEP_SHARED_DIR");
        if (!string.IsNullOrEmpty(env))
        {
            return Directory.Exists(env) ? env : null;
        }

        var shared = Path.Combine(RepoRoot, "..", "shared");
        return Directory.Exists(shared) ? Path.GetFullPath(shared) : null;
    }
}

/// <summary>A fact that is skipped, with the reason, when <c>../shared</c> is absent.</summary>
internal sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute()
    {
        if (SharedData.Root is null)
        {
            Skip = "../shared is absent (set SWEEP_SHARED_DIR or place the shared folder beside the checkout)";
        }
    }
}
