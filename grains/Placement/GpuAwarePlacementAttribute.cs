using Harness.Runtime.Placement;

namespace Harness.Grains.Placement;

/// <summary>Places new activations by the device demand in their key (<see cref="GpuAwarePlacement"/>).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class GpuAwarePlacementAttribute() : PlacementAttribute(GpuAwarePlacement.Instance)
{
}
