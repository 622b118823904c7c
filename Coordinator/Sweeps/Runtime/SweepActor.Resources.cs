using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Messages;
using SweepCluster.Training.Resources;

namespace SweepCluster.Coordinator.Sweeps.Runtime;

/// <summary>Which pending trials fit a worker's free capacity (slots, GPUs, threads) when leasing.</summary>
internal sealed partial class SweepActor
{
    private readonly Dictionary<int, ResourceRequest> _needs = [];
    private readonly Dictionary<int, string> _engines = [];
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
            if (!capacity.Runs(EngineOf(index)))
            {
                continue; // e.g. an engine = torch trial for a worker without LibTorch: another worker takes it
            }

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

    /// <summary>
    /// The engine a trial needs from its worker: <c>cpu</c>, <c>torch</c> (<c>engine = torch</c>) or <c>cuda</c> (the torch
    /// engine on <c>device = cuda</c> / <c>cuda:N</c>; <c>auto</c> falls back to the CPU and needs no GPU).
    /// </summary>
    private string EngineOf(int index)
    {
        if (!_engines.TryGetValue(index, out var engine))
        {
            var settings = TrialSpecFactory.Merge(_def.Trial, _points[index].Parameters);
            var name = settings.TryGetProperty("engine", out var e) && e.ValueKind == System.Text.Json.JsonValueKind.String ? e.GetString() : null;
            var device = settings.TryGetProperty("device", out var d) && d.ValueKind == System.Text.Json.JsonValueKind.String ? d.GetString() : null;
            engine = name != WorkerEngines.Torch ? WorkerEngines.Cpu
                : device is not null && device.StartsWith("cuda", StringComparison.Ordinal) ? WorkerEngines.Cuda : WorkerEngines.Torch;
            _engines[index] = engine;
        }

        return engine;
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
