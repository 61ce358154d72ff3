using Harness.Runtime.Postgres.Streams;
using Harness.Runtime.Streams;
using Harness.Runtime.Streams.Durable;
using Harness.Runtime.Tests.Infrastructure;
using Xunit;

namespace Harness.Runtime.Tests.Streams.Durable;

/// <summary>The durable stream store contract on a real PostgreSQL server (leases expire by the server's clock), plus what is particular to it.</summary>
[TestCaseOrderer(PostgresTestCaseOrderer.TypeName, PostgresTestCaseOrderer.AssemblyName)]
public sealed class PostgresDurableStreamStoreTests : DurableStreamStoreContractTests, IDisposable
{
    private readonly PostgresTestSchema _schema = new();
    private readonly PostgresDurableStreamStore _store;

    public PostgresDurableStreamStoreTests()
    {
        _store = new PostgresDurableStreamStore(_schema.CreateDatabase());
    }

    protected override IDurableStreamStore Store => _store;

    protected override TimeSpan ShortLease => TimeSpan.FromMilliseconds(400);

    public void Dispose() => _schema.Dispose();

    protected override Task ElapseAsync(TimeSpan duration) => Task.Delay(duration + TimeSpan.FromMilliseconds(50));

    [PostgresFact]
    public async Task Append_FromSeveralDatabases_IsGaplessPerStream()
    {
        // Two data sources (two silos) appending to the same stream at once.
        var other = new PostgresDurableStreamStore(_schema.CreateDatabase());
        var stores = new IDurableStreamStore[] { _store, other };
        await Task.WhenAll(Enumerable.Range(0, 10).Select(a => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await stores[a % 2].AppendAsync(Provider, Stream, Payload((a * 1000) + i), [Consumer], CancellationToken.None);
            }
        })));

        var events = await _store.ReadAsync(Provider, Stream, 0, 1000, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(0, await _store.GetCheckpointAsync(Provider, Stream, Consumer, CancellationToken.None));
        Assert.Equal(
            (long)DurableStreamPartitions.Hash(Stream),
            _schema.Scalar("SELECT hash FROM harness_streams WHERE provider = 'Durable' AND namespace = 'orders' AND key = 'o-1'"));
    }

    [PostgresFact]
    public async Task Migration_CreatesTheStreamTables_AtSchemaVersion3OrLater()
    {
        await _store.AppendAsync(Provider, new StreamId("n", "k"), Payload(1), [], CancellationToken.None);

        Assert.True((int)_schema.Scalar("SELECT MAX(version) FROM harness_schema")! >= 3);
        Assert.Equal(1L, _schema.Scalar("SELECT COUNT(*) FROM harness_stream_events"));
    }
}
