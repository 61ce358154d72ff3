using Harness.Runtime.Hosting;
using Harness.Runtime.Streams.Durable;
using Harness.Runtime.Tests.Infrastructure;
using Harness.TestGrains;
using Xunit;
using static Harness.Runtime.Tests.Streams.Durable.DurableStreamTestKit;

namespace Harness.Runtime.Tests.Streams.Durable;

/// <summary>Durable streams across an in-process cluster whose silos share one <see cref="InMemoryDurableStreamStore"/>.</summary>
public sealed class DurableStreamClusterTests
{
    [Fact]
    public async Task DurableStream_DeliversEveryEventInOrder_ToAConsumerThatMovedToAnotherSilo()
    {
        var store = new InMemoryDurableStreamStore();
        await using var cluster = await TestCluster.StartAsync(2, silo => silo.AddDurableStreams(ProviderName, store, FastOptions));
        var probe = cluster.Probe;
        var (host, other) = await LocateAsync(cluster, "moving");
        probe.Increment("durable:moving:hold:30");

        // Published through the other silo: every wake crosses to the consumer's silo over the network.
        var stream = Stream(other, "moving");
        for (var i = 1; i <= 100; i++)
        {
            await stream.OnNextAsync(i);
        }

        // Stop the consumer's silo while it processes item 30: it finishes the item, deactivates, and hands its
        // leases over; the remaining silo's sweeper finds the consumer behind and wakes it there.
        await probe.WhenSignaled("durable:moving:held:30");
        var stopping = host.StopAsync();
        probe.Open("durable:moving:release:30");
        await stopping;

        await probe.WhenSignaled("durable:moving:received:100");
        var consumer = other.GrainFactory.GetGrain<IDurableConsumerGrain>("moving");
        Assert.Equal(other.Status.SiloName, await consumer.Silo());
        var received = await consumer.Received();
        Assert.Equal(Enumerable.Range(1, 100), Collapse(received));
        Assert.All(received.GroupBy(i => i).Where(g => g.Count() > 1), g => Assert.Equal(30, g.Key));
        Assert.Contains($"durable:moving:30@{host.Status.SiloName}", probe.Log);
        Assert.Contains($"durable:moving:100@{other.Status.SiloName}", probe.Log);
    }

    [Fact]
    public async Task DurableStream_ResumesOnAnotherSilo_AfterTheConsumersSiloCrashed()
    {
        var store = new InMemoryDurableStreamStore();
        await using var cluster = await TestCluster.StartAsync(2, silo => silo.AddDurableStreams(ProviderName, store, FastOptions));
        var probe = cluster.Probe;
        var (host, other) = await LocateAsync(cluster, "crash");
        probe.Increment("durable:crash:hold:30");

        var stream = Stream(other, "crash");
        for (var i = 1; i <= 60; i++)
        {
            await stream.OnNextAsync(i);
        }

        // The consumer's silo dies while item 30 is in flight (it never finishes there): no deactivation, no lease
        // released. Its leases lapse, the survivor sweeps its partitions and reactivates the consumer.
        await probe.WhenSignaled("durable:crash:held:30");
        await host.CrashAsync();

        await probe.WhenSignaled("durable:crash:received:60");
        var consumer = other.GrainFactory.GetGrain<IDurableConsumerGrain>("crash");
        Assert.Equal(other.Status.SiloName, await consumer.Silo());
        Assert.Equal(Enumerable.Range(1, 60), await consumer.Received());
    }

    /// <summary>Activates the consumer of <paramref name="key"/> and returns its silo and the other one.</summary>
    private static async Task<(TestSilo Host, TestSilo Other)> LocateAsync(TestCluster cluster, string key)
    {
        var name = await cluster.GrainFactory(0).GetGrain<IDurableConsumerGrain>(key).Silo();
        var host = cluster.Silos.Single(s => s.Status.SiloName == name);
        return (host, cluster.Silos.Single(s => s != host));
    }
}
