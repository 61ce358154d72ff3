namespace Harness.Runtime.Placement;

/// <summary>Places new activations on a silo chosen at random (the default).</summary>
public sealed class RandomPlacement : PlacementStrategy
{
    /// <summary>Gets the shared instance.</summary>
    public static RandomPlacement Instance { get; } = new();
}
