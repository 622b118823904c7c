using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Api;

/// <summary>Builders of <c>application/problem+json</c> answers.</summary>
internal static class Problems
{
    public static ProblemResult BadRequest(string field, string detail) => Make(400, "Invalid request", detail, field);

    public static ProblemResult Unauthorized(string detail) => Make(401, "Unauthorized", detail, "Authorization");

    public static ProblemResult Forbidden(string detail) => Make(403, "Forbidden", detail, "Authorization");

    public static ProblemResult NotFound(string field, string detail) => Make(404, "Not found", detail, field);

    public static ProblemResult Conflict(string field, string detail) => Make(409, "Conflict", detail, field);

    public static ProblemResult TooLarge(long limit) => Make(413, "Request body too large", $"the body exceeds {limit} bytes", "body");

    public static ProblemResult Unsupported(string detail) => Make(415, "Unsupported media type", detail, "Content-Type");

    public static ProblemResult Unavailable(string detail) => Make(503, "Service unavailable", detail, null);

    public static ProblemResult Make(int status, string title, string detail, string? field) =>
        new(new ApiProblem { Title = title, Status = status, Detail = detail, Field = field });
}

/// <summary>An <see cref="IResult"/> writing an <see cref="ApiProblem"/> as <c>application/problem+json</c>.</summary>
internal sealed class ProblemResult(ApiProblem problem) : IResult
{
    public ApiProblem Problem { get; } = problem;

    public int Status => Problem.Status;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = Problem.Status;
        return httpContext.Response.WriteAsJsonAsync(Problem, WireJsonContext.Default.ApiProblem, "application/problem+json");
    }
}
