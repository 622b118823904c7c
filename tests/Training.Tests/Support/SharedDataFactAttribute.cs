namespace SweepCluster.Training.Tests.Support;

/// <summary>A fact that needs <c>../shared</c> (the folder beside the checkout); skipped with a reason when absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedData.Directory is null)
        {
            Skip = "../shared (or SWEEP_SHARED_DIR) not found beside the checkout";
        }
    }
}

/// <summary>Locates the shared data folder: SWEEP_SHARED_DIR, or ../shared next to the folder holding SweepCluster.sln.</summary>
internal static class SharedData
{
    public static string? Directory { get; } = Find();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Directory!, .. parts]);

    private static string? Find()
    {
        string? env = Environment.GetEnvironmentVariable("SWEEP_SHARED_DIR");
        if (!string.IsNullOrEmpty(env))
        {
            return System.IO.Directory.Exists(env) ? env : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SweepCluster.sln")))
            {
                string shared = System.IO.Path.Combine(dir.FullName, "..", "shared");
                return System.IO.Directory.Exists(shared) ? System.IO.Path.GetFullPath(shared) : null;
            }
        }

        return null;
    }
}
