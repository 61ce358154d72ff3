using Harness.Runtime.Placement;

namespace Harness.Grains.Placement;

/// <summary>
/// Places a grain on the silo its key names (device grains, keyed
/// <see cref="Harness.GrainInterfaces.Devices.DeviceGrainKeys"/>), so any silo can call a device of another.
/// </summary>
public sealed class SiloBoundPlacement : PlacementStrategy
{
    /// <summary>Gets the shared instance.</summary>
    public static SiloBoundPlacement Instance { get; } = new();
}
