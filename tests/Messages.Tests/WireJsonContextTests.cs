using System.Text.Json;

namespace SweepCluster.Messages.Tests;

public sealed class WireJsonContextTests
{
    private static readonly WireJsonContext Ctx = WireJsonContext.Default;

    private static TrialSpec Spec() => new()
    {
        TrialId = "t-0001",
        Sweep = "demo",
        Attempt = 2,
        Task = "noop",
        Parameters = new Dictionary<string, JsonElement> { ["lr"] = JsonSerializer.SerializeToElement(0.001, Ctx.Double) },
        Settings = JsonDocument.Parse("""{"epochs":3,"lr":0.001}""").RootElement.Clone(),
        Objective = new ObjectiveSpec("val_accuracy", ObjectiveMode.Max),
        CheckpointDir = "runs/demo/t-0001",
        ResumeFrom = "runs/demo/t-0001/last",
        Threads = 2,
        Gpus = [0, 1],
        Seed = 42,
    };

    [Fact]
    public void Serialize_TrialAssignment_RoundTripsEveryField()
    {
        var a = new TrialAssignment
        {
            TrialId = "t-0001",
            Attempt = 2,
            FencingToken = 77,
            Spec = Spec(),
            ResumeUrl = "trials/t-0001/checkpoints/last",
            LeaseExpiresAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        };
        var json = JsonSerializer.Serialize(new LeaseResponse([a]), Ctx.LeaseResponse);
        var back = JsonSerializer.Deserialize(json, Ctx.LeaseResponse)!;
        var b = Assert.Single(back.Assignments);
        Assert.Equal(77, b.FencingToken);
        Assert.Equal(a.ResumeUrl, b.ResumeUrl);
        Assert.Equal(a.LeaseExpiresAt, b.LeaseExpiresAt);
        Assert.Equal("val_accuracy", b.Spec.Objective.Metric);
        Assert.Equal(ObjectiveMode.Max, b.Spec.Objective.Mode);
        Assert.Equal([0, 1], b.Spec.Gpus);
        Assert.Equal(3, b.Spec.Settings.GetProperty("epochs").GetInt32());
        Assert.Equal(0.001, b.Spec.Parameters["lr"].GetDouble());
        Assert.Equal(42, b.Spec.Seed);
        Assert.Equal("runs/demo/t-0001/last", b.Spec.ResumeFrom);
    }

    [Fact]
    public void Serialize_ReportRequest_UsesCamelCaseAndRoundTrips()
    {
        var r = new ReportRequest
        {
            Protocol = ProtocolVersion.Current,
            Attempt = 1,
            FencingToken = 9,
            Report = new MetricReport(100, new Dictionary<string, double> { ["val_loss"] = 1.5 }),
        };
        var json = JsonSerializer.Serialize(r, Ctx.ReportRequest);
        Assert.Contains("\"fencingToken\":9", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize(json, Ctx.ReportRequest)!;
        Assert.Equal(100, back.Report!.Step);
        Assert.Equal(1.5, back.Report.Values["val_loss"]);
        Assert.Equal(ProtocolVersion.Current, back.Protocol);
    }

    [Fact]
    public void Serialize_RegisterWorkerRequest_RoundTripsGpusAndLabels()
    {
        var r = new RegisterWorkerRequest
        {
            Protocol = 1, Name = "w1", Slots = 2, CpuThreads = 4, Version = "1.0",
            Gpus = [new GpuDescriptor(0, "NVIDIA A100", 40960)],
            Labels = new Dictionary<string, string> { ["zone"] = "a" },
        };
        var back = JsonSerializer.Deserialize(JsonSerializer.Serialize(r, Ctx.RegisterWorkerRequest), Ctx.RegisterWorkerRequest)!;
        Assert.Equal(r.Gpus, back.Gpus);
        Assert.Equal("a", back.Labels["zone"]);
        Assert.Equal(4, back.CpuThreads);
    }

    [Fact]
    public void Serialize_DecisionResponse_WritesEnumAsString()
    {
        var json = JsonSerializer.Serialize(new DecisionResponse(WireDecision.Stop, false), Ctx.DecisionResponse);
        Assert.Contains("\"Stop\"", json, StringComparison.Ordinal);
        Assert.Equal(WireDecision.Stop, JsonSerializer.Deserialize(json, Ctx.DecisionResponse)!.Decision);
    }

    [Fact]
    public void Serialize_HeartbeatAndFail_RoundTrip()
    {
        var hb = new HeartbeatRequest { Protocol = 1, Running = [new AttemptRef("t", 3, 5)] };
        Assert.Equal(hb.Running, JsonSerializer.Deserialize(JsonSerializer.Serialize(hb, Ctx.HeartbeatRequest), Ctx.HeartbeatRequest)!.Running);
        var f = new FailRequest { Protocol = 1, Attempt = 1, FencingToken = 2, Error = "boom", LogTail = "x", Interrupted = true };
        Assert.Equal(f, JsonSerializer.Deserialize(JsonSerializer.Serialize(f, Ctx.FailRequest), Ctx.FailRequest));
    }

    [Fact]
    public void Serialize_ProblemWithoutDetail_OmitsNullFields()
    {
        var json = JsonSerializer.Serialize(new ApiProblem { Title = "Unauthorized", Status = 401 }, Ctx.ApiProblem);
        Assert.DoesNotContain("detail", json, StringComparison.Ordinal);
        Assert.Contains("\"status\":401", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_NumberAsString_Throws()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"protocol":"1","freeSlots":1}""", Ctx.LeaseRequest));
    }

    [Fact]
    public void Deserialize_NullForNonNullableString_Throws()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"protocol":1,"error":null}""", Ctx.FailRequest));
    }

    [Fact]
    public void Deserialize_Leaderboard_RoundTripsRows()
    {
        var lb = new LeaderboardPage("s", new ObjectiveSpec("val_loss", ObjectiveMode.Min),
            [new LeaderboardRow { Rank = 1, TrialKey = "k", Status = "completed", BestValue = 0.5, BestStep = 10 }]);
        var back = JsonSerializer.Deserialize(JsonSerializer.Serialize(lb, Ctx.LeaderboardPage), Ctx.LeaderboardPage)!;
        Assert.Equal(0.5, Assert.Single(back.Rows).BestValue);
        Assert.Equal("k", back.Rows[0].TrialKey);
    }
}
