using System.Security.Cryptography;
using System.Text;

namespace SweepCluster.Coordinator.Api;

/// <summary>Bearer-token check of one role: 401 without a valid token, 403 with a valid token of another role.</summary>
internal sealed class TokenFilter(ApiRole role, ApiOptions options) : IEndpointFilter
{
    private readonly byte[]? _worker = Hash(options.WorkerToken);
    private readonly byte[]? _admin = Hash(options.AdminToken);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var problem = Check(context.HttpContext.Request.Headers.Authorization.ToString());
        if (problem is not null)
        {
            if (problem.Status == StatusCodes.Status401Unauthorized)
            {
                context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            }

            return problem;
        }

        return await next(context);
    }

    private ProblemResult? Check(string header)
    {
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? Hash(header[7..].Trim()) : null;
        var isWorker = Matches(presented, _worker);
        var isAdmin = Matches(presented, _admin);
        var ok = role switch
        {
            ApiRole.Anonymous => true,
            ApiRole.Read => !options.ReadRequiresToken || isWorker || isAdmin || (_worker is null && _admin is null),
            ApiRole.Worker => _worker is null || isWorker,
            ApiRole.Admin => _admin is null || isAdmin,
            _ => false,
        };
        if (ok)
        {
            return null;
        }

        return isWorker || isAdmin
            ? Problems.Forbidden($"this endpoint needs the {role.ToString().ToLowerInvariant()} token")
            : Problems.Unauthorized(presented is null ? "missing bearer token" : "invalid bearer token");
    }

    private static byte[]? Hash(string? token) => string.IsNullOrEmpty(token) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static bool Matches(byte[]? presented, byte[]? expected) =>
        presented is not null && expected is not null && CryptographicOperations.FixedTimeEquals(presented, expected);
}
