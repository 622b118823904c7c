using System.Runtime.InteropServices;
using System.Text.Json;

namespace SweepCluster.Training.Tests.Golden;

/// <summary>One committed fixture folder (written by scripts/golden/golden.py), read from the test output directory.</summary>
internal sealed class GoldenFixture
{
    private readonly string _dir;

    public GoldenFixture(string name)
    {
        _dir = Path.Combine(AppContext.BaseDirectory, "Golden", "Fixtures", name);
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "expected.json")));
        Loss = expected.RootElement.GetProperty("loss").GetDouble();
        ClipNorm = expected.RootElement.GetProperty("clip_norm").GetDouble();
        ParamsSha256 = expected.RootElement.GetProperty("params_sha256").GetString()!;
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "manifest.json")));
        Tokens = [.. manifest.RootElement.GetProperty("tokens").EnumerateArray().Select(e => e.GetInt32())];
        Targets = [.. manifest.RootElement.GetProperty("targets").EnumerateArray().Select(e => e.GetInt32())];
    }

    public double Loss { get; }

    public double ClipNorm { get; }

    public string ParamsSha256 { get; }

    public int[] Tokens { get; }

    public int[] Targets { get; }

    public float[] Floats(string file) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(_dir, file))).ToArray();
}
