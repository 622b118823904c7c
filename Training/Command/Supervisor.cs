namespace SweepCluster.Training.Command;

/// <summary>
/// The small <c>/bin/sh</c> supervisor every program starts under (itself started through <c>setsid</c>, so it leads the
/// attempt's new process group). Its standard input is a pipe from the worker that the worker never writes: when the
/// worker dies in any way (SIGKILL and OOM included) the kernel closes it, the watcher reads EOF and SIGKILLs the whole
/// group. It starts the program with stdin from /dev/null, waits for it through any trapped signal (the program gets the
/// group's SIGTERM itself; a handler, unlike an ignored signal, is not inherited) and exits with its status.
/// </summary>
internal static class Supervisor
{
    /// <summary>The name the supervisor shows as <c>$0</c> (in <c>ps</c>).</summary>
    public const string Name = "sweep-supervisor";

    /// <summary>The script, run as <c>sh -c Script sweep-supervisor program args...</c>.</summary>
    public const string Script = """
        exec 3<&0
        ( trap '' TERM INT HUP; while read -r _; do :; done <&3; kill -KILL 0 ) &
        watcher=$!
        trap ':' TERM INT HUP
        "$@" </dev/null 3<&- &
        child=$!
        exec 3<&-
        while :; do
          wait "$child"
          code=$?
          kill -0 "$child" 2>/dev/null || break
        done
        kill -KILL "$watcher" 2>/dev/null
        exit "$code"
        """;
}
