using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Sweeps.Search;

namespace SweepCluster.SearchBench;

/// <summary>One simulated trial's history.</summary>
internal sealed record SimTrial(string Id, PlannedTrial Point, List<double> Values)
{
    /// <summary>True when the trial ran to max_t (not stopped early).</summary>
    public bool Completed { get; set; }
}

/// <summary>
/// Drives a search method and a scheduler as the sweep runtime would, in simulated time: the search's open-trial limit
/// is the number of workers, each trial reports its curve once per time unit (each unit lasting a seeded random
/// 0.5–1.5 so trials finish out of order), and the scheduler's stops end trials early. Counts the time units trained.
/// </summary>
internal sealed class SweepSimulation(ISearchMethod search, ISweepPolicy scheduler, Func<PlannedTrial, int, double> curve, int maxT, ulong seed)
{
    private readonly SplitMix64 _rng = new(seed);
    private readonly PriorityQueue<string, (double, long)> _events = new();
    private readonly Dictionary<string, (SimTrial Trial, double Speed)> _running = [];
    private long _seq;
    private double _now;

    /// <summary>Every trial, in creation order.</summary>
    public List<SimTrial> Trials { get; } = [];

    /// <summary>Time units trained in all.</summary>
    public long Steps { get; private set; }

    /// <summary>Runs the sweep to its end.</summary>
    public SweepSimulation Run()
    {
        Apply(search.Start());
        while (_events.TryDequeue(out var id, out var at))
        {
            _now = at.Item1;
            var (trial, _) = _running[id];
            var t = trial.Values.Count + 1;
            var value = curve(trial.Point, t);
            trial.Values.Add(value);
            Steps++;
            var report = new MetricReported(id, t, value);
            var stopped = scheduler.Handle(report).OfType<StopTrial>().Any(s => s.TrialId == id);
            search.Handle(report);
            if (stopped || t >= maxT)
            {
                trial.Completed = !stopped;
                _running.Remove(id);
                var exited = new TrialExited(id, stopped ? TrialStatus.Stopped : TrialStatus.Completed);
                scheduler.Handle(exited);
                Apply(search.Handle(exited));
            }
            else
            {
                Schedule(id);
            }
        }

        return this;
    }

    private void Apply(IReadOnlyList<SweepAction> actions)
    {
        foreach (var create in actions.OfType<CreateTrial>())
        {
            var id = $"t{Trials.Count}";
            var trial = new SimTrial(id, create.Point, []);
            Trials.Add(trial);
            _running[id] = (trial, 0.5 + _rng.NextDouble());
            var created = new TrialCreated(id, create.Point);
            search.Handle(created);
            scheduler.Handle(created);
            Schedule(id);
        }
    }

    private void Schedule(string id) => _events.Enqueue(id, (_now + _running[id].Speed, _seq++));
}
