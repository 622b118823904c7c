using System.Text.Json;
using SweepCluster.Coordinator.Sweeps.Runtime;

namespace SweepCluster.Coordinator.Tests.Sweeps.Runtime;

public sealed class TrialSpecFactoryTests
{
    [Fact]
    public void Merge_DottedAndPlainNames_OverrideAndNest()
    {
        var settings = JsonSerializer.SerializeToElement(new { task = "classify", lr = 0.1, model = new { d_model = 32, heads = 2 } });
        var merged = TrialSpecFactory.Merge(settings, new Dictionary<string, JsonElement>
        {
            ["lr"] = JsonSerializer.SerializeToElement(0.01),
            ["model.d_model"] = JsonSerializer.SerializeToElement(64),
        });
        Assert.Equal(0.01, merged.GetProperty("lr").GetDouble());
        Assert.Equal(64, merged.GetProperty("model").GetProperty("d_model").GetInt32());
        Assert.Equal(2, merged.GetProperty("model").GetProperty("heads").GetInt32());
        Assert.Equal("classify", merged.GetProperty("task").GetString());
    }

    [Fact]
    public void TrialSeed_SameInputs_StableAndKeyDependent()
    {
        Assert.Equal(TrialIds.TrialSeed(1, "a"), TrialIds.TrialSeed(1, "a"));
        Assert.NotEqual(TrialIds.TrialSeed(1, "a"), TrialIds.TrialSeed(1, "b"));
        Assert.NotEqual(TrialIds.TrialSeed(1, "a"), TrialIds.TrialSeed(2, "a"));
        Assert.True(TrialIds.TrialSeed(5, "x") >= 0);
    }

    [Fact]
    public void NewSweepId_OddName_UrlSafeAndTrialIdRoundTrips()
    {
        var id = TrialIds.NewSweepId("PA2 encoder/v1", DateTimeOffset.UnixEpoch);
        Assert.Matches("^pa2-encoder-v1-[0-9a-f]{8}$", id);
        Assert.Equal(id, TrialIds.SweepOf(TrialIds.TrialId(id, 12)));
        Assert.Equal("lr_0.1_x", TrialIds.SafeFileName("lr/0.1:x"));
    }
}
