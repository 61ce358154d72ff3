namespace Harness.Runtime.Placement;

/// <summary>Places new activations on a lightly loaded silo (<see cref="ActivationCountPlacement"/>).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ActivationCountPlacementAttribute() : PlacementAttribute(ActivationCountPlacement.Instance)
{
}
