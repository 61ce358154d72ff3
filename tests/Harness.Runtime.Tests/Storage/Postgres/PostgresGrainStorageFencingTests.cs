using Harness.Runtime.Membership;
using Harness.Runtime.Placement;
using Harness.Runtime.Postgres;
using Harness.Runtime.Postgres.Membership;
using Harness.Runtime.Storage;
using Harness.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Harness.Runtime.Tests.Storage.Postgres;

/// <summary>
/// Grain storage fenced by the grain directory: a silo writes a grain's state only while the directory names it,
/// so a silo declared dead (its entries removed, or taken over by another silo) has its late writes rejected.
/// </summary>
[TestCaseOrderer(PostgresTestCaseOrderer.TypeName, PostgresTestCaseOrderer.AssemblyName)]
public sealed class PostgresGrainStorageFencingTests : IDisposable
{
    private const string StateName = "counter";
    private const string Fenced = "no longer owns the grain's activation";

    private static readonly GrainId Grain = new("counter", "1");
    private static readonly SiloAddress Me = new("10.0.0.1", 11111, 1000);
    private static readonly SiloAddress Other = new("10.0.0.2", 11111, 1000);

    private readonly PostgresTestSchema _schema = new();
    private readonly PostgresGrainDirectory _directory;
    private readonly PostgresGrainStorage _storage;
    private readonly PostgresGrainStorage _unfenced;

    public PostgresGrainStorageFencingTests()
    {
        var database = _schema.CreateDatabase();
        _directory = new PostgresGrainDirectory(database);
        _storage = CreateStorage(database, Me);
        _unfenced = CreateStorage(_schema.CreateDatabase(), null);
    }

    public void Dispose() => _schema.Dispose();

    [PostgresFact]
    public async Task Writes_WhileTheDirectoryNamesThisSilo_Succeed()
    {
        await RegisterAsync(Me);
        Assert.True(_storage.IsFenced);

        // First write (insert), then by row id, a clear, a write over the tombstone; and a writer without the row id.
        var state = new HandleState { State = new CounterState { Count = 1 } };
        await _storage.WriteStateAsync(StateName, Grain, state, CancellationToken.None);
        state.State.Count = 2;
        await _storage.WriteStateAsync(StateName, Grain, state, CancellationToken.None);
        await _storage.ClearStateAsync(StateName, Grain, state, CancellationToken.None);
        state.State.Count = 3;
        await _storage.WriteStateAsync(StateName, Grain, state, CancellationToken.None);
        var byKey = await ReadAsync(_storage);
        byKey.State.Count = 4;
        await _storage.WriteStateAsync(StateName, Grain, byKey, CancellationToken.None);
        await _storage.ClearStateAsync(StateName, Grain, byKey, CancellationToken.None);

        Assert.Equal("6", byKey.ETag);
        var read = await ReadAsync(_unfenced);
        Assert.False(read.RecordExists);
        Assert.Equal("6", read.ETag);
    }

    [PostgresFact]
    public async Task FirstWrite_WithoutADirectoryEntry_IsRejectedAndStoresNothing()
    {
        var state = new TestGrainState<CounterState> { State = new CounterState { Count = 1 } };

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, Grain, state, CancellationToken.None));

        Assert.Contains(Fenced, error.Message, StringComparison.Ordinal);
        Assert.Contains($"silo {Me}", error.Message, StringComparison.Ordinal);
        Assert.Contains("names no silo", error.Message, StringComparison.Ordinal);
        Assert.Null(state.ETag);
        Assert.Equal(0L, _schema.Scalar("SELECT COUNT(*) FROM harness_grain_state;"));
    }

    [PostgresFact]
    public async Task FirstWrite_WhileAnotherSiloOwnsTheGrain_IsRejected()
    {
        await RegisterAsync(Other);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(
            () => _storage.WriteStateAsync(StateName, Grain, new TestGrainState<CounterState>(), CancellationToken.None));

        Assert.Contains(Fenced, error.Message, StringComparison.Ordinal);
        Assert.Contains($"names {Other}", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, _schema.Scalar("SELECT COUNT(*) FROM harness_grain_state;"));
    }

    [PostgresFact]
    public async Task Writes_AfterTheSiloIsUnregistered_AreRejectedAndStoredStateIsUnchanged()
    {
        await RegisterAsync(Me);
        var byId = new HandleState { State = new CounterState { Count = 1 } };
        await _storage.WriteStateAsync(StateName, Grain, byId, CancellationToken.None);
        var byKey = await ReadAsync(_storage);

        Assert.Equal(1, await _directory.UnregisterSiloAsync(Me, CancellationToken.None));

        byId.State.Count = 2;
        byKey.State.Count = 3;
        var write = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, Grain, byId, CancellationToken.None));
        var writeByKey = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, Grain, byKey, CancellationToken.None));
        var clear = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync(StateName, Grain, byId, CancellationToken.None));
        var clearByKey = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync(StateName, Grain, byKey, CancellationToken.None));

        Assert.All([write, writeByKey, clear, clearByKey], e => Assert.Contains(Fenced, e.Message, StringComparison.Ordinal));
        Assert.Equal("1", write.StoredETag);
        Assert.Equal("1", write.CurrentETag);
        Assert.Equal("1", byId.ETag);
        var stored = await ReadAsync(_unfenced);
        Assert.Equal(1, stored.State.Count);
        Assert.Equal("1", stored.ETag);
    }

    [PostgresFact]
    public async Task Writes_AfterAnotherSiloTookTheEntryOver_AreRejectedAndTheNewOwnerWrites()
    {
        await RegisterAsync(Me);
        var mine = new HandleState { State = new CounterState { Count = 1 } };
        await _storage.WriteStateAsync(StateName, Grain, mine, CancellationToken.None);

        // Me is declared dead; Other replaces its activation and reads the state.
        var registered = await _directory.RegisterAsync(new GrainAddress(Grain, Other), new GrainAddress(Grain, Me), CancellationToken.None);
        Assert.Equal(Other, registered.Silo);
        var others = CreateStorage(_schema.CreateDatabase(), Other);
        var theirs = await ReadAsync(others);

        mine.State.Count = 99;
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, Grain, mine, CancellationToken.None));
        theirs.State.Count = 2;
        await others.WriteStateAsync(StateName, Grain, theirs, CancellationToken.None);

        Assert.Contains(Fenced, error.Message, StringComparison.Ordinal);
        Assert.Contains($"names {Other}", error.Message, StringComparison.Ordinal);
        var stored = await ReadAsync(_unfenced);
        Assert.Equal(2, stored.State.Count);
        Assert.Equal("2", stored.ETag);
    }

    [PostgresFact]
    public async Task Writes_OfARestartedSiloOnTheSameEndpoint_AreRejected()
    {
        await RegisterAsync(Me);
        var restarted = CreateStorage(_schema.CreateDatabase(), Me with { Generation = Me.Generation + 1 });

        var error = await Assert.ThrowsAsync<InconsistentStateException>(
            () => restarted.WriteStateAsync(StateName, Grain, new TestGrainState<CounterState>(), CancellationToken.None));

        Assert.Contains(Fenced, error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task ClearOfNothingStored_IsANoOpForTheOwnerAndRejectedOtherwise()
    {
        await RegisterAsync(Me);
        await _storage.ClearStateAsync(StateName, Grain, new TestGrainState<CounterState>(), CancellationToken.None);
        await _directory.UnregisterSiloAsync(Me, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(
            () => _storage.ClearStateAsync(StateName, Grain, new TestGrainState<CounterState>(), CancellationToken.None));

        Assert.Contains(Fenced, error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, _schema.Scalar("SELECT COUNT(*) FROM harness_grain_state;"));
    }

    [PostgresFact]
    public async Task StaleETag_WhileOwningTheGrain_IsAPlainConflict()
    {
        await RegisterAsync(Me);
        var first = new TestGrainState<CounterState> { State = new CounterState { Count = 1 } };
        await _storage.WriteStateAsync(StateName, Grain, first, CancellationToken.None);
        var stale = await ReadAsync(_storage);
        first.State.Count = 2;
        await _storage.WriteStateAsync(StateName, Grain, first, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, Grain, stale, CancellationToken.None));

        Assert.DoesNotContain(Fenced, error.Message, StringComparison.Ordinal);
        Assert.Contains("stored version differs", error.Message, StringComparison.Ordinal);
        Assert.Equal("2", error.StoredETag);
        Assert.Equal("1", error.CurrentETag);
    }

    [PostgresFact]
    public async Task Unfenced_IgnoresTheDirectory()
    {
        Assert.False(_unfenced.IsFenced);

        await _unfenced.WriteStateAsync(StateName, Grain, new TestGrainState<CounterState> { State = new CounterState { Count = 5 } }, CancellationToken.None);

        Assert.Equal(5, (await ReadAsync(_unfenced)).State.Count);
    }

    private static async Task<TestGrainState<CounterState>> ReadAsync(IGrainStorage storage)
    {
        var state = new TestGrainState<CounterState>();
        await storage.ReadStateAsync(StateName, Grain, state, CancellationToken.None);
        return state;
    }

    private static PostgresGrainStorage CreateStorage(PostgresDatabase database, SiloAddress? silo) =>
        new(
            "test",
            database,
            new GrainStateSerializer(),
            TimeProvider.System,
            NullLogger<PostgresGrainStorage>.Instance,
            silo is { } local ? () => local : null);

    private async Task RegisterAsync(SiloAddress silo)
    {
        var registered = await _directory.RegisterAsync(new GrainAddress(Grain, silo), null, CancellationToken.None);
        Assert.Equal(silo, registered.Silo);
    }

    /// <summary>A state that keeps the provider's row handle, as the runtime's persistent state does.</summary>
    private sealed class HandleState : IGrainState<CounterState>, IStorageHandleHolder
    {
        public CounterState State { get; set; } = new();

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }

        public object? StorageHandle { get; set; }
    }
}
