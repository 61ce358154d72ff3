using System.Runtime.Serialization;
using Harness.Runtime.Sqlite;
using Harness.Runtime.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Harness.Runtime.Tests.Storage;

public sealed class SqliteGrainStorageTests : GrainStorageContractTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 30, 0, TimeSpan.Zero);

    private readonly TempDatabaseFile _file = new();
    private readonly ManualTimeProvider _time = new(Now);
    private readonly SqliteGrainStorage _storage;

    public SqliteGrainStorageTests()
    {
        _storage = CreateStorage(_file.CreateDatabase());
    }

    protected override IGrainStorage Storage => _storage;

    protected override IGrainStorage Reopen() => CreateStorage(_file.CreateDatabase());

    [Fact]
    public async Task WriteState_StoresUpdatedAtFromTimeProvider()
    {
        await WriteNewAsync(1);

        using var connection = _file.OpenRawConnection();
        var updatedAt = (long)TempDatabaseFile.Scalar(connection, "SELECT updated_at FROM grain_state;")!;
        Assert.Equal(Now, DateTimeOffset.FromUnixTimeMilliseconds(updatedAt));
    }

    [Fact]
    public async Task ClearState_KeepsRowWithNullPayloadAndNextETag()
    {
        var state = await WriteNewAsync(1);
        _time.Now = Now.AddMinutes(1);

        await Storage.ClearStateAsync(StateName, Grain, state, CancellationToken.None);

        using var connection = _file.OpenRawConnection();
        Assert.Equal(1L, TempDatabaseFile.Scalar(connection, "SELECT COUNT(*) FROM grain_state WHERE payload IS NULL;"));
        Assert.Equal(0L, TempDatabaseFile.Scalar(connection, "SELECT COUNT(*) FROM grain_state WHERE payload IS NOT NULL;"));
        Assert.Equal(2L, TempDatabaseFile.Scalar(connection, "SELECT etag FROM grain_state;"));
        var updatedAt = (long)TempDatabaseFile.Scalar(connection, "SELECT updated_at FROM grain_state;")!;
        Assert.Equal(Now.AddMinutes(1), DateTimeOffset.FromUnixTimeMilliseconds(updatedAt));
    }

    [Fact]
    public async Task WriteState_ConcurrentWritersOnTwoDatabasesOverOneFile_ExactlyOneSucceeds()
    {
        var initial = await WriteNewAsync(0);
        var other = (SqliteGrainStorage)Reopen();
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

    [Fact]
    public async Task ReadState_UndeserializablePayload_ThrowsNamingGrainStateAndType()
    {
        await _file.CreateDatabase().InitializeAsync(CancellationToken.None);
        using (var connection = _file.OpenRawConnection())
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO grain_state (grain_type, grain_key, state_name, payload, etag) VALUES ('counter', '1', 'counter', x'7B2243', 1);";
            command.ExecuteNonQuery();
        }

        await AssertReadFailsNamingGrainStateAndTypeAsync();
    }

    [Fact]
    public async Task WriteState_ThroughStorage_InitializesDatabaseOnFirstUse()
    {
        var database = _file.CreateDatabase();
        var storage = CreateStorage(database);
        Assert.False(database.IsInitialized);

        await storage.WriteStateAsync(StateName, Grain, new TestGrainState<CounterState>(), CancellationToken.None);

        Assert.True(database.IsInitialized);
    }

    protected override void Dispose(bool disposing)
    {
        _file.Dispose();
        base.Dispose(disposing);
    }

    private SqliteGrainStorage CreateStorage(SqliteDatabase database) =>
        _file.Own(new SqliteGrainStorage("test", database, new GrainStateSerializer(), _time, NullLogger<SqliteGrainStorage>.Instance));
}
