namespace Harness.Runtime.Membership;

/// <summary>
/// A read-only view of the cluster's silos, for operators and APIs: every silo of the membership table as this silo
/// last read it (dead ones included until the table forgets them), or only this silo when it runs without clustering.
/// </summary>
public interface IClusterMembershipView
{
    /// <summary>
    /// Lists the silos. This silo's entry carries its current capabilities (devices, free memory, activation count)
    /// rather than those of its last heartbeat; the others carry what they advertised with their last heartbeat.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The silos, in table order.</returns>
    Task<IReadOnlyList<MembershipEntry>> GetSilosAsync(CancellationToken cancellationToken);
}
