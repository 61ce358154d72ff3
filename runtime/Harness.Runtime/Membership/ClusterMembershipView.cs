using Harness.Runtime.Hosting;

namespace Harness.Runtime.Membership;

/// <summary>
/// Reads the membership view the silo keeps current (no table read per call); a silo without clustering is a
/// cluster of one whose entry is built from its own state.
/// </summary>
internal sealed class ClusterMembershipView(SiloRuntime runtime, ISiloStatus status) : IClusterMembershipView
{
    public Task<IReadOnlyList<MembershipEntry>> GetSilosAsync(CancellationToken cancellationToken)
    {
        var local = runtime.LocalSilo;
        if (runtime.Cluster is { } cluster)
        {
            IReadOnlyList<MembershipEntry> entries =
            [
                .. cluster.Membership.View.Entries.Select(e => e.Silo == local
                    ? e with { HeartbeatAge = TimeSpan.Zero, Capabilities = runtime.Placement.GetLocalCapabilities() }
                    : e),
            ];
            return Task.FromResult(entries);
        }

        // The generation of a silo address is its start time in Unix milliseconds.
        IReadOnlyList<MembershipEntry> single =
        [
            new MembershipEntry(
                local,
                runtime.SiloOptions.SiloName,
                status.Status,
                DateTimeOffset.FromUnixTimeMilliseconds(local.Generation),
                TimeSpan.Zero,
                runtime.Placement.GetLocalCapabilities()),
        ];
        return Task.FromResult(single);
    }
}
