using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Api;

/// <summary>Every field of every JSON request, removed or null in turn: never a 500, problems name the field (issue 19, item 4).</summary>
public sealed class BodyFieldsTests : IDisposable
{
    private static readonly WireJsonContext Wire = WireJsonContext.Default;
    private readonly ScratchDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static MetricReport Metrics() => new(10, new Dictionary<string, double> { ["val_loss"] = 0.5 });

    /// <summary>Each request type with every field set: its path (worker id W) and body.</summary>
    private static IEnumerable<(string Path, string Body, string Token)> Requests() =>
    [
        ("workers", JsonSerializer.Serialize(new RegisterWorkerRequest
        {
            Protocol = ProtocolVersion.Current, Name = "w2", Slots = 1, CpuThreads = 2, Version = "v",
            Gpus = [new GpuDescriptor(0, "A100", 40960)], Labels = new Dictionary<string, string> { ["zone"] = "a" },
        }, Wire.RegisterWorkerRequest), ApiFixture.WorkerToken),
        ("workers/W/lease", JsonSerializer.Serialize(new LeaseRequest
        {
            Protocol = ProtocolVersion.Current, FreeSlots = 1, FreeGpus = 0, FreeCpuThreads = 1, CpuThreads = 1, WaitSeconds = 0,
        }, Wire.LeaseRequest), ApiFixture.WorkerToken),
        ("workers/W/heartbeat", JsonSerializer.Serialize(new HeartbeatRequest
        {
            Protocol = ProtocolVersion.Current, Running = [new AttemptRef("t1", 1, 7)],
        }, Wire.HeartbeatRequest), ApiFixture.WorkerToken),
        ("trials/t1/reports", JsonSerializer.Serialize(new ReportRequest
        {
            Protocol = ProtocolVersion.Current, Attempt = 1, FencingToken = 7, Report = Metrics(),
        }, Wire.ReportRequest), ApiFixture.WorkerToken),
        ("trials/t1/complete", JsonSerializer.Serialize(new CompleteRequest
        {
            Protocol = ProtocolVersion.Current, Attempt = 1, FencingToken = 7, Final = Metrics(), Stopped = true,
        }, Wire.CompleteRequest), ApiFixture.WorkerToken),
        ("trials/t1/fail", JsonSerializer.Serialize(new FailRequest
        {
            Protocol = ProtocolVersion.Current, Attempt = 1, FencingToken = 7, Error = "boom", LogTail = "tail", Interrupted = true,
        }, Wire.FailRequest), ApiFixture.WorkerToken),
        ("sweeps", JsonSerializer.Serialize(new SubmitSweepRequest
        {
            Protocol = ProtocolVersion.Current, Sweep = "sweep { name = x }", Source = "x.hocon",
        }, Wire.SubmitSweepRequest), ApiFixture.AdminToken),
    ];

    /// <summary>Paths of the object members in <paramref name="node"/> (into objects and the first element of lists).</summary>
    private static List<string> Members(JsonNode node, string prefix)
    {
        var paths = new List<string>();
        if (node is JsonObject obj)
        {
            foreach (var (name, value) in obj)
            {
                paths.Add($"{prefix}.{name}");
                if (value is not null)
                {
                    paths.AddRange(Members(value, $"{prefix}.{name}"));
                }
            }
        }
        else if (node is JsonArray { Count: > 0 } list && list[0] is { } first)
        {
            paths.AddRange(Members(first, prefix + "[0]"));
        }

        return paths;
    }

    private static JsonNode Edit(string body, string path, bool remove)
    {
        var root = JsonNode.Parse(body)!;
        var parts = path.TrimStart('$', '.').Split('.');
        JsonNode parent = root;
        foreach (var part in parts[..^1])
        {
            parent = part.EndsWith("[0]", StringComparison.Ordinal) ? parent[part[..^3]]![0]! : parent[part]!;
        }

        var last = parts[^1];
        if (remove)
        {
            ((JsonObject)parent).Remove(last);
        }
        else
        {
            parent[last] = null;
        }

        return root;
    }

    private async Task<(HttpStatusCode Status, ApiProblem? Problem)> SendAsync(string path, string body, string token)
    {
        await using var f = await ApiFixture.LeasedAsync(_dir.Path);
        var id = await f.RegisterAsync("w9");
        f.Broker.Offer(ApiFixture.Grant("t2", _dir.Path)); // a lease (whose wait defaults to 30 s) is answered at once
        using var res = await f.Client.SendAsync(ApiFixture.Raw(HttpMethod.Post, path.Replace("W", id, StringComparison.Ordinal), body, "application/json", token));
        return ((int)res.StatusCode >= 400 ? (res.StatusCode, await ApiFixture.ProblemAsync(res)) : (res.StatusCode, null));
    }

    [Fact]
    public async Task Post_EachFieldRemovedOrNull_NeverServerErrorAndProblemsNameAField()
    {
        var failures = new List<string>();
        foreach (var (path, body, token) in Requests())
        {
            foreach (var member in Members(JsonNode.Parse(body)!, "$"))
            {
                foreach (var remove in new[] { true, false })
                {
                    var edited = Edit(body, member, remove).ToJsonString();
                    var (status, problem) = await SendAsync(path, edited, token);
                    if ((int)status >= 500 || (problem is not null && string.IsNullOrEmpty(problem.Field)))
                    {
                        failures.Add($"{path} {(remove ? "without" : "null")} {member}: {(int)status} {problem?.Detail}");
                    }
                }
            }
        }

        Assert.Empty(failures);
    }

    [Theory]
    [InlineData("workers", "gpus")]
    [InlineData("workers", "labels")]
    [InlineData("workers", "version")]
    [InlineData("workers", "cpuThreads")]
    [InlineData("workers/W/heartbeat", "running")]
    [InlineData("workers/W/lease", "waitSeconds")]
    [InlineData("workers/W/lease", "freeGpus")]
    [InlineData("trials/t1/complete", "final")]
    [InlineData("trials/t1/fail", "logTail")]
    public async Task Post_OptionalFieldNull_TakesDefault(string path, string field)
    {
        var (_, body, token) = Requests().First(r => r.Path == path);

        var (status, problem) = await SendAsync(path, Edit(body, "$." + field, remove: false).ToJsonString(), token);

        Assert.True((int)status < 400, $"{(int)status} {problem?.Field}: {problem?.Detail}");
    }

    [Theory]
    [InlineData("trials/t1/reports", "report.values", "$.report.values")]
    [InlineData("trials/t1/reports", "report", "$.report")]
    [InlineData("workers", "name", "$.name")]
    [InlineData("workers", "slots", "$.slots")]
    [InlineData("trials/t1/fail", "error", "$.error")]
    [InlineData("sweeps", "sweep", "$.sweep")]
    [InlineData("workers/W/lease", "protocol", "$.protocol")]
    public async Task Post_RequiredFieldNull_400NamingIt(string path, string member, string field)
    {
        var (_, body, token) = Requests().First(r => r.Path == path);

        var (status, problem) = await SendAsync(path, Edit(body, "$." + member, remove: false).ToJsonString(), token);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, problem!.Field);
    }
}
