using Harness.Runtime.Tests.Infrastructure;
using Harness.TestGrains;
using Xunit;

namespace Harness.Runtime.Tests.Cluster;

public sealed class ClusterRoutingTests
{
    [Fact]
    public async Task CallsFromEverySilo_ReachTheOneActivation_AcrossThreeSilos()
    {
        await using var cluster = await TestCluster.StartAsync(3);

        var hosts = new HashSet<string>();
        for (var key = 0; key < 30; key++)
        {
            var name = "g" + key;
            var seen = new HashSet<string>();
            for (var silo = 0; silo < 3; silo++)
            {
                seen.Add(await cluster.GrainFactory(silo).GetGrain<IWhereGrain>(name).Silo());
            }

            Assert.Single(seen);
            Assert.Equal(1, cluster.Probe.Count("where-activations:" + name));
            hosts.Add(seen.Single());
        }

        // Random placement over three silos spreads thirty grains over more than one silo.
        Assert.True(hosts.Count > 1, "every grain landed on one silo");
    }

    [Fact]
    public async Task GrainToGrainCalls_CrossSilos()
    {
        await using var cluster = await TestCluster.StartAsync(3);

        for (var i = 0; i < 10; i++)
        {
            var direct = await cluster.GrainFactory(0).GetGrain<IWhereGrain>("callee" + i).Silo();
            var viaGrain = await cluster.GrainFactory(1).GetGrain<IWhereGrain>("caller" + i).SiloOf("callee" + i);
            Assert.Equal(direct, viaGrain);
        }
    }

    [Fact]
    public async Task ConcurrentFirstCalls_FromDifferentSilos_CreateOneActivation()
    {
        await using var cluster = await TestCluster.StartAsync(3);

        for (var round = 0; round < 10; round++)
        {
            var name = "race" + round;
            var calls = Enumerable.Range(0, 60).Select(i => cluster.GrainFactory(i % 3).GetGrain<IWhereGrain>(name).Silo()).ToArray();
            var silos = await Task.WhenAll(calls);

            Assert.Single(silos.Distinct());
            Assert.Equal(1, cluster.Probe.Count("where-activations:" + name));
        }
    }

    [Fact]
    public async Task ActivationCountPlacement_SpreadsActivationsOverSilos()
    {
        await using var cluster = await TestCluster.StartAsync(3);

        var silos = new List<string>();
        for (var key = 0; key < 60; key++)
        {
            silos.Add(await cluster.GrainFactory(0).GetGrain<ILoadPlacedGrain>(key).Silo());
        }

        Assert.Equal(3, silos.Distinct().Count());
    }

    [Fact]
    public async Task ClientThroughOneGateway_ReachesGrainsOnEverySilo()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var port = cluster.Silos[0].Status.Address.Port;
        await using var client = await TestClients.ConnectAsync(port);

        var seen = new HashSet<string>();
        for (var key = 0; key < 30; key++)
        {
            var viaClient = await client.GetGrain<IWhereGrain>("client" + key).Silo();
            Assert.Equal(viaClient, await cluster.GrainFactory(2).GetGrain<IWhereGrain>("client" + key).Silo());
            seen.Add(viaClient);
        }

        Assert.True(seen.Count > 1);
    }
}
