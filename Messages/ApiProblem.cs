namespace SweepCluster.Messages;

/// <summary>An RFC 9457 problem (<c>application/problem+json</c>); <see cref="Field"/> names the input at fault.</summary>
public sealed record ApiProblem
{
    /// <summary>A URI reference identifying the problem type (<c>about:blank</c> when only the status matters).</summary>
    public string Type { get; init; } = "about:blank";

    /// <summary>Short summary of the problem type.</summary>
    public required string Title { get; init; }

    /// <summary>The HTTP status code.</summary>
    public int Status { get; init; }

    /// <summary>What exactly went wrong.</summary>
    public string? Detail { get; init; }

    /// <summary>JSON path, header, route or query parameter at fault (e.g. <c>$.report.step</c>, <c>id</c>).</summary>
    public string? Field { get; init; }
}
