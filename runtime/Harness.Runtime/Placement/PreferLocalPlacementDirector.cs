namespace Harness.Runtime.Placement;

/// <summary>Picks the calling silo when compatible, otherwise a random compatible one.</summary>
internal sealed class PreferLocalPlacementDirector : IPlacementDirector
{
    public ValueTask<SiloAddress> OnAddActivationAsync(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context, CancellationToken cancellationToken)
    {
        var silos = PlacementGuard.RequireSilos(context, target);
        foreach (var silo in silos)
        {
            if (silo.Address == context.LocalSilo)
            {
                return new(silo.Address);
            }
        }

        return new(silos[Random.Shared.Next(silos.Count)].Address);
    }
}
