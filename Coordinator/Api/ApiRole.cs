namespace SweepCluster.Coordinator.Api;

/// <summary>Who may call an endpoint.</summary>
internal enum ApiRole
{
    /// <summary>Anyone (health probes).</summary>
    Anonymous,

    /// <summary>Readers: anyone, or any valid token when <see cref="ApiOptions.ReadRequiresToken"/>.</summary>
    Read,

    /// <summary>Worker agents: the worker token.</summary>
    Worker,

    /// <summary>Administration: the admin token.</summary>
    Admin,
}
