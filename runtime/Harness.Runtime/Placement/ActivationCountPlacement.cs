namespace Harness.Runtime.Placement;

/// <summary>Places new activations on a lightly loaded silo: the one with fewer activations of two chosen at random.</summary>
public sealed class ActivationCountPlacement : PlacementStrategy
{
    /// <summary>Gets the shared instance.</summary>
    public static ActivationCountPlacement Instance { get; } = new();
}
