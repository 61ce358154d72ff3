using Harness.GrainInterfaces.Chains;

namespace Harness.GrainInterfaces.Devices;

/// <summary>
/// Published by a device grain on the stream <see cref="PreemptionStreams.Namespace"/>, keyed by the lease holder's
/// grain key, when a higher-class request needs memory a lower-class lease holds: the holder saves its progress and
/// releases the lease.
/// </summary>
public sealed record PreemptionSignal
{
    /// <summary>Gets the device.</summary>
    public required string DeviceId { get; init; }

    /// <summary>Gets the lease to release.</summary>
    public required string LeaseId { get; init; }

    /// <summary>Gets the class of the request that needs the memory.</summary>
    public required QosClass RequestedFor { get; init; }

    /// <summary>Gets when the signal was published.</summary>
    public required DateTimeOffset SignalledAt { get; init; }
}
