using Harness.Runtime.Hosting;
using Harness.Runtime.Placement;
using Harness.Runtime.Tests.Infrastructure;
using Harness.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Harness.Runtime.Tests.Placement;

public sealed class PlacementTests
{
    [Fact]
    public async Task CustomDirector_IsAskedOncePerActivation_WithSiloCapabilities()
    {
        await using var silo = await TestSilo.StartAsync(configure: s => s
            .AddPlacementDirector<DeviceAwarePlacement, RecordingPlacementDirector>()
            .AddCapabilitiesProvider<OneGpuProvider>());
        var grain = silo.GrainFactory.GetGrain<IPlacedGrain>(42);

        Assert.Equal(42, await grain.Echo());
        Assert.Equal(42, await grain.Echo());

        var director = (RecordingPlacementDirector)silo.Services.GetRequiredKeyedService<IPlacementDirector>(typeof(DeviceAwarePlacement));
        var decision = Assert.Single(director.Decisions);
        Assert.Equal("placed/42", decision.Target.GrainId.ToString());
        var device = Assert.Single(Assert.Single(decision.Silos).Capabilities.Devices);
        Assert.Equal("gpu", device.Kind);
        Assert.Equal(80L << 30, device.FreeMemoryBytes);
    }

    [Fact]
    public async Task GrainWithUnregisteredStrategy_FailsSiloStart()
    {
        var host = TestSilo.Build();  // the test placement director is not registered
        var error = await Assert.ThrowsAsync<SiloStartupException>(() => host.StartAsync());
        Assert.Contains("Harness.TestGrains.PlacedGrain: no placement director for DeviceAwarePlacement", error.Message);
        host.Dispose();
    }

    private sealed class OneGpuProvider : ISiloCapabilitiesProvider
    {
        public IReadOnlyList<DeviceCapability> GetDevices() => [new DeviceCapability("gpu0", "gpu", "H100", 80L << 30, 80L << 30, 0, [])];
    }
}

public sealed class RecordingPlacementDirector : IPlacementDirector
{
    private readonly List<(PlacementTarget Target, IReadOnlyList<SiloInfo> Silos)> _decisions = [];

    public IReadOnlyList<(PlacementTarget Target, IReadOnlyList<SiloInfo> Silos)> Decisions
    {
        get
        {
            lock (_decisions)
            {
                return [.. _decisions];
            }
        }
    }

    public ValueTask<SiloAddress> OnAddActivationAsync(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context, CancellationToken cancellationToken)
    {
        var silos = context.GetCompatibleSilos(target);
        lock (_decisions)
        {
            _decisions.Add((target, silos));
        }

        return new(silos.OrderByDescending(s => s.Capabilities.Devices.Sum(d => d.FreeMemoryBytes)).First().Address);
    }
}
