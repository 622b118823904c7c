namespace SweepCluster.Coordinator.Tests.K8s;

/// <summary>A throwaway <c>k8s/</c>-like folder for checking the checkers on broken input.</summary>
internal sealed class TempTree : IDisposable
{
    public TempTree() => Directory.CreateDirectory(Dir);

    /// <summary>The folder.</summary>
    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "sweepcluster-k8s-" + Guid.NewGuid().ToString("N"));

    /// <summary>Writes a file at a path relative to <see cref="Dir"/>.</summary>
    public TempTree With(string rel, string text)
    {
        var path = Path.Combine(Dir, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return this;
    }

    /// <summary>Loads the folder.</summary>
    public ManifestTree Load() => ManifestTree.Load(Dir);

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
