namespace Harness.Runtime.Placement;

/// <summary>Picks any compatible silo uniformly at random.</summary>
internal sealed class RandomPlacementDirector : IPlacementDirector
{
    public ValueTask<SiloAddress> OnAddActivationAsync(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context, CancellationToken cancellationToken)
    {
        var silos = PlacementGuard.RequireSilos(context, target);
        return new(silos[Random.Shared.Next(silos.Count)].Address);
    }
}
