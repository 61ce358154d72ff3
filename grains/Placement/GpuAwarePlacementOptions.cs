namespace Harness.Grains.Placement;

/// <summary>GPU-aware placement settings (configuration section <c>Harness:Placement:GpuAware</c>).</summary>
public sealed class GpuAwarePlacementOptions
{
    /// <summary>The configuration section.</summary>
    public const string ConfigurationSectionName = "Harness:Placement:GpuAware";

    /// <summary>The number of membership heartbeat periods a reservation lasts when <see cref="ReservationWindow"/> is not set.</summary>
    public const int DefaultReservationHeartbeats = 2;

    /// <summary>
    /// Gets or sets how long the director counts memory it placed against a device before the device's own
    /// advertisement (carried by membership heartbeats) can be trusted to include it. Decisions made within one
    /// heartbeat would otherwise all read the same free memory and pile onto the same device.
    /// </summary>
    /// <value>The default (null) is <see cref="DefaultReservationHeartbeats"/> heartbeat periods (<c>Harness:Cluster:HeartbeatPeriod</c>).</value>
    public TimeSpan? ReservationWindow { get; set; }
}
