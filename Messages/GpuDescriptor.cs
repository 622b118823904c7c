namespace SweepCluster.Messages;

/// <summary>One GPU of a worker, as nvidia-smi lists it.</summary>
public sealed record GpuDescriptor(int Index, string Name, long MemoryMiB);
