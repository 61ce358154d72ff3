using Harness.Runtime;

namespace Harness.GrainInterfaces.Devices;

/// <summary>
/// One device of one silo (keyed <c>&lt;silo address&gt;/&lt;device id&gt;</c>, see <see cref="DeviceGrainKeys"/>),
/// activated on the silo owning it. It grants leases (VRAM for a time slice) from per-class queues: <c>realtime</c>
/// before <c>standard</c> before <c>background</c>, first come first served within a class; it never oversubscribes
/// VRAM; while non-background requests wait, background leases hold at most the configured share of VRAM; a lease not
/// renewed within its time slice expires (its holder is presumed dead) and its VRAM goes to the queue.
/// </summary>
/// <remarks>
/// Invalid requests fail with <see cref="ArgumentException"/> naming the field; unknown or expired leases fail with
/// <see cref="KeyNotFoundException"/>; a request that cannot be granted within its wait timeout fails with
/// <see cref="TimeoutException"/>.
/// </remarks>
public interface IDeviceGrain : IGrainWithStringKey
{
    /// <summary>Reads the device, its free VRAM, leases and queue lengths.</summary>
    /// <returns>The status.</returns>
    Task<DeviceStatus> GetStatus();

    /// <summary>Requests a lease; completes when it is granted (at once when it fits and no earlier request of its class waits).</summary>
    /// <param name="request">The request.</param>
    /// <returns>The grant.</returns>
    [ResponseTimeout("01:00:00")]
    Task<LeaseGrant> RequestLease(LeaseRequest request);

    /// <summary>Extends a lease by its time slice from now.</summary>
    /// <param name="leaseId">The lease.</param>
    /// <returns>The lease with its new expiry.</returns>
    Task<LeaseGrant> RenewLease(string leaseId);

    /// <summary>
    /// Tells the device that <paramref name="model"/>'s weights could not be loaded: it no longer counts them as resident
    /// (at once when no lease uses the model, else when the last one ends), so the memory is not held for nothing and
    /// the next lease of the model loads it again.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <returns>A task that completes when recorded.</returns>
    Task ForgetModel(string model);

    /// <summary>Releases a lease and hands its VRAM to the queue.</summary>
    /// <param name="leaseId">The lease.</param>
    /// <returns>Whether the lease was active (false when it had already expired or been released).</returns>
    Task<bool> ReleaseLease(string leaseId);
}
