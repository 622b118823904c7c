namespace SweepCluster.DispatchBench;

internal static class Program
{
    public static int Main()
    {
        Console.WriteLine("DispatchBench: not yet implemented");
        return 0;
    }
}
