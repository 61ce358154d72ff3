using System.Runtime.Serialization;
using Harness.Runtime.Postgres;
using Harness.Runtime.Storage;
using Harness.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Harness.Runtime.Tests.Storage.Postgres;

/// <summary>The storage contract on a real PostgreSQL server, plus what is particular to it (row ids, updated_at).</summary>
[TestCaseOrderer(PostgresTestCaseOrderer.TypeName, PostgresTestCaseOrderer.AssemblyName)]
public sealed class PostgresGrainStorageTests : GrainStorageContractTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 30, 0, TimeSpan.Zero);

    private readonly PostgresTestSchema _schema = new();
    private readonly ManualTimeProvider _time = new(Now);
    private readonly PostgresGrainStorage _storage;

    public PostgresGrainStorageTests()
    {
        _storage = CreateStorage(_schema.CreateDatabase());
    }

    protected override IGrainStorage Storage => _storage;

    protected override IGrainStorage Reopen() => CreateStorage(_schema.CreateDatabase());

    [PostgresFact]
    public async Task WriteState_StoresUpdatedAtFromTimeProvider()
    {
        await WriteNewAsync(1);

        var updatedAt = (DateTime)_schema.Scalar("SELECT updated_at FROM harness_grain_state;")!;
        Assert.Equal(Now, new DateTimeOffset(updatedAt, TimeSpan.Zero));
    }

    [PostgresFact]
    public async Task ClearState_KeepsRowWithNullPayloadAndNextETag()
    {
        var state = await WriteNewAsync(1);
        _time.Now = Now.AddMinutes(1);

        await Storage.ClearStateAsync(StateName, Grain, state, CancellationToken.None);

        Assert.Equal(1L, _schema.Scalar("SELECT COUNT(*) FROM harness_grain_state WHERE payload IS NULL;"));
        Assert.Equal(0L, _schema.Scalar("SELECT COUNT(*) FROM harness_grain_state WHERE payload IS NOT NULL;"));
        Assert.Equal(2L, _schema.Scalar("SELECT etag FROM harness_grain_state;"));
        var updatedAt = (DateTime)_schema.Scalar("SELECT updated_at FROM harness_grain_state;")!;
        Assert.Equal(Now.AddMinutes(1), new DateTimeOffset(updatedAt, TimeSpan.Zero));
    }

    [PostgresFact]
    public async Task WriteState_StoresPayloadAsUtf8Json()
    {
        await WriteNewAsync(7);

        var payload = (byte[])_schema.Scalar("SELECT payload FROM harness_grain_state;")!;
        Assert.StartsWith("{\"Count\":7", System.Text.Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task WriteState_HandleHolder_KeepsRowIdAndLaterWritesUseIt()
    {
        var state = new HandleState { State = new CounterState { Count = 1 } };
        await Storage.WriteStateAsync(StateName, Grain, state, CancellationToken.None);
        var id = Assert.IsType<long>(state.StorageHandle);
        Assert.Equal(id, _schema.Scalar("SELECT id FROM harness_grain_state;"));

        for (var count = 2; count <= 5; count++)
        {
            state.State.Count = count;
            await Storage.WriteStateAsync(StateName, Grain, state, CancellationToken.None);
        }

        await Storage.ClearStateAsync(StateName, Grain, state, CancellationToken.None);
        state.State.Count = 6;
        await Storage.WriteStateAsync(StateName, Grain, state, CancellationToken.None);

        Assert.Equal("7", state.ETag);
        Assert.Equal(id, state.StorageHandle);
        var read = new HandleState();
        await Reopen().ReadStateAsync(StateName, Grain, read, CancellationToken.None);
        Assert.Equal(6, read.State.Count);
        Assert.Equal("7", read.ETag);
        Assert.Equal(id, read.StorageHandle);
    }

    [PostgresFact]
    public async Task WriteState_StaleWriterAddressingRowById_ThrowsWithStoredETag()
    {
        var first = new HandleState { State = new CounterState { Count = 1 } };
        await Storage.WriteStateAsync(StateName, Grain, first, CancellationToken.None);
        var stale = new HandleState();
        await Reopen().ReadStateAsync(StateName, Grain, stale, CancellationToken.None);
        Assert.NotNull(stale.StorageHandle);
        first.State.Count = 2;
        await Storage.WriteStateAsync(StateName, Grain, first, CancellationToken.None);

        stale.State.Count = 99;
        var write = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, Grain, stale, CancellationToken.None));
        var clear = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, Grain, stale, CancellationToken.None));

        Assert.Equal("2", write.StoredETag);
        Assert.Equal("1", write.CurrentETag);
        Assert.Equal("2", clear.StoredETag);
        Assert.Equal(2, (await ReadAsync()).State.Count);
    }

    [PostgresFact]
    public async Task WriteState_ConcurrentWritersOnTwoDataSources_ExactlyOneSucceeds()
    {
        var initial = await WriteNewAsync(0);
        var other = (PostgresGrainStorage)Reopen();
        var first = new TestGrainState<CounterState> { State = new CounterState { Count = 1 }, ETag = initial.ETag };
        var second = new TestGrainState<CounterState> { State = new CounterState { Count = 2 }, ETag = initial.ETag };

        var results = await Task.WhenAll(
            Task.Run(() => CaptureAsync(_storage.WriteStateAsync(StateName, Grain, first, CancellationToken.None))),
            Task.Run(() => CaptureAsync(other.WriteStateAsync(StateName, Grain, second, CancellationToken.None))));

        Assert.Single(results, r => r is null);
        Assert.IsType<InconsistentStateException>(Assert.Single(results, r => r is not null));
        var read = await ReadAsync();
        Assert.Equal("2", read.ETag);
        Assert.Equal(first.ETag == "2" ? 1 : 2, read.State.Count);
    }

    [PostgresFact]
    public async Task ReadState_UndeserializablePayload_ThrowsNamingGrainStateAndType()
    {
        await _schema.CreateDatabase().InitializeAsync(CancellationToken.None);
        _schema.Scalar("INSERT INTO harness_grain_state (grain_type, grain_key, state_name, payload, etag) VALUES ('counter', '1', 'counter', '\\x7B2243'::bytea, 1);");

        await AssertReadFailsNamingGrainStateAndTypeAsync();
    }

    [PostgresFact]
    public async Task WriteState_ThroughStorage_InitializesDatabaseOnFirstUse()
    {
        var database = _schema.CreateDatabase();
        var storage = CreateStorage(database);
        Assert.False(database.IsInitialized);

        await storage.WriteStateAsync(StateName, Grain, new TestGrainState<CounterState>(), CancellationToken.None);

        Assert.True(database.IsInitialized);
    }

    protected override void Dispose(bool disposing)
    {
        _schema.Dispose();
        base.Dispose(disposing);
    }

    private PostgresGrainStorage CreateStorage(PostgresDatabase database) =>
        new("test", database, new GrainStateSerializer(), _time, NullLogger<PostgresGrainStorage>.Instance);

    /// <summary>A state that keeps the provider's row handle, as the runtime's persistent state does.</summary>
    private sealed class HandleState : IGrainState<CounterState>, IStorageHandleHolder
    {
        public CounterState State { get; set; } = new();

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }

        public object? StorageHandle { get; set; }
    }
}
