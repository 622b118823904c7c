namespace SweepCluster.Coordinator;

internal static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine($"SweepCluster coordinator (not yet implemented): {string.Join(' ', args)}");
        return 0;
    }
}
