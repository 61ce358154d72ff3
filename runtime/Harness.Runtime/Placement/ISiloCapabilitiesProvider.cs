namespace Harness.Runtime.Placement;

/// <summary>Contributes devices to the capabilities a silo advertises (device discovery registers one).</summary>
public interface ISiloCapabilitiesProvider
{
    /// <summary>Gets the devices this provider knows of, as of now.</summary>
    IReadOnlyList<DeviceCapability> GetDevices();
}
