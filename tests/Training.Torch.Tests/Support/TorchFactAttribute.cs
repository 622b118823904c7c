namespace SweepCluster.Training.Torch.Tests.Support;

/// <summary>A fact that needs LibTorch loadable in this process; skipped, naming the cause and the fix, where it is not.</summary>
public sealed class TorchFactAttribute : FactAttribute
{
    public TorchFactAttribute()
    {
        if (TorchProbe.Current.Problem is { } problem)
        {
            Skip = TorchSkip.Reason(problem);
        }
    }
}

/// <summary>A theory that needs LibTorch loadable in this process (see <see cref="TorchFactAttribute"/>).</summary>
public sealed class TorchTheoryAttribute : TheoryAttribute
{
    public TorchTheoryAttribute()
    {
        if (TorchProbe.Current.Problem is { } problem)
        {
            Skip = TorchSkip.Reason(problem);
        }
    }
}

internal static class TorchSkip
{
    public static string Reason(string problem) =>
        $"{problem}. .ci/run runs these tests inside the Debian 13 user space: bash scripts/ci/in-trixie.sh ensure && "
        + "bash scripts/ci/in-trixie.sh test tests/Training.Torch.Tests/bin/Debug/net10.0/Training.Torch.Tests.dll";
}
