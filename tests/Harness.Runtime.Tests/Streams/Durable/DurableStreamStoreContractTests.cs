using System.Buffers.Binary;
using Harness.Runtime.Streams;
using Harness.Runtime.Streams.Durable;
using Xunit;

namespace Harness.Runtime.Tests.Streams.Durable;

/// <summary>What every <see cref="IDurableStreamStore"/> must do; each store runs these against its own backend.</summary>
public abstract class DurableStreamStoreContractTests
{
    protected const string Provider = "Durable";
    protected static readonly StreamId Stream = new("orders", "o-1");
    protected static readonly GrainId Consumer = new("orderconsumer", "o-1");

    protected abstract IDurableStreamStore Store { get; }

    /// <summary>Lets <paramref name="duration"/> pass on the clock the store's leases expire by.</summary>
    protected abstract Task ElapseAsync(TimeSpan duration);

    /// <summary>A lease duration short enough for <see cref="ElapseAsync"/> to outlast it quickly.</summary>
    protected virtual TimeSpan ShortLease => TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Append_NumbersEachStreamFromOne_WithoutGaps()
    {
        var other = new StreamId("orders", "o-2");
        Assert.Equal(1, await Append(Stream, 10));
        Assert.Equal(2, await Append(Stream, 11));
        Assert.Equal(1, await Append(other, 20));
        Assert.Equal(3, await Append(Stream, 12));
        Assert.Equal(1, await Store.AppendAsync("Other", Stream, Payload(30), [], CancellationToken.None));

        var events = await Store.ReadAsync(Provider, Stream, 0, 100, CancellationToken.None);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
        Assert.Equal([10, 11, 12], events.Select(e => Item(e.Payload)));
        Assert.Equal([20], (await Store.ReadAsync(Provider, other, 0, 100, CancellationToken.None)).Select(e => Item(e.Payload)));
    }

    [Fact]
    public async Task Append_Concurrent_IsGaplessAndKeepsEachAppendersOrder()
    {
        const int appenders = 8;
        const int each = 25;
        var returned = new long[appenders][];
        await Task.WhenAll(Enumerable.Range(0, appenders).Select(a => Task.Run(async () =>
        {
            returned[a] = new long[each];
            for (var i = 0; i < each; i++)
            {
                returned[a][i] = await Append(Stream, (a * 1000) + i);
            }
        })));

        var events = await ReadAll(Stream);
        Assert.Equal(Enumerable.Range(1, appenders * each).Select(i => (long)i), events.Select(e => e.Sequence));
        for (var a = 0; a < appenders; a++)
        {
            // Each appender's items are stored in its order, under the sequence numbers its appends returned.
            var mine = events.Where(e => Item(e.Payload) / 1000 == a).ToList();
            Assert.Equal(Enumerable.Range(0, each).Select(i => (a * 1000) + i), mine.Select(e => Item(e.Payload)));
            Assert.Equal(returned[a], mine.Select(e => e.Sequence));
        }
    }

    [Fact]
    public async Task Read_ReturnsBatchesAfterTheGivenSequence()
    {
        for (var i = 1; i <= 7; i++)
        {
            await Append(Stream, i);
        }

        Assert.Equal([3, 4, 5], (await Store.ReadAsync(Provider, Stream, 2, 3, CancellationToken.None)).Select(e => Item(e.Payload)));
        Assert.Equal([7], (await Store.ReadAsync(Provider, Stream, 6, 3, CancellationToken.None)).Select(e => Item(e.Payload)));
        Assert.Empty(await Store.ReadAsync(Provider, Stream, 7, 3, CancellationToken.None));
        Assert.Empty(await Store.ReadAsync(Provider, new StreamId("orders", "none"), 0, 3, CancellationToken.None));
    }

    [Fact]
    public async Task Checkpoint_IsCreatedByAdvance_AndNeverMovesBackwards()
    {
        Assert.Null(await Store.GetCheckpointAsync(Provider, Stream, Consumer, CancellationToken.None));

        await Store.AdvanceCheckpointAsync(Provider, Stream, Consumer, 0, CancellationToken.None);
        Assert.Equal(0, await Store.GetCheckpointAsync(Provider, Stream, Consumer, CancellationToken.None));

        await Store.AdvanceCheckpointAsync(Provider, Stream, Consumer, 5, CancellationToken.None);
        await Store.AdvanceCheckpointAsync(Provider, Stream, Consumer, 3, CancellationToken.None);
        Assert.Equal(5, await Store.GetCheckpointAsync(Provider, Stream, Consumer, CancellationToken.None));

        await Task.WhenAll(Enumerable.Range(1, 20).Select(i => Task.Run(() => Store.AdvanceCheckpointAsync(Provider, Stream, Consumer, i, CancellationToken.None))));
        Assert.Equal(20, await Store.GetCheckpointAsync(Provider, Stream, Consumer, CancellationToken.None));
        Assert.Null(await Store.GetCheckpointAsync(Provider, Stream, new GrainId("orderconsumer", "other"), CancellationToken.None));
    }

    [Fact]
    public async Task FirstAppend_RegistersConsumersAtZero_LaterAppendsDoNot()
    {
        var late = new GrainId("audit", "o-1");
        await Store.AppendAsync(Provider, Stream, Payload(1), [Consumer], CancellationToken.None);
        await Store.AppendAsync(Provider, Stream, Payload(2), [Consumer, late], CancellationToken.None);

        Assert.Equal(0, await Store.GetCheckpointAsync(Provider, Stream, Consumer, CancellationToken.None));
        Assert.Null(await Store.GetCheckpointAsync(Provider, Stream, late, CancellationToken.None));
    }

    [Fact]
    public async Task FindLagging_ReturnsConsumersBehindTheirStream_InTheGivenPartitions()
    {
        const int partitions = 4;
        var streams = Enumerable.Range(0, 12).Select(i => new StreamId("orders", "s" + i)).ToArray();
        foreach (var stream in streams)
        {
            await Store.AppendAsync(Provider, stream, Payload(1), [new GrainId("orderconsumer", stream.Key)], CancellationToken.None);
            await Store.AppendAsync(Provider, stream, Payload(2), [], CancellationToken.None);
        }

        // s0 caught up, s1 half way, the rest untouched.
        await Store.AdvanceCheckpointAsync(Provider, streams[0], new GrainId("orderconsumer", "s0"), 2, CancellationToken.None);
        await Store.AdvanceCheckpointAsync(Provider, streams[1], new GrainId("orderconsumer", "s1"), 1, CancellationToken.None);

        var all = await Store.FindLaggingAsync(Provider, partitions, [0, 1, 2, 3], 100, CancellationToken.None);
        Assert.Equal(streams.Skip(1).Select(s => s.Key).Order(), all.Select(c => c.StreamId.Key).Order());
        Assert.All(all, c => Assert.Equal(new GrainId("orderconsumer", c.StreamId.Key), c.Consumer));

        var some = await Store.FindLaggingAsync(Provider, partitions, [1, 3], 100, CancellationToken.None);
        Assert.Equal(
            streams.Skip(1).Where(s => DurableStreamPartitions.Of(s, partitions) is 1 or 3).Select(s => s.Key).Order(),
            some.Select(c => c.StreamId.Key).Order());

        Assert.Equal(3, (await Store.FindLaggingAsync(Provider, partitions, [0, 1, 2, 3], 3, CancellationToken.None)).Count);
        Assert.Empty(await Store.FindLaggingAsync("Other", partitions, [0, 1, 2, 3], 100, CancellationToken.None));
    }

    [Fact]
    public async Task Lease_IsExclusive_UntilReleased()
    {
        Assert.True(await Store.TryAcquireLeaseAsync(Provider, 3, "silo-a", TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.True(await Store.TryAcquireLeaseAsync(Provider, 3, "silo-a", TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.False(await Store.TryAcquireLeaseAsync(Provider, 3, "silo-b", TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.False(await Store.RenewLeaseAsync(Provider, 3, "silo-b", TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.True(await Store.TryAcquireLeaseAsync(Provider, 4, "silo-b", TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.True(await Store.TryAcquireLeaseAsync("Other", 3, "silo-b", TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.True(await Store.RenewLeaseAsync(Provider, 3, "silo-a", TimeSpan.FromMinutes(1), CancellationToken.None));

        await Store.ReleaseLeaseAsync(Provider, 3, "silo-b", CancellationToken.None);
        Assert.False(await Store.TryAcquireLeaseAsync(Provider, 3, "silo-b", TimeSpan.FromMinutes(1), CancellationToken.None));

        await Store.ReleaseLeaseAsync(Provider, 3, "silo-a", CancellationToken.None);
        Assert.False(await Store.RenewLeaseAsync(Provider, 3, "silo-a", TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.True(await Store.TryAcquireLeaseAsync(Provider, 3, "silo-b", TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task Lease_OfADeadOwner_Lapses_AndTransfers()
    {
        Assert.True(await Store.TryAcquireLeaseAsync(Provider, 0, "silo-a", ShortLease, CancellationToken.None));
        Assert.True(await Store.TryAcquireLeaseAsync(Provider, 1, "silo-a", ShortLease, CancellationToken.None));
        Assert.False(await Store.TryAcquireLeaseAsync(Provider, 0, "silo-b", ShortLease, CancellationToken.None));

        // silo-a keeps partition 1 alive; partition 0 lapses.
        await ElapseAsync(ShortLease / 2);
        Assert.True(await Store.RenewLeaseAsync(Provider, 1, "silo-a", ShortLease * 4, CancellationToken.None));
        await ElapseAsync(ShortLease);

        Assert.True(await Store.TryAcquireLeaseAsync(Provider, 0, "silo-b", ShortLease * 4, CancellationToken.None));
        Assert.False(await Store.TryAcquireLeaseAsync(Provider, 1, "silo-b", ShortLease * 4, CancellationToken.None));
        Assert.False(await Store.RenewLeaseAsync(Provider, 0, "silo-a", ShortLease, CancellationToken.None));
        Assert.False(await Store.TryAcquireLeaseAsync(Provider, 0, "silo-a", ShortLease, CancellationToken.None));
    }

    protected static ReadOnlyMemory<byte> Payload(int item)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, item);
        return bytes;
    }

    protected static int Item(ReadOnlyMemory<byte> payload) => BinaryPrimitives.ReadInt32LittleEndian(payload.Span);

    private Task<long> Append(StreamId stream, int item) => Store.AppendAsync(Provider, stream, Payload(item), [], CancellationToken.None);

    private async Task<List<DurableStreamEvent>> ReadAll(StreamId stream)
    {
        var all = new List<DurableStreamEvent>();
        while (true)
        {
            var batch = await Store.ReadAsync(Provider, stream, all.Count == 0 ? 0 : all[^1].Sequence, 64, CancellationToken.None);
            if (batch.Count == 0)
            {
                return all;
            }

            all.AddRange(batch);
        }
    }
}
