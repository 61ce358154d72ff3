using Harness.Runtime.Hosting;
using Harness.Runtime.Membership;
using Harness.Runtime.Placement;

namespace Harness.Runtime.Tests.Cluster;

/// <summary>A membership table that can be made unreachable, like a database outage.</summary>
internal sealed class UnavailableMembershipTable(IMembershipTable inner) : IMembershipTable
{
    public volatile bool Unavailable;

    public Task JoinAsync(SiloAddress silo, string siloName, SiloCapabilities capabilities, CancellationToken cancellationToken) =>
        Check() ?? inner.JoinAsync(silo, siloName, capabilities, cancellationToken);

    public Task<bool> UpdateStatusAsync(SiloAddress silo, SiloStatus status, CancellationToken cancellationToken) =>
        Check<bool>() ?? inner.UpdateStatusAsync(silo, status, cancellationToken);

    public Task<bool> HeartbeatAsync(SiloAddress silo, SiloCapabilities capabilities, CancellationToken cancellationToken) =>
        Check<bool>() ?? inner.HeartbeatAsync(silo, capabilities, cancellationToken);

    public Task<bool> DeclareDeadAsync(SiloAddress silo, TimeSpan heartbeatOlderThan, CancellationToken cancellationToken) =>
        Check<bool>() ?? inner.DeclareDeadAsync(silo, heartbeatOlderThan, cancellationToken);

    public Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken) =>
        Check<IReadOnlyList<MembershipEntry>>() ?? inner.ReadAllAsync(cancellationToken);

    public Task<int> CleanupDeadAsync(TimeSpan olderThan, CancellationToken cancellationToken) =>
        Check<int>() ?? inner.CleanupDeadAsync(olderThan, cancellationToken);

    private Task? Check() => Unavailable ? Task.FromException(new IOException("membership table unreachable")) : null;

    private Task<T>? Check<T>() => Unavailable ? Task.FromException<T>(new IOException("membership table unreachable")) : null;
}
