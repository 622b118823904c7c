namespace SweepCluster.GpuWorker;

internal static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine($"SweepCluster GpuWorker (not yet implemented): {string.Join(' ', args)}");
        return 0;
    }
}
