using Harness.Runtime.Streams;
using Harness.Runtime.Tests.Infrastructure;
using Harness.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Harness.Runtime.Tests.Streams;

public sealed class StreamTests
{
    [Fact]
    public async Task ExplicitGrainSubscriber_ReceivesItemsInPublicationOrder_AsTurns()
    {
        await using var silo = await TestSilo.StartAsync();
        var consumer = silo.GrainFactory.GetGrain<IStreamConsumerGrain>("c1");
        await consumer.Subscribe("Default", "orders", "s1");
        var stream = Provider(silo).GetStream<int>(new StreamId("orders", "s1"));

        // Published without awaiting each: the stream itself must keep the order.
        var publishes = Enumerable.Range(1, 200).Select(i => stream.OnNextAsync(i)).ToArray();
        await Task.WhenAll(publishes);

        Assert.Equal(Enumerable.Range(1, 200), await consumer.Received());
    }

    [Fact]
    public async Task ImplicitSubscriber_IsActivatedByItsStreamKey()
    {
        await using var silo = await TestSilo.StartAsync();
        var stream = Provider(silo).GetStream<int>(new StreamId("implicit-ns", "k7"));
        for (var i = 0; i < 20; i++)
        {
            await stream.OnNextAsync(i);
        }

        Assert.Equal(Enumerable.Range(0, 20), await silo.GrainFactory.GetGrain<IImplicitConsumerGrain>("k7").Received());
    }

    [Fact]
    public async Task ExternalSubscriber_Unsubscribe_StopsDelivery()
    {
        await using var silo = await TestSilo.StartAsync();
        var stream = Provider(silo).GetStream<int>(new StreamId("external", "x"));
        var received = new List<int>();
        var handle = await stream.SubscribeAsync(new CollectingObserver(received));

        await stream.OnNextAsync(1);
        await stream.OnNextAsync(2);
        await handle.UnsubscribeAsync();
        await stream.OnNextAsync(3);

        Assert.Equal([1, 2], received);
    }

    [Fact]
    public async Task FailingSubscriber_FailsThePublish()
    {
        await using var silo = await TestSilo.StartAsync();
        var stream = Provider(silo).GetStream<int>(new StreamId("failing", "x"));
        await stream.SubscribeAsync(new ThrowingObserver());

        var error = await Assert.ThrowsAsync<StreamDeliveryException>(() => stream.OnNextAsync(1));
        Assert.Contains("failing/x", error.Message);
    }

    private static IStreamProvider Provider(TestSilo silo) => silo.Services.GetRequiredKeyedService<IStreamProvider>("Default");

    private sealed class CollectingObserver(List<int> received) : IAsyncObserver<int>
    {
        public Task OnNextAsync(int item, CancellationToken cancellationToken)
        {
            received.Add(item);
            return Task.CompletedTask;
        }
    }

    private sealed class ThrowingObserver : IAsyncObserver<int>
    {
        public Task OnNextAsync(int item, CancellationToken cancellationToken) => throw new InvalidOperationException("observer failed");
    }
}
