namespace Harness.Runtime.Placement;

/// <summary>What a silo advertises for placement decisions.</summary>
public sealed record SiloCapabilities
{
    /// <summary>Gets an empty capability set.</summary>
    public static SiloCapabilities Empty { get; } = new();

    /// <summary>Gets the devices of the silo.</summary>
    public IReadOnlyList<DeviceCapability> Devices { get; init; } = [];

    /// <summary>Gets the number of activations on the silo.</summary>
    public int ActivationCount { get; init; }
}
