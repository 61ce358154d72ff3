namespace Harness.Runtime.Placement;

/// <summary>Places new activations on the silo that makes the first call, when it can host them.</summary>
public sealed class PreferLocalPlacement : PlacementStrategy
{
    /// <summary>Gets the shared instance.</summary>
    public static PreferLocalPlacement Instance { get; } = new();
}
