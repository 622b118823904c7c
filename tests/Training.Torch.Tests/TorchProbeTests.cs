using SweepCluster.Training.Torch.Tests.Support;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Torch.Tests;

/// <summary>The capability probe and the one-line error of a machine whose libstdc++ is too old.</summary>
public sealed class TorchProbeTests
{
    [Fact]
    public void LibStdCxxProblem_WithoutGlibcxx332_OneLineNamingCauseAndFix()
    {
        using var dir = new TempDir();
        string old = Path.Combine(dir.Path, "libstdc++.so.6");
        File.WriteAllBytes(old, "\0GLIBCXX_3.4.30\0GLIBCXX_3.4.3\0"u8.ToArray());
        string? problem = TorchProbe.LibStdCxxProblem(old);
        Assert.NotNull(problem);
        Assert.DoesNotContain('\n', problem);
        Assert.Contains(old, problem, StringComparison.Ordinal);
        Assert.Contains("GLIBCXX_3.4.32", problem, StringComparison.Ordinal);
        Assert.Contains("scripts/ci/in-trixie.sh", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void LibStdCxxProblem_WithGlibcxx332_Null()
    {
        using var dir = new TempDir();
        string lib = Path.Combine(dir.Path, "libstdc++.so.6");
        File.WriteAllBytes(lib, "\0GLIBCXX_3.4.31\0GLIBCXX_3.4.32\0GLIBCXX_3.4.33\0"u8.ToArray());
        Assert.Null(TorchProbe.LibStdCxxProblem(lib));
    }

    [Fact]
    public void Current_AnyMachine_UsableOrOneLineProblem()
    {
        TorchCapability cap = TorchProbe.Current;
        Assert.Equal(cap.TorchUsable, cap.Problem is null);
        Assert.DoesNotContain('\n', cap.Problem ?? "");
        Assert.Equal("cpu", cap.Backend);
        Assert.False(cap.CudaUsable); // the default build references the CPU LibTorch
    }

    [Fact]
    public void Validate_TorchTrialWhereTorchCannotRun_RefusedWithTheCause()
    {
        var catalog = TrainerCatalog.Create(TransformerModelFactory.Instance, TimeProvider.System, TorchModels.Instance);
        IReadOnlyList<string> errors = catalog.Validate(Settings("\"engine\": \"torch\""));
        if (TorchProbe.Current.Problem is { } problem)
        {
            Assert.Equal($"trial.engine: torch: {problem}", Assert.Single(errors));
        }
        else
        {
            Assert.Empty(errors);
        }
    }

    [Fact]
    public void Validate_CudaDeviceOnCpuBuild_RefusedNamingCuda()
    {
        var catalog = TrainerCatalog.Create(TransformerModelFactory.Instance, TimeProvider.System, TorchModels.Instance);
        string error = Assert.Single(catalog.Validate(Settings("\"engine\": \"torch\", \"device\": \"cuda:0\"")));
        Assert.StartsWith("trial.engine: torch: ", error, StringComparison.Ordinal);
        Assert.Contains(TorchProbe.Current.Problem is null ? "needs CUDA" : "GLIBCXX", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ProjectGraph_Coordinator_DoesNotReachTrainingTorch()
    {
        // the quick start (dotnet run --project Coordinator) must not restore LibTorch
        string root = RepoRoot();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var todo = new Stack<string>([Path.Combine(root, "Coordinator", "Coordinator.csproj")]);
        while (todo.TryPop(out string? project))
        {
            if (!seen.Add(Path.GetFullPath(project)))
            {
                continue;
            }

            string text = File.ReadAllText(project);
            Assert.DoesNotContain("TorchSharp", text, StringComparison.Ordinal);
            Assert.DoesNotContain("libtorch", text, StringComparison.OrdinalIgnoreCase);
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, "ProjectReference Include=\"([^\"]+)\""))
            {
                string reference = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, m.Groups[1].Value.Replace('\\', '/')));
                Assert.NotEqual("Training.Torch.csproj", Path.GetFileName(reference));
                todo.Push(reference);
            }
        }

        Assert.Contains(seen, p => p.EndsWith("Training.csproj", StringComparison.Ordinal));
    }

    private static System.Text.Json.JsonElement Settings(string extra) =>
        System.Text.Json.JsonDocument.Parse($$"""{"task": "synthetic-majority", {{extra}}}""").RootElement.Clone();

    private static string RepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "SweepCluster.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("SweepCluster.sln not found above the test binaries");
    }
}
