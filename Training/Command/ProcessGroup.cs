using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace SweepCluster.Training.Command;

/// <summary>
/// Signals whole process groups (Linux/Unix). Programs are started through <c>setsid</c>, so the program's pid is the id
/// of a new group holding it and everything it spawns. Groups still alive when this process exits are killed.
/// </summary>
internal static partial class ProcessGroup
{
    /// <summary>SIGKILL.</summary>
    public const int SigKill = 9;

    /// <summary>SIGTERM.</summary>
    public const int SigTerm = 15;

    private const int Esrch = 3;
    private static readonly ConcurrentDictionary<int, byte> Live = new();

    static ProcessGroup()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var group in Live.Keys)
                Signal(group, SigKill);
        };
    }

    /// <summary>Remembers a group to kill if this process exits while it runs.</summary>
    public static void Track(int group) => Live[group] = 0;

    /// <summary>Forgets a group that is gone.</summary>
    public static void Untrack(int group) => Live.TryRemove(group, out _);

    /// <summary>Sends <paramref name="signal"/> to every process of the group; false when the group no longer exists.</summary>
    public static bool Signal(int group, int signal)
    {
        if (OperatingSystem.IsWindows())
            return false;
        return Kill(-group, signal) == 0;
    }

    /// <summary>Whether any process of the group still exists.</summary>
    public static bool Exists(int group)
    {
        if (OperatingSystem.IsWindows())
            return false;
        return Kill(-group, 0) == 0 || Marshal.GetLastPInvokeError() != Esrch;
    }

    /// <summary>Sends <paramref name="signal"/> to one process.</summary>
    public static bool SignalProcess(int pid, int signal) => !OperatingSystem.IsWindows() && Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
