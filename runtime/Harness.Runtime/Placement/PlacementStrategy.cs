namespace Harness.Runtime.Placement;

/// <summary>A placement policy. Subclass it (with a matching <see cref="PlacementAttribute"/> and director) for custom placement.</summary>
public abstract class PlacementStrategy
{
}
