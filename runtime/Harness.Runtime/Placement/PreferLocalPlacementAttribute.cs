namespace Harness.Runtime.Placement;

/// <summary>Places new activations on the silo that makes the first call, when it can host them.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class PreferLocalPlacementAttribute() : PlacementAttribute(PreferLocalPlacement.Instance)
{
}
