using System.Globalization;

namespace SweepCluster.DispatchBench;

/// <summary>
/// The share of CPU time the hypervisor took from this VM (the <c>steal</c> column of <c>/proc/stat</c>) between two
/// readings: on a shared host it explains runs that are slower for no reason of ours. Not Linux: unknown.
/// </summary>
internal readonly record struct CpuSteal(long Steal, long Total)
{
    public static CpuSteal Read()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return new CpuSteal(fields.Length > 7 ? fields[7] : 0, fields.Take(8).Sum());
        }
        catch (IOException)
        {
            return new CpuSteal(0, 0);
        }
        catch (UnauthorizedAccessException)
        {
            return new CpuSteal(0, 0);
        }
    }

    /// <summary>"steal=N%" of the machine's CPU time since <paramref name="before"/>.</summary>
    public string Since(CpuSteal before) =>
        Total - before.Total is > 0 and var total
            ? string.Create(CultureInfo.InvariantCulture, $"steal={(Steal - before.Steal) * 100.0 / total:0}%")
            : "steal=n/a";
}
