using Harness.Runtime.Placement;

namespace Harness.TestSiloHost;

/// <summary>
/// Places the test grains marked <c>[DeviceAwarePlacement]</c> (the in-process tests record those decisions instead) on
/// any compatible silo, so every test grain class has a director and the silo starts.
/// </summary>
internal sealed class AnySiloPlacementDirector : IPlacementDirector
{
    public ValueTask<SiloAddress> OnAddActivationAsync(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context, CancellationToken cancellationToken)
    {
        var silos = context.GetCompatibleSilos(target);
        if (silos.Count == 0)
        {
            throw new PlacementException($"No active silo can host grain {target.GrainId} ({target.GrainClass.Name}).");
        }

        return new(silos[Random.Shared.Next(silos.Count)].Address);
    }
}
