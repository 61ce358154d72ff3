namespace Harness.Runtime.Placement;

/// <summary>Places new activations on the silo chosen by a stable hash of the grain id.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class HashBasedPlacementAttribute() : PlacementAttribute(HashBasedPlacement.Instance)
{
}
