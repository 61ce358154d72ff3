namespace Harness.Runtime.Placement;

/// <summary>Places new activations on a silo chosen at random (the default).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RandomPlacementAttribute() : PlacementAttribute(RandomPlacement.Instance)
{
}
