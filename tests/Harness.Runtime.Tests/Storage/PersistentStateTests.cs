using Harness.Runtime.Hosting;
using Harness.Runtime.Storage;
using Harness.Runtime.Tests.Infrastructure;
using Harness.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Harness.Runtime.Tests.Storage;

public sealed class PersistentStateTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "harness-state-" + Guid.NewGuid().ToString("N"));

    private string DataSource => Path.Combine(_directory, "state.db");

    [Fact]
    public async Task State_SurvivesDeactivation()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IStateGrain>("deact");
        await grain.Increment("one");
        await grain.Increment("two");
        await grain.DeactivateSelf();
        await silo.Probe.WhenSignaled("state-deactivated:deact");

        Assert.Equal(2, await grain.Get());
    }

    [Fact]
    public async Task State_SurvivesSiloRestart_OnSqliteFile()
    {
        await using (var first = await StartSqliteSilo())
        {
            var grain = first.GrainFactory.GetGrain<IStateGrain>("restart");
            Assert.Equal(1, await grain.Increment("a"));
            Assert.Equal(2, await grain.Increment("b"));
        }

        await using var second = await StartSqliteSilo();
        var again = second.GrainFactory.GetGrain<IStateGrain>("restart");
        Assert.Equal(2, await again.Get());
        Assert.Equal(3, await again.Increment("c"));
    }

    [Fact]
    public async Task StaleETagWrite_IsRejected_AndStoredStateKept()
    {
        await using var silo = await StartSqliteSilo();
        var grain = silo.GrainFactory.GetGrain<IStateGrain>("stale");
        await grain.Increment("mine");

        // Another writer moves the stored record on behind the activation's back.
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);
        var other = new TestGrainState<TestGrains.CounterState>();
        await storage.ReadStateAsync("counter", grain.GrainId, other, CancellationToken.None);
        other.State.Value = 100;
        await storage.WriteStateAsync("counter", grain.GrainId, other, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Increment("stale"));
        Assert.Equal(other.ETag, error.StoredETag);
        Assert.NotEqual(error.StoredETag, error.CurrentETag);

        var stored = new TestGrainState<TestGrains.CounterState>();
        await storage.ReadStateAsync("counter", grain.GrainId, stored, CancellationToken.None);
        Assert.Equal(100, stored.State.Value);
    }

    [Fact]
    public async Task ClearState_RemovesRecord_AndETagKeepsAdvancing()
    {
        await using var silo = await StartSqliteSilo();
        var grain = silo.GrainFactory.GetGrain<IStateGrain>("clear");
        await grain.Increment("x");
        var beforeClear = await grain.GetETag();
        await grain.Clear();
        var afterClear = await grain.GetETag();
        Assert.NotNull(afterClear);
        Assert.NotEqual(beforeClear, afterClear);

        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);
        var stored = new TestGrainState<TestGrains.CounterState>();
        await storage.ReadStateAsync("counter", grain.GrainId, stored, CancellationToken.None);
        Assert.False(stored.RecordExists);
        Assert.Equal(afterClear, stored.ETag);

        Assert.Equal(1, await grain.Increment("y"));
        Assert.NotEqual(afterClear, await grain.GetETag());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private Task<TestSilo> StartSqliteSilo() =>
        TestSilo.StartAsync(
            silo => silo.AddSqliteGrainStorage(configure: o => o.DataSource = DataSource).UseInMemoryReminders().AddMemoryStreams("Default"),
            defaultProviders: false);

    private sealed class TestGrainState<T> : IGrainState<T>
        where T : new()
    {
        public T State { get; set; } = new();

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
