using System.Globalization;

namespace SweepCluster.TrainBench;

/// <summary>Command-line options of the benchmark.</summary>
internal sealed record Options
{
    // Thread counts to measure.
    public IReadOnlyList<int> Threads { get; init; } = [1, 2];

    // Seconds per measured run.
    public double Seconds { get; init; } = 0.3;

    // Runs per figure; the best is printed (the machine is shared and noisy).
    public int Repeats { get; init; } = 3;

    // Shapes to train (tiny, tiny-cls, small, medium).
    public IReadOnlyList<string> Shapes { get; init; } = ["tiny", "tiny-cls", "small", "medium"];

    // Measured training steps per run (warm-up excluded).
    public int Steps { get; init; }

    // Warm-up steps before measuring.
    public int Warmup { get; init; } = 3;

    // Also run PyTorch's torch_train_bench.py and matmul_peak.py beside each figure.
    public bool Torch { get; init; } = true;

    // Also measure the torch engine (TorchSharp; inside the Debian 13 user space where LibTorch does not load).
    public bool TorchSharp { get; init; } = true;

    // Print a per-kernel profile of a 1-thread step after the table.
    public bool Profile { get; init; }

    /// <summary>Parses <c>--name value</c> pairs; prints an error and returns null on bad input.</summary>
    public static Options? Parse(string[] args)
    {
        var o = new Options();
        try
        {
            for (int i = 0; i < args.Length; i += 2)
            {
                if (args[i] is "--no-torch" or "--profile" or "--no-torchsharp")
                {
                    o = args[i] switch
                    {
                        "--profile" => o with { Profile = true },
                        "--no-torchsharp" => o with { TorchSharp = false },
                        _ => o with { Torch = false },
                    };
                    i--;
                    continue;
                }

                string value = i + 1 < args.Length ? args[i + 1] : throw new FormatException($"{args[i]} needs a value");
                o = args[i] switch
                {
                    "--threads" => o with { Threads = value.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() },
                    "--seconds" => o with { Seconds = double.Parse(value, CultureInfo.InvariantCulture) },
                    "--repeats" => o with { Repeats = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--shapes" => o with { Shapes = value.Split(',') },
                    "--steps" => o with { Steps = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--warmup" => o with { Warmup = int.Parse(value, CultureInfo.InvariantCulture) },
                    _ => throw new FormatException($"unknown option {args[i]}"),
                };
            }
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return null;
        }

        return o;
    }
}
