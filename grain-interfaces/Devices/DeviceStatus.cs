namespace Harness.GrainInterfaces.Devices;

/// <summary>A device's leases and queues as its grain reports them.</summary>
public sealed record DeviceStatus
{
    /// <summary>Gets the device.</summary>
    public required DeviceInfo Device { get; init; }

    /// <summary>Gets the device's VRAM in MiB.</summary>
    public required long TotalVramMb { get; init; }

    /// <summary>Gets the VRAM neither leased nor holding resident weights, in MiB.</summary>
    public required long FreeVramMb { get; init; }

    /// <summary>Gets the models whose weights are resident, most recently used first.</summary>
    public IReadOnlyList<ResidentModel> ResidentModels { get; init; } = [];

    /// <summary>Gets the active leases, oldest first.</summary>
    public required IReadOnlyList<LeaseGrant> Leases { get; init; }

    /// <summary>Gets the leases signalled to give up their memory for a higher class that have not released it yet.</summary>
    public IReadOnlyList<string> PreemptingLeases { get; init; } = [];

    /// <summary>Gets the number of queued <c>realtime</c> requests.</summary>
    public required int RealtimeQueued { get; init; }

    /// <summary>Gets the number of queued <c>standard</c> requests.</summary>
    public required int StandardQueued { get; init; }

    /// <summary>Gets the number of queued <c>background</c> requests.</summary>
    public required int BackgroundQueued { get; init; }
}
