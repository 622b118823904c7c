using System.Text.Json;
using System.Text.Json.Serialization;

namespace SweepCluster.Messages;

/// <summary>The one source-generated JSON context of the wire protocol: camelCase names, enums as camelCase strings.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    AllowTrailingCommas = false,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(TrialSpec))]
[JsonSerializable(typeof(ObjectiveSpec))]
[JsonSerializable(typeof(MetricReport))]
[JsonSerializable(typeof(GpuDescriptor))]
[JsonSerializable(typeof(RegisterWorkerRequest))]
[JsonSerializable(typeof(RegisterWorkerResponse))]
[JsonSerializable(typeof(LeaseRequest))]
[JsonSerializable(typeof(LeaseResponse))]
[JsonSerializable(typeof(TrialAssignment))]
[JsonSerializable(typeof(ReportRequest))]
[JsonSerializable(typeof(DecisionResponse))]
[JsonSerializable(typeof(CompleteRequest))]
[JsonSerializable(typeof(FailRequest))]
[JsonSerializable(typeof(AttemptRef))]
[JsonSerializable(typeof(HeartbeatRequest))]
[JsonSerializable(typeof(HeartbeatResponse))]
[JsonSerializable(typeof(CheckpointReceipt))]
[JsonSerializable(typeof(SubmitSweepRequest))]
[JsonSerializable(typeof(SweepSummary))]
[JsonSerializable(typeof(SweepList))]
[JsonSerializable(typeof(LeaderboardRow))]
[JsonSerializable(typeof(LeaderboardPage))]
[JsonSerializable(typeof(ApiProblem))]
[JsonSerializable(typeof(LogReceipt))]
[JsonSerializable(typeof(TrialLogFile))]
[JsonSerializable(typeof(TrialLogIndex))]
public sealed partial class WireJsonContext : JsonSerializerContext;
