using Harness.Runtime.Activation;
using Microsoft.Extensions.DependencyInjection;

namespace Harness.Runtime.Placement;

/// <summary>Runs the placement director of a grain class's strategy and gives it the silos to choose from.</summary>
internal sealed class PlacementService(SiloRuntime runtime) : IPlacementContext
{
    public SiloAddress LocalSilo => runtime.LocalSilo;

    public IReadOnlyList<SiloInfo> GetCompatibleSilos(PlacementTarget target) => [new SiloInfo(LocalSilo, GetLocalCapabilities())];

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

    /// <summary>Asks the director where the activation goes; this silo is the only one reachable so far.</summary>
    public ValueTask PlaceAsync(GrainClassInfo classInfo, GrainId grainId, CancellationToken cancellationToken)
    {
        var decision = GetDirector(classInfo.Placement).OnAddActivationAsync(classInfo.Placement, new PlacementTarget(grainId, classInfo.GrainClass), this, cancellationToken);
        if (decision.IsCompletedSuccessfully)
        {
            EnsureLocal(decision.Result, grainId);
            return default;
        }

        return AwaitDecisionAsync(decision, grainId);
    }

    private async ValueTask AwaitDecisionAsync(ValueTask<SiloAddress> decision, GrainId grainId) => EnsureLocal(await decision.ConfigureAwait(false), grainId);

    private void EnsureLocal(SiloAddress silo, GrainId grainId)
    {
        if (silo != LocalSilo)
        {
            throw new PlacementException($"Placement chose silo {silo} for grain {grainId}, but it is not a member of this cluster (single silo {LocalSilo}).");
        }
    }
}
