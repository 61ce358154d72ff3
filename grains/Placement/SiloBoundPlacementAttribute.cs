using Harness.Runtime.Placement;

namespace Harness.Grains.Placement;

/// <summary>Places new activations on the silo named in their key (<see cref="SiloBoundPlacement"/>).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class SiloBoundPlacementAttribute() : PlacementAttribute(SiloBoundPlacement.Instance)
{
}
