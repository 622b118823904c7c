namespace SweepCluster.Training.Torch;

/// <summary>Compile-time facts of this build.</summary>
internal static class TorchBuild
{
#if TORCH_CUDA
    /// <summary>The LibTorch backend referenced: cuda (built with -p:TorchBackend=cuda).</summary>
    public const string Backend = "cuda";
#else
    /// <summary>The LibTorch backend referenced: cpu (the default build).</summary>
    public const string Backend = "cpu";
#endif
}
