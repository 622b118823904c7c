namespace SweepCluster.TrainBench;

internal static class Program
{
    public static int Main()
    {
        Console.WriteLine("TrainBench: not yet implemented");
        return 0;
    }
}
