using System.Diagnostics;

namespace SweepCluster.Training.Tests.Command;

/// <summary>Finds the repository, <c>../shared</c> and a python3 that can <c>import torch</c>.</summary>
internal static class PyTorchEnvironment
{
    private static readonly Lazy<string?> Interpreter = new(FindInterpreter);

    /// <summary>The folder holding SweepCluster.sln, or null.</summary>
    public static string? RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SweepCluster.sln")))
                    return dir.FullName;
            }

            return null;
        }
    }

    /// <summary>The PA2 speeches folder (SWEEP_SHARED_DIR overrides ../shared), or null when absent.</summary>
    public static string? SpeechesDir
    {
        get
        {
            var shared = Environment.GetEnvironmentVariable("SWEEP_SHARED_DIR")
                ?? (RepoRoot is { } root ? Path.Combine(root, "..", "shared") : null);
            var dir = shared is null ? null : Path.GetFullPath(Path.Combine(shared, "data", "pa2-speeches"));
            return dir is not null && File.Exists(Path.Combine(dir, "train_CLS.tsv")) ? dir : null;
        }
    }

    /// <summary>A python that imports torch, or null.</summary>
    public static string? Python => Interpreter.Value;

    /// <summary>Why a PyTorch test cannot run here, or null when it can.</summary>
    public static string? Missing =>
        !OperatingSystem.IsLinux() ? "needs Linux (process groups)"
        : RepoRoot is null ? "SweepCluster.sln not found above the test binaries"
        : SpeechesDir is null ? "../shared/data/pa2-speeches not found (set SWEEP_SHARED_DIR)"
        : Python is null ? "no python3 that can 'import torch' (apt-get install python3-torch)"
        : null;

    private static string? FindInterpreter()
    {
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("SWEEP_PYTHON"), "/usr/bin/python3", "python3" })
        {
            if (string.IsNullOrEmpty(candidate))
                continue;
            try
            {
                using var process = Process.Start(new ProcessStartInfo(candidate, ["-c", "import torch"])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                })!;
                process.StandardOutput.ReadToEnd();
                process.StandardError.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode == 0)
                    return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }

        return null;
    }
}

/// <summary>A fact that runs the PyTorch example; skipped with the reason when torch or the data is absent.</summary>
internal sealed class PyTorchFactAttribute : FactAttribute
{
    public PyTorchFactAttribute()
    {
        if (PyTorchEnvironment.Missing is { } reason)
            Skip = reason;
    }
}
