using Harness.Runtime.CodeGeneration;
using Harness.Runtime.Hosting;
using Harness.Runtime.Serialization;
using Harness.Runtime.Streams;
using Harness.Runtime.Streams.Durable;
using Harness.Runtime.Tests.Infrastructure;
using Harness.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;
using static Harness.Runtime.Tests.Streams.Durable.DurableStreamTestKit;

namespace Harness.Runtime.Tests.Streams.Durable;

public sealed class DurableStreamTests
{
    [Fact]
    public async Task ImplicitSubscriber_ReceivesEventsFromConcurrentProducers_InTheStoredOrder()
    {
        var store = new InMemoryDurableStreamStore();
        await using var silo = await StartSiloAsync(store);
        var stream = Stream(silo, "ordered");

        // Four producers publishing at once, each awaiting its own publishes in turn.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await stream.OnNextAsync((p * 1000) + i);
            }
        })));

        var stored = await StoredAsync(store, "ordered");
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), stored.Select(e => e.Sequence));
        await silo.Probe.WhenSignaled($"durable:ordered:received:{stored[^1].Item}");
        var received = await silo.GrainFactory.GetGrain<IDurableConsumerGrain>("ordered").Received();

        Assert.Equal(stored.Select(e => e.Item), received);
        for (var p = 0; p < 4; p++)
        {
            Assert.Equal(Enumerable.Range(0, 50).Select(i => (p * 1000) + i), received.Where(item => item / 1000 == p));
        }

        Assert.Equal(200, await store.GetCheckpointAsync(ProviderName, new StreamId(Namespace, "ordered"), new GrainId("durableconsumer", "ordered"), CancellationToken.None));
        Assert.Equal(1, silo.Probe.Count("durable:ordered:activations"));
    }

    [Fact]
    public async Task ConsumerDeactivatedMidStream_ResumesAfterItsCheckpoint_WithoutAGap()
    {
        var store = new InMemoryDurableStreamStore();
        await using var silo = await StartSiloAsync(store);
        var stream = Stream(silo, "resume");
        var consumer = silo.GrainFactory.GetGrain<IDurableConsumerGrain>("resume");
        silo.Probe.Increment("durable:resume:hold:20");

        for (var i = 1; i <= 50; i++)
        {
            await stream.OnNextAsync(i);
        }

        // Deactivate while item 20 is being processed: the deactivation runs right after it.
        await silo.Probe.WhenSignaled("durable:resume:held:20");
        var deactivation = consumer.Deactivate();
        silo.Probe.Open("durable:resume:release:20");
        await deactivation;

        for (var i = 51; i <= 100; i++)
        {
            await stream.OnNextAsync(i);
        }

        await silo.Probe.WhenSignaled("durable:resume:received:100");
        var received = await consumer.Received();
        Assert.Equal(Enumerable.Range(1, 100), Collapse(received));

        // At-least-once: only the item in flight at the deactivation may have come twice.
        Assert.True(received.Length <= 101, $"{received.Length - 100} redeliveries");
        Assert.All(received.GroupBy(i => i).Where(g => g.Count() > 1), g => Assert.Equal(20, g.Key));
        Assert.Equal(2, silo.Probe.Count("durable:resume:activations"));
    }

    [Fact]
    public async Task LostWake_TheSweeperDeliversTheEvent()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryDurableStreamStore(time);
        await using var silo = await StartSiloAsync(store, time);
        var sweeper = silo.Services.GetRequiredKeyedService<DurableStreamSweeper>(ProviderName);
        await WaitUntilAsync(() => sweeper.HeldPartitions.Count == 8, "the sweeper leased every partition");

        await Stream(silo, "lost").OnNextAsync(1);
        await silo.Probe.WhenSignaled("durable:lost:received:1");

        // Stored without a wake (a publisher that died between append and wake).
        Assert.Equal(2, await store.AppendAsync(ProviderName, new StreamId(Namespace, "lost"), Encode(2), [], CancellationToken.None));
        await Task.Delay(100);
        Assert.Equal(0, silo.Probe.Count("durable:lost:attempt:2"));

        await time.AdvanceUntilAsync(silo.Probe.WhenSignaled("durable:lost:received:2"), TimeSpan.FromMilliseconds(100));
        var received = await silo.GrainFactory.GetGrain<IDurableConsumerGrain>("lost").Received();
        Assert.Equal([1, 2], received);
    }

    [Fact]
    public async Task FailingDelivery_IsRetried_AndNothingIsSkipped()
    {
        var store = new InMemoryDurableStreamStore();
        await using var silo = await StartSiloAsync(store);
        silo.Probe.Increment("durable:flaky:fail:3");
        silo.Probe.Increment("durable:flaky:fail:3");
        var stream = Stream(silo, "flaky");

        for (var i = 1; i <= 5; i++)
        {
            await stream.OnNextAsync(i);
        }

        await silo.Probe.WhenSignaled("durable:flaky:received:5");
        var received = await silo.GrainFactory.GetGrain<IDurableConsumerGrain>("flaky").Received();
        Assert.Equal([1, 2, 3, 4, 5], received);
        Assert.Equal(3, silo.Probe.Count("durable:flaky:attempt:3"));
        Assert.Equal(1, silo.Probe.Count("durable:flaky:attempt:4"));
    }

    [Fact]
    public async Task GracefulShutdown_HandsTheLeasesToAnotherSilo()
    {
        var store = new InMemoryDurableStreamStore();
        await using var first = await StartSiloAsync(store);
        var firstSweeper = first.Services.GetRequiredKeyedService<DurableStreamSweeper>(ProviderName);
        await WaitUntilAsync(() => firstSweeper.HeldPartitions.Count == 8, "the first silo leased every partition");
        await using var second = await StartSiloAsync(store);
        var secondSweeper = second.Services.GetRequiredKeyedService<DurableStreamSweeper>(ProviderName);
        await Task.Delay(300);
        Assert.Empty(secondSweeper.HeldPartitions);

        await first.StopAsync();

        // Released at once (not left to lapse after the 1 s lease), and taken at the second silo's next poll.
        await WaitUntilAsync(() => secondSweeper.HeldPartitions.Count == 8, "the second silo took every partition");
        Assert.All(Enumerable.Range(0, 8), p => Assert.Equal(secondSweeper.Owner, store.GetLeaseOwner(ProviderName, p)));
    }

    [Fact]
    public async Task ExplicitSubscribe_IsNotSupported_AndTheMessageNamesTheProvider()
    {
        await using var silo = await StartSiloAsync(new InMemoryDurableStreamStore());

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => Stream(silo, "x").SubscribeAsync(new NullObserver()));

        Assert.Contains("'Durable'", error.Message);
        Assert.Contains("ImplicitStreamSubscription", error.Message);
    }

    [Fact]
    public async Task InvalidOptions_StopTheStart_NamingTheSetting()
    {
        using var host = TestSilo.Build(silo => silo.AddDurableStreams(ProviderName, new InMemoryDurableStreamStore(), o =>
        {
            o.PollPeriod = TimeSpan.FromSeconds(10);
            o.LeaseDuration = TimeSpan.FromSeconds(15);
            o.Partitions = 0;
        }));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Harness:Streams:Durable:LeaseDuration", error.Message);
        Assert.Contains("Harness:Streams:Durable:Partitions", error.Message);
        Assert.Contains("'Durable'", error.Message);
    }

    [Fact]
    public async Task Wake_IsRegisteredByItsWireId_AndRoundTripsItsArguments()
    {
        await using var silo = await StartSiloAsync(new InMemoryDurableStreamStore());
        var runtime = silo.Services.GetRequiredService<SiloRuntime>();
        var wake = DurableStreamWakeRequest.Rent(ProviderName, new StreamId(Namespace, "k/1"), new GrainId("durableconsumer", "k/1"));
        var received = runtime.GrainTypes.RentRequest(DurableStreamWakeRequest.WakeMethodId);

        var copy = Assert.IsType<DurableStreamWakeRequest>(received);
        Assert.Equal(DurableStreamWakeRequest.WakeMethodId, CodeGeneration.MethodIdTests.Fnv1a(DurableStreamWakeRequest.Signature));
        using var writer = new MessageWriter();
        wake.WriteArguments(writer);
        copy.ReadArguments(new MessageReader(writer.WrittenMemory));

        Assert.Equal([ProviderName, Namespace, "k/1"], Enumerable.Range(0, copy.ArgumentCount).Select(copy.GetArgument));
        Assert.True(copy.IsAlwaysInterleave);
        foreach (var request in new Request[] { wake, wake, copy, copy })
        {
            request.Release();
        }
    }

    private sealed class NullObserver : IAsyncObserver<int>
    {
        public Task OnNextAsync(int item, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
