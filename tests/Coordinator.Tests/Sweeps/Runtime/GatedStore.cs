using SweepCluster.Coordinator.Storage;

namespace SweepCluster.Coordinator.Tests.Sweeps.Runtime;

/// <summary>
/// A store decorator for group-commit tests: while <see cref="Hold"/> is set, each commit waits in
/// <see cref="ApplyAllAsync"/> until released, and fails instead of writing when <see cref="FailNext"/> is set.
/// </summary>
internal sealed class GatedStore(ISweepStore inner) : SweepStoreDecorator(inner)
{
    private readonly SemaphoreSlim _entered = new(0);
    private readonly SemaphoreSlim _release = new(0);

    /// <summary>Commits wait for <see cref="Release"/>.</summary>
    public bool Hold { get; set; }

    /// <summary>The next commit throws and writes nothing.</summary>
    public bool FailNext { get; set; }

    /// <summary>The number of changes of each commit, in order.</summary>
    public List<int> Commits { get; } = [];

    /// <summary>Waits (bounded) until a held commit has started.</summary>
    public async Task EnteredAsync() => Assert.True(await _entered.WaitAsync(TimeSpan.FromMinutes(1)), "no commit started");

    /// <summary>Lets one held commit proceed.</summary>
    public void Release() => _release.Release();

    public override async Task<IReadOnlyList<bool>> ApplyAllAsync(IReadOnlyList<StateChange> changes, CancellationToken ct)
    {
        if (Hold)
        {
            _entered.Release();
            await _release.WaitAsync(ct);
        }

        if (FailNext)
        {
            FailNext = false;
            throw new IOException("disk full (simulated)");
        }

        Commits.Add(changes.Count);
        return await Inner.ApplyAllAsync(changes, ct);
    }

    public override async Task<bool> ApplyAsync(StateChange change, CancellationToken ct) => (await ApplyAllAsync([change], ct))[0];

    public override ValueTask DisposeAsync()
    {
        _entered.Dispose();
        _release.Dispose();
        return base.DisposeAsync();
    }
}
