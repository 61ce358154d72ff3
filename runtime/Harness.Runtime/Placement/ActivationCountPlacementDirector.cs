namespace Harness.Runtime.Placement;

/// <summary>
/// Picks the less loaded of two random compatible silos ("power of two choices"), by advertised activation
/// count. Comparing two random silos rather than taking the global minimum keeps silos that read the same
/// slightly stale counts from all piling onto one silo at once.
/// </summary>
internal sealed class ActivationCountPlacementDirector : IPlacementDirector
{
    public ValueTask<SiloAddress> OnAddActivationAsync(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context, CancellationToken cancellationToken)
    {
        var silos = PlacementGuard.RequireSilos(context, target);
        if (silos.Count == 1)
        {
            return new(silos[0].Address);
        }

        var first = Random.Shared.Next(silos.Count);
        var second = Random.Shared.Next(silos.Count - 1);
        if (second >= first)
        {
            second++;
        }

        var a = silos[first];
        var b = silos[second];
        return new(b.Capabilities.ActivationCount < a.Capabilities.ActivationCount ? b.Address : a.Address);
    }
}
