using Harness.Runtime.Hosting;
using Harness.Runtime.Streams;
using Harness.Runtime.Streams.Durable;
using Harness.Runtime.Tests.Infrastructure;
using Harness.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Harness.Runtime.Tests.Streams.Durable.DurableStreamTestKit;

namespace Harness.Runtime.Tests.Streams.Durable;

/// <summary>Durable streams registered with <c>AddPostgresStreams</c>, through a silo.</summary>
public sealed class PostgresDurableStreamSiloTests
{
    [PostgresFact]
    public async Task PostgresStreams_DeliverEveryEventInOrder_AndStoreTheCheckpoint()
    {
        using var schema = new PostgresTestSchema();
        await using var silo = await TestSilo.StartAsync(s => s.AddPostgresStreams(
            ProviderName,
            o =>
            {
                o.ConnectionString = schema.ConnectionString;
                o.StartupRetryDelay = TimeSpan.FromMilliseconds(100);
            },
            FastOptions));
        var stream = Stream(silo, "pg");

        await Task.WhenAll(Enumerable.Range(0, 2).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await stream.OnNextAsync((p * 1000) + i);
            }
        })));

        var store = silo.Services.GetRequiredKeyedService<IDurableStreamStore>(ProviderName);
        var stored = await StoredAsync(store, "pg");
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), stored.Select(e => e.Sequence));
        await silo.Probe.WhenSignaled($"durable:pg:received:{stored[^1].Item}");
        Assert.Equal(stored.Select(e => e.Item), await silo.GrainFactory.GetGrain<IDurableConsumerGrain>("pg").Received());
        await DurableStreamTestKit.WaitUntilAsync(
            () => schema.Scalar("SELECT seq FROM harness_stream_checkpoints WHERE consumer_key = 'pg'") is 50L,
            "the checkpoint reached 50");
        Assert.Equal(8L, schema.Scalar($"SELECT COUNT(*) FROM harness_stream_leases WHERE provider = '{ProviderName}'"));

        await silo.StopAsync();
        Assert.Equal(0L, schema.Scalar("SELECT COUNT(*) FROM harness_stream_leases"));
    }
}
