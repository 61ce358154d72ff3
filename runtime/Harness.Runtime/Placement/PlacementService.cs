using Harness.Runtime.Activation;
using Microsoft.Extensions.DependencyInjection;

namespace Harness.Runtime.Placement;

/// <summary>Runs the placement director of a grain class's strategy and gives it the silos to choose from.</summary>
internal sealed class PlacementService(SiloRuntime runtime) : IPlacementContext
{
    public SiloAddress LocalSilo => runtime.LocalSilo;

    /// <summary>
    /// Gets the silos that may take a new activation: every Active silo in the membership view (this one with its
    /// current capabilities), or only this silo without a cluster. A stopping silo places elsewhere.
    /// </summary>
    public IReadOnlyList<SiloInfo> GetCompatibleSilos(PlacementTarget target)
    {
        if (runtime.Cluster is not { } cluster)
        {
            // A single silo: a stopping one refuses the activation itself, with the reason.
            return [new SiloInfo(LocalSilo, GetLocalCapabilities())];
        }

        var local = runtime.Catalog.IsStopping ? null : new SiloInfo(LocalSilo, GetLocalCapabilities());

        var silos = new List<SiloInfo>(cluster.Membership.View.ActiveSilos.Count + 1);
        foreach (var silo in cluster.Membership.View.ActiveSilos)
        {
            if (silo.Address != LocalSilo)
            {
                silos.Add(silo);
            }
        }

        if (local is not null)
        {
            silos.Add(local);
        }

        return silos;
    }

    public SiloCapabilities GetLocalCapabilities()
    {
        var devices = new List<DeviceCapability>();
        foreach (var provider in runtime.Services.GetServices<ISiloCapabilitiesProvider>())
        {
            devices.AddRange(provider.GetDevices());
        }

        return new SiloCapabilities { Devices = devices, ActivationCount = runtime.Catalog.Count };
    }

    public IPlacementDirector GetDirector(PlacementStrategy strategy) =>
        runtime.Services.GetKeyedService<IPlacementDirector>(strategy.GetType())
        ?? throw new InvalidOperationException(
            $"No placement director is registered for {strategy.GetType().Name}. Register one with AddPlacementDirector<{strategy.GetType().Name}, TDirector>().");

    /// <summary>Asks the director where the activation goes; the answer must be one of the compatible silos.</summary>
    public ValueTask<SiloAddress> PlaceAsync(GrainClassInfo classInfo, GrainId grainId, CancellationToken cancellationToken)
    {
        var target = new PlacementTarget(grainId, classInfo.GrainClass);
        var decision = GetDirector(classInfo.Placement).OnAddActivationAsync(classInfo.Placement, target, this, cancellationToken);
        return decision.IsCompletedSuccessfully ? new(Check(decision.Result, target)) : AwaitDecisionAsync(decision, target);
    }

    private async ValueTask<SiloAddress> AwaitDecisionAsync(ValueTask<SiloAddress> decision, PlacementTarget target) => Check(await decision.ConfigureAwait(false), target);

    private SiloAddress Check(SiloAddress silo, PlacementTarget target)
    {
        var member = silo == LocalSilo
            ? runtime.Cluster is null || !runtime.Catalog.IsStopping
            : runtime.Cluster is { } cluster && cluster.Membership.View.ActiveSilos.Any(s => s.Address == silo);
        if (!member)
        {
            throw new PlacementException($"Placement chose silo {silo} for grain {target.GrainId}, but it is not an active member of this cluster.");
        }

        return silo;
    }
}
