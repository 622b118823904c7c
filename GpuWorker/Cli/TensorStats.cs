using System.Text.Json;
using SweepCluster.Training.Checkpoints;

namespace SweepCluster.GpuWorker.Cli;

/// <summary>Per-tensor statistics (shape, float64 sum, first values) that an independent reader can compare against.</summary>
internal static class TensorStats
{
    /// <summary>A JSON object: name → { shape, sum, first }.</summary>
    public static string Json(IReadOnlyList<NamedTensor> tensors)
    {
        var result = new Dictionary<string, object>();
        foreach (NamedTensor t in tensors)
        {
            ReadOnlySpan<float> v = t.View();
            double sum = 0;
            foreach (float x in v)
            {
                sum += x;
            }

            result[t.Name] = new { shape = t.Shape, sum, first = v[..Math.Min(4, v.Length)].ToArray() };
        }

        return JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true });
    }
}
