using Harness.Runtime.Hosting;
using Harness.Runtime.Placement;

namespace Harness.Runtime.Membership;

/// <summary>One silo's row in the membership table.</summary>
/// <param name="Silo">The silo's address; its generation is its fencing epoch (a restart is a new silo).</param>
/// <param name="SiloName">The configured name, for operators.</param>
/// <param name="Status">Joining, Active, ShuttingDown or Dead.</param>
/// <param name="StartedAt">When the silo joined.</param>
/// <param name="HeartbeatAge">Time since its last heartbeat, measured by the table's own clock (no clock skew between silos).</param>
/// <param name="Capabilities">What it advertised with its last heartbeat (devices, free memory, load).</param>
public sealed record MembershipEntry(
    SiloAddress Silo,
    string SiloName,
    SiloStatus Status,
    DateTimeOffset StartedAt,
    TimeSpan HeartbeatAge,
    SiloCapabilities Capabilities);
