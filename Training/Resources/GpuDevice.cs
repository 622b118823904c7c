namespace SweepCluster.Training.Resources;

/// <summary>One GPU of this machine, as <c>nvidia-smi</c> reports it.</summary>
internal sealed record GpuDevice(int Index, string Name, long MemoryMiB);
