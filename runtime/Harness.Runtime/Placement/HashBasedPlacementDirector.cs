namespace Harness.Runtime.Placement;

/// <summary>Picks a compatible silo by a stable hash of the grain id over the silos ordered by address.</summary>
internal sealed class HashBasedPlacementDirector : IPlacementDirector
{
    public ValueTask<SiloAddress> OnAddActivationAsync(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context, CancellationToken cancellationToken)
    {
        var silos = PlacementGuard.RequireSilos(context, target);
        var ordered = silos.Select(s => s.Address).Order(SiloAddressComparer.Instance).ToArray();

        return new(ordered[(int)(target.GrainId.GetStableHash() % (uint)ordered.Length)]);
    }
}
