namespace Harness.Runtime.Placement;

/// <summary>Places new activations on the silo chosen by a stable hash of the grain id.</summary>
public sealed class HashBasedPlacement : PlacementStrategy
{
    /// <summary>Gets the shared instance.</summary>
    public static HashBasedPlacement Instance { get; } = new();
}
