using Harness.GrainInterfaces.Chains;

namespace Harness.GrainInterfaces.Devices;

/// <summary>A lease a device granted.</summary>
public sealed record LeaseGrant
{
    /// <summary>Gets the lease id, for renewal and release.</summary>
    public required string LeaseId { get; init; }

    /// <summary>Gets the holder named in the request.</summary>
    public required string HolderId { get; init; }

    /// <summary>Gets the VRAM leased, in MiB.</summary>
    public required long VramMb { get; init; }

    /// <summary>Gets the QoS class of the lease.</summary>
    public required QosClass Qos { get; init; }

    /// <summary>Gets the time slice the lease lasts between renewals.</summary>
    public required TimeSpan TimeSlice { get; init; }

    /// <summary>Gets when the lease was granted.</summary>
    public required DateTimeOffset GrantedAt { get; init; }

    /// <summary>Gets when the lease expires unless renewed.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Gets the model whose weights the lease holds resident, or null.</summary>
    public string? Model { get; init; }

    /// <summary>Gets a value indicating whether the model's weights were already resident when granted (a warm start).</summary>
    public bool ModelWasResident { get; init; }
}
