using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using SweepCluster.Coordinator.Storage;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// Projects the sweep journal into the read model: every event in journal order (Akka.Persistence.Query <c>AllEvents</c>
/// from the stored offset), grouped into batches, each batch's rows and its last ordering written in ONE transaction
/// (<see cref="ISweepStore.ProjectAsync"/>), so after any crash it resumes right after what it stored: exactly once. A
/// failing batch (database away) restarts the stream from the stored offset with backoff.
/// </summary>
internal sealed class ReadModelProjection : IAsyncDisposable
{
    private readonly UniqueKillSwitch _kill;
    private readonly Task _done;
    private readonly Lock _gate = new();
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _offset;

    private ReadModelProjection(UniqueKillSwitch kill, Task done)
    {
        _kill = kill;
        _done = done;
    }

    /// <summary>The journal ordering up to which the read model is written.</summary>
    public long Offset => Interlocked.Read(ref _offset);

    /// <summary>Starts projecting <paramref name="system"/>'s journal into <paramref name="store"/>.</summary>
    public static async Task<ReadModelProjection> StartAsync(ActorSystem system, ISweepStore store, CancellationToken ct, int batch = 2000)
    {
        var journal = await ReadJournalAsync(system, ct);
        var source = RestartSource.OnFailuresWithBackoff(
            () => Source.FromTask(store.GetProjectionOffsetAsync(CancellationToken.None))
                .ConcatMany(from => journal.AllEvents(Akka.Persistence.Query.Offset.Sequence(from)))
                .GroupedWithin(batch, TimeSpan.FromMilliseconds(20))
                .SelectAsync(1, async events =>
                {
                    var changes = events.Select(e => e.Event).OfType<StateChange>().ToList();
                    var last = ((Sequence)events.Last().Offset).Value;
                    await store.ProjectAsync(changes, last, CancellationToken.None);
                    return last;
                }),
            RestartSettings.Create(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), 0.2));
        ReadModelProjection? projection = null;
        var (kill, done) = source
            .ViaMaterialized(KillSwitches.Single<long>(), Keep.Right)
            .ToMaterialized(Sink.ForEach<long>(o => projection!.Advance(o)), Keep.Both)
            .Run(system.Materializer());
        projection = new ReadModelProjection(kill, done);
        _ = store.GetProjectionOffsetAsync(CancellationToken.None).ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                projection.Advance(t.Result);
            }
        }, TaskScheduler.Default);
        return projection;
    }

    /// <summary>
    /// The SQL read journal. Its constructor waits (5 s at most) for the write journal to create its tables; on a loaded
    /// machine or a slow database that can time out, so it is tried again for up to a minute.
    /// </summary>
    private static async Task<SqlReadJournal> ReadJournalAsync(ActorSystem system, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
            }
            catch (Exception e) when (attempt < 12 && e is AggregateException or AskTimeoutException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    /// <summary>Returns once the read model holds every event up to journal ordering <paramref name="ordering"/>.</summary>
    public async Task ReachedAsync(long ordering, CancellationToken ct)
    {
        while (true)
        {
            Task next;
            lock (_gate)
            {
                if (Offset >= ordering)
                {
                    return;
                }

                next = _advanced.Task;
            }

            await next.WaitAsync(ct);
        }
    }

    private void Advance(long offset)
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            if (offset <= _offset)
            {
                return;
            }

            Interlocked.Exchange(ref _offset, offset);
            done = _advanced;
            _advanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        done.TrySetResult();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _kill.Shutdown();
        try
        {
            await _done.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // the system is stopping anyway
        }
    }
}
