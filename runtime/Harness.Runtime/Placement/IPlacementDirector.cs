namespace Harness.Runtime.Placement;

/// <summary>
/// Chooses the silo for a new activation. One director per <see cref="PlacementStrategy"/> type, registered
/// with <c>AddPlacementDirector&lt;TStrategy, TDirector&gt;()</c>; grain classes pick a strategy with a
/// <see cref="PlacementAttribute"/>.
/// </summary>
public interface IPlacementDirector
{
    /// <summary>Returns the silo that should host the new activation.</summary>
    ValueTask<SiloAddress> OnAddActivationAsync(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context, CancellationToken cancellationToken);
}
