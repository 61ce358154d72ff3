namespace Harness.Runtime.Placement;

/// <summary>Base of attributes that choose a grain class's placement strategy.</summary>
/// <param name="strategy">The strategy.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public abstract class PlacementAttribute(PlacementStrategy strategy) : Attribute
{
    /// <summary>Gets the strategy.</summary>
    public PlacementStrategy PlacementStrategy { get; } = strategy;
}
