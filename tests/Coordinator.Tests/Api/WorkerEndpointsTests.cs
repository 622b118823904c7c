using System.Net;
using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Api;

public sealed class WorkerEndpointsTests
{
    private static readonly WireJsonContext Wire = WireJsonContext.Default;

    private static LeaseRequest Lease(double wait = 0) => new() { Protocol = ProtocolVersion.Current, FreeSlots = 2, WaitSeconds = wait };

    [Fact]
    public async Task Register_Valid_ReturnsWorkerIdAndTimings()
    {
        await using var f = await ApiFixture.StartAsync();
        var req = new RegisterWorkerRequest
        {
            Protocol = 1, Name = "gpu-a", Slots = 4, CpuThreads = 2, Version = "1",
            Gpus = [new GpuDescriptor(0, "A100", 40960)],
        };
        using var res = await f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, "workers", req, Wire.RegisterWorkerRequest));
        var body = (await res.Content.ReadFromJsonAsync(Wire.RegisterWorkerResponse))!;
        Assert.Equal("w-gpu-a", body.WorkerId);
        Assert.Equal(5, body.HeartbeatIntervalSeconds);
        Assert.Equal(60, body.LeaseTtlSeconds);
        var info = Assert.Single(f.Broker.Registered);
        Assert.Equal(new GpuInfo(0, "A100", 40960), Assert.Single(info.Gpus));
        Assert.Equal(4, info.Slots);
    }

    [Theory]
    [InlineData(0, "w", "$.slots")]
    [InlineData(1, "", "$.name")]
    [InlineData(1000, "w", "$.slots")]
    public async Task Register_InvalidField_Returns400NamingIt(int slots, string name, string field)
    {
        await using var f = await ApiFixture.StartAsync();
        var req = new RegisterWorkerRequest { Protocol = 1, Name = name, Slots = slots };
        using var res = await f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, "workers", req, Wire.RegisterWorkerRequest));
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal(field, (await ApiFixture.ProblemAsync(res)).Field);
        Assert.Empty(f.Broker.Registered);
    }

    [Fact]
    public async Task Lease_NoWork_Returns204()
    {
        await using var f = await ApiFixture.StartAsync();
        var id = await f.RegisterAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, $"workers/{id}/lease", Lease(), Wire.LeaseRequest));
        Assert.Equal(HttpStatusCode.NoContent, res.StatusCode);
    }

    [Fact]
    public async Task Lease_UnknownWorker_Returns404NamingId()
    {
        await using var f = await ApiFixture.StartAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, "workers/nobody/lease", Lease(), Wire.LeaseRequest));
        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
        Assert.Equal("id", (await ApiFixture.ProblemAsync(res)).Field);
    }

    [Fact]
    public async Task Lease_WaitOver30Seconds_Returns400NamingWait()
    {
        await using var f = await ApiFixture.StartAsync();
        var id = await f.RegisterAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, $"workers/{id}/lease", Lease(31), Wire.LeaseRequest));
        Assert.Equal("$.waitSeconds", (await ApiFixture.ProblemAsync(res)).Field);
    }

    [Fact]
    public async Task Lease_WorkArrivesDuringPoll_ReturnsAssignment()
    {
        await using var f = await ApiFixture.StartAsync();
        var id = await f.RegisterAsync();
        var poll = f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, $"workers/{id}/lease", Lease(30), Wire.LeaseRequest));
        await f.Broker.PollWaiting.Task;
        f.Broker.Offer(ApiFixture.Grant("t1", "ckpt/t1", attempt: 2, token: 11));
        using var res = await poll;
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var a = Assert.Single((await res.Content.ReadFromJsonAsync(Wire.LeaseResponse))!.Assignments);
        Assert.Equal(("t1", 2, 11L), (a.TrialId, a.Attempt, a.FencingToken));
        Assert.Null(a.ResumeUrl);
    }

    [Fact]
    public async Task Lease_ClientGivesUp_BrokerWaitIsCancelled()
    {
        await using var f = await ApiFixture.StartAsync();
        var id = await f.RegisterAsync();
        using var cts = new CancellationTokenSource();
        var poll = f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, $"workers/{id}/lease", Lease(30), Wire.LeaseRequest), cts.Token);
        await f.Broker.PollWaiting.Task;
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll);
        await f.Broker.PollCancelled.Task;
    }

    [Fact]
    public async Task Lease_ResumableTrial_PointsAtLastCheckpointDownload()
    {
        await using var f = await ApiFixture.StartAsync();
        var id = await f.RegisterAsync();
        var dir = Directory.CreateTempSubdirectory("sweep-api-").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "last"));
        f.Broker.Offer(ApiFixture.Grant("t1", dir, attempt: 2, resumeFrom: Path.Combine(dir, "last")));
        using var res = await f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, $"workers/{id}/lease", Lease(), Wire.LeaseRequest));
        var a = Assert.Single((await res.Content.ReadFromJsonAsync(Wire.LeaseResponse))!.Assignments);
        Assert.Equal("trials/t1/checkpoints/last", a.ResumeUrl);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task Heartbeat_BrokerSaysStop_ListsAttemptsToStop()
    {
        await using var f = await ApiFixture.StartAsync();
        var id = await f.RegisterAsync();
        f.Broker.StopOnHeartbeat = [new TrialRef("t2", 1, 4)];
        var req = new HeartbeatRequest { Protocol = 1, Running = [new AttemptRef("t1", 1, 3), new AttemptRef("t2", 1, 4)] };
        using var res = await f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, $"workers/{id}/heartbeat", req, Wire.HeartbeatRequest));
        var body = (await res.Content.ReadFromJsonAsync(Wire.HeartbeatResponse))!;
        Assert.Equal(new AttemptRef("t2", 1, 4), Assert.Single(body.Stop));
    }

    [Fact]
    public async Task Heartbeat_BadAttempt_Returns400NamingTheEntry()
    {
        await using var f = await ApiFixture.StartAsync();
        var id = await f.RegisterAsync();
        var req = new HeartbeatRequest { Protocol = 1, Running = [new AttemptRef("t1", 1, 3), new AttemptRef("t2", 0, 4)] };
        using var res = await f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, $"workers/{id}/heartbeat", req, Wire.HeartbeatRequest));
        Assert.Equal("$.running[1]", (await ApiFixture.ProblemAsync(res)).Field);
    }
}
