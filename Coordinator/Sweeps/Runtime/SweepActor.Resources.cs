using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Training.Resources;

namespace SweepCluster.Coordinator.Sweeps.Runtime;

/// <summary>Which pending trials fit a worker's free capacity (slots, GPUs, threads) when leasing.</summary>
internal sealed partial class SweepActor
{
    private readonly Dictionary<int, ResourceRequest> _needs = [];
    private bool? _varyPerTrial;

    /// <summary>Pending trial indices in order that fit <paramref name="capacity"/> together.</summary>
    private List<int> PickPending(LeaseCapacity capacity)
    {
        var picked = new List<int>();
        foreach (var index in _pending)
        {
            if (capacity.Slots < 1)
            {
                break;
            }

            var need = NeedOf(index);
            if (capacity.TryTake(need.GpusPerTrial, need.CpuThreads) is { } rest)
            {
                picked.Add(index);
                capacity = rest;
            }
            else if (!(_varyPerTrial ?? false))
            {
                break; // every trial needs the same: none of the others fits either
            }
        }

        return picked;
    }

    private ResourceRequest NeedOf(int index)
    {
        _varyPerTrial ??= TrialResources.VaryPerTrial(_def);
        if (!_varyPerTrial.Value)
        {
            return new ResourceRequest { GpusPerTrial = _def.GpusPerTrial, CpuThreads = _def.CpuThreads };
        }

        if (!_needs.TryGetValue(index, out var need))
        {
            need = TrialResources.Of(_def, TrialSpecFactory.Merge(_def.Trial, _points[index].Parameters));
            _needs[index] = need;
        }

        return need;
    }
}
