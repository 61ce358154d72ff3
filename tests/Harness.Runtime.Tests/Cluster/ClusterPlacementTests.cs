using Harness.Runtime.Configuration;
using Harness.Runtime.Hosting;
using Harness.Runtime.Placement;
using Harness.Runtime.Tests.Infrastructure;
using Harness.Runtime.Tests.Placement;
using Harness.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Harness.Runtime.Tests.Cluster;

public sealed class ClusterPlacementTests
{
    [Fact]
    public async Task CustomDirector_SeesEveryActiveSilosAdvertisedDevices_AndPlacesAcrossTheCluster()
    {
        await using var cluster = await TestCluster.StartAsync(3, s => s.AddCapabilitiesProvider<GpuBySiloNameProvider>());

        for (var key = 0; key < 10; key++)
        {
            Assert.Equal(key, await cluster.GrainFactory(0).GetGrain<IPlacedGrain>(key).Echo());
        }

        var director = (RecordingPlacementDirector)cluster.Silos[0].Services.GetRequiredKeyedService<IPlacementDirector>(typeof(DeviceAwarePlacement));
        var decision = director.Decisions[^1];
        var freeBySilo = decision.Silos.ToDictionary(s => s.Address, s => Assert.Single(s.Capabilities.Devices).FreeMemoryBytes);
        Assert.Equal(3, freeBySilo.Count);
        Assert.Equal(
            cluster.Silos.Select((s, i) => (s.Status.Address, Free: (i + 1) * 10L << 30)).OrderBy(p => p.Free),
            freeBySilo.Select(p => (p.Key, p.Value)).OrderBy(p => p.Value));

        // The director picks the silo with the most free memory: silo 2, another process as far as silo 0 knows.
        Assert.Equal(10, cluster.Silos[2].Status.ActivationCount);
    }

    /// <summary>Silo "silo-N" advertises one GPU with (N + 1) x 10 GiB free.</summary>
    private sealed class GpuBySiloNameProvider(IOptions<SiloOptions> options) : ISiloCapabilitiesProvider
    {
        public IReadOnlyList<DeviceCapability> GetDevices()
        {
            var free = (options.Value.SiloName[^1] - '0' + 1) * 10L << 30;
            return [new DeviceCapability("gpu0", "gpu", "test", 80L << 30, free, 0, [])];
        }
    }
}
