using Harness.Runtime.Streams.Durable;
using Harness.Runtime.Tests.Infrastructure;

namespace Harness.Runtime.Tests.Streams.Durable;

/// <summary>The durable stream store contract in memory, leases on a fake clock.</summary>
public sealed class InMemoryDurableStreamStoreTests : DurableStreamStoreContractTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryDurableStreamStore _store;

    public InMemoryDurableStreamStoreTests()
    {
        _store = new InMemoryDurableStreamStore(_time);
    }

    protected override IDurableStreamStore Store => _store;

    protected override Task ElapseAsync(TimeSpan duration)
    {
        _time.Advance(duration);
        return Task.CompletedTask;
    }
}
