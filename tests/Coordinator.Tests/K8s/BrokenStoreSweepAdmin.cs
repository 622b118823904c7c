using System.Reflection;
using SweepCluster.Coordinator.Api;

namespace SweepCluster.Coordinator.Tests.K8s;

/// <summary>
/// A sweep runtime whose store cannot be read (every member throws): what the readiness probe must notice. A proxy, so
/// that it follows <see cref="ISweepAdmin"/> as that interface grows (not sealed: DispatchProxy derives from it).
/// </summary>
internal class BrokenStoreSweepAdmin : DispatchProxy
{
    /// <summary>An <see cref="ISweepAdmin"/> whose every call fails like a locked database.</summary>
    public static ISweepAdmin Create() => Create<ISweepAdmin, BrokenStoreSweepAdmin>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        throw new InvalidOperationException("database is locked");
}
