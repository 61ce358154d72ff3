using Harness.GrainInterfaces.Devices;
using Harness.Runtime.Placement;

namespace Harness.Grains.Placement;

/// <summary>Picks the compatible silo whose address the grain key (<c>&lt;silo address&gt;/&lt;device id&gt;</c>) names.</summary>
internal sealed class SiloBoundPlacementDirector : IPlacementDirector
{
    public ValueTask<SiloAddress> OnAddActivationAsync(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = target.GrainId.Key;
        if (!DeviceGrainKeys.TryParse(key, out var owner, out _))
        {
            throw new PlacementException(
                $"Grain {target.GrainId} ({target.GrainClass.Name}) uses silo-bound placement, but its key '{key}' is not '<silo address>/<device id>' (see DeviceGrainKeys.For).");
        }

        var silos = context.GetCompatibleSilos(target);
        for (var i = 0; i < silos.Count; i++)
        {
            if (string.Equals(silos[i].Address.ToString(), owner, StringComparison.Ordinal))
            {
                return new(silos[i].Address);
            }
        }

        throw new PlacementException($"Device grain {key} belongs to silo {owner}, which is not an active member of this cluster.");
    }
}
