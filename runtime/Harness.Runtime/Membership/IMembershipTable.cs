using Harness.Runtime.Hosting;
using Harness.Runtime.Placement;

namespace Harness.Runtime.Membership;

/// <summary>
/// The cluster's shared list of silos. Every change is a conditional update, so a silo declared
/// <see cref="SiloStatus.Dead"/> stays dead: its own late heartbeats and status changes are refused.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Inserts the silo as <see cref="SiloStatus.Joining"/> with a fresh heartbeat.</summary>
    Task JoinAsync(SiloAddress silo, string siloName, SiloCapabilities capabilities, CancellationToken cancellationToken);

    /// <summary>Sets the silo's status unless it is already dead; returns false when it is (the silo has been fenced).</summary>
    Task<bool> UpdateStatusAsync(SiloAddress silo, SiloStatus status, CancellationToken cancellationToken);

    /// <summary>Refreshes the heartbeat and advertised capabilities unless the silo is dead; returns false when it is.</summary>
    Task<bool> HeartbeatAsync(SiloAddress silo, SiloCapabilities capabilities, CancellationToken cancellationToken);

    /// <summary>
    /// Declares <paramref name="silo"/> dead if it is not already and its heartbeat is older than
    /// <paramref name="heartbeatOlderThan"/> (checked atomically with the update, so a silo that just beat
    /// survives); returns whether this call declared it.
    /// </summary>
    Task<bool> DeclareDeadAsync(SiloAddress silo, TimeSpan heartbeatOlderThan, CancellationToken cancellationToken);

    /// <summary>Reads every row, dead silos included.</summary>
    Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Deletes rows of dead silos whose last heartbeat is older than <paramref name="olderThan"/>.</summary>
    Task<int> CleanupDeadAsync(TimeSpan olderThan, CancellationToken cancellationToken);
}
