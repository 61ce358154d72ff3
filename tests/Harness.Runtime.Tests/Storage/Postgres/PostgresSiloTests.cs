using Harness.Runtime.Hosting;
using Harness.Runtime.Postgres;
using Harness.Runtime.Reminders;
using Harness.Runtime.Storage;
using Harness.Runtime.Tests.Infrastructure;
using Harness.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace Harness.Runtime.Tests.Storage.Postgres;

/// <summary>Silos on PostgreSQL: state and reminders survive restarts; a server that cannot be used stops the start.</summary>
public sealed class PostgresSiloTests : IDisposable
{
    private const string Unreachable = "Host=127.0.0.1;Port=1;Username=harness;Database=harness";
    private static readonly Dictionary<string, string?> ReminderSettings = new() { ["Harness:Reminders:MinimumPeriod"] = "00:00:01" };

    private readonly Lazy<PostgresTestSchema> _schema = new(() => new PostgresTestSchema());

    private string ConnectionString => _schema.Value.ConnectionString;

    [PostgresFact]
    public async Task State_SurvivesSiloRestart_OnPostgres()
    {
        await using (var first = await StartPostgresSilo())
        {
            var grain = first.GrainFactory.GetGrain<IStateGrain>("restart");
            Assert.Equal(1, await grain.Increment("a"));
            Assert.Equal(2, await grain.Increment("b"));
        }

        await using var second = await StartPostgresSilo();
        var again = second.GrainFactory.GetGrain<IStateGrain>("restart");
        Assert.Equal(2, await again.Get());
        Assert.Equal(3, await again.Increment("c"));
        Assert.Equal(3L, _schema.Value.Scalar("SELECT etag FROM harness_grain_state WHERE grain_key = 'restart';"));
    }

    [PostgresFact]
    public async Task StaleETagWrite_IsRejected_AndStoredStateKept()
    {
        await using var silo = await StartPostgresSilo();
        var grain = silo.GrainFactory.GetGrain<IStateGrain>("stale");
        await grain.Increment("mine");

        // Another writer moves the stored record on behind the activation's back (which writes by row id).
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

    [PostgresFact]
    public async Task Reminder_FiresAfterSiloRestart_OnPostgres()
    {
        var time = new FakeTimeProvider();
        await using (var first = await StartPostgresSilo(time))
        {
            await first.GrainFactory.GetGrain<IReminderGrain>("pg-r1").Register("wake", TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));
        }

        time.Advance(TimeSpan.FromMinutes(5));
        await using var second = await StartPostgresSilo(time);
        Assert.Equal(1L, _schema.Value.Scalar("SELECT COUNT(*) FROM harness_reminders WHERE grain_key = 'pg-r1';"));
        time.Advance(TimeSpan.FromMinutes(5));

        var status = (TickStatus)(await second.Probe.WhenSignaled("reminder:pg-r1:wake:1"))!;
        Assert.Equal(status.FirstTickTime, status.CurrentTickTime);
    }

    [PostgresFact]
    public async Task Silo_BindsConnectionStringFromConfiguration()
    {
        await using var silo = await TestSilo.StartAsync(
            silo => silo.AddPostgresGrainStorage().UsePostgresReminders().AddMemoryStreams("Default"),
            settings: new Dictionary<string, string?> { ["Harness:Storage:Postgres:ConnectionString"] = ConnectionString },
            defaultProviders: false);

        Assert.Equal(SiloStatus.Active, silo.Status.Status);
        Assert.Equal(1, await silo.GrainFactory.GetGrain<IStateGrain>("bound").Increment("x"));
        Assert.Equal(1L, _schema.Value.Scalar("SELECT COUNT(*) FROM harness_grain_state;"));
    }

    [Fact]
    public async Task Silo_WithoutConnectionString_StopsTheStartNamingTheSetting()
    {
        using var host = TestSilo.Build(silo => silo.AddPostgresGrainStorage().UseInMemoryReminders().AddMemoryStreams("Default"), defaultProviders: false, testPlacement: true);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Harness:Storage:Postgres:ConnectionString must be set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_UnreachableServer_FailsTheStartAndNeverBecomesActive()
    {
        using var host = TestSilo.Build(
            silo => silo.AddPostgresGrainStorage(configure: o =>
                {
                    o.ConnectionString = Unreachable;
                    o.StartupRetryDelay = TimeSpan.FromMilliseconds(20);
                    o.StartupTimeout = TimeSpan.FromMilliseconds(100);
                })
                .UseInMemoryReminders()
                .AddMemoryStreams("Default"),
            defaultProviders: false,
            testPlacement: true);

        var error = await Assert.ThrowsAsync<PostgresStorageStartupException>(() => host.StartAsync());

        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
        var status = host.Services.GetRequiredService<ISiloStatus>();
        Assert.Equal(SiloStatus.Dead, status.Status);
        Assert.Equal(error.Message, status.StartupFailure);
    }

    [Fact]
    public async Task Silo_UnreachableServer_StaysJoiningAndKeepsRetryingWithAWarning()
    {
        var logs = new CapturingLoggerProvider();
        using var host = TestSilo.Build(
            silo =>
            {
                silo.Services.AddSingleton<ILoggerProvider>(logs);
                silo.AddPostgresGrainStorage(configure: o =>
                    {
                        o.ConnectionString = Unreachable;
                        o.StartupRetryDelay = TimeSpan.FromMilliseconds(20);
                        o.StartupTimeout = Timeout.InfiniteTimeSpan;
                    })
                    .UsePostgresReminders(o => o.ConnectionString = Unreachable)
                    .AddMemoryStreams("Default");
            },
            defaultProviders: false,
            testPlacement: true);
        using var stop = new CancellationTokenSource();

        var start = host.StartAsync(stop.Token);
        var warning = await logs.WhenLogged(602);
        await WaitUntilAsync(() => logs.Entries.Count(e => e.EventId == 602) >= 3);

        var status = host.Services.GetRequiredService<ISiloStatus>();
        Assert.Equal(SiloStatus.Joining, status.Status);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("127.0.0.1:1", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Joining", warning.Message, StringComparison.Ordinal);
        Assert.False(start.IsCompleted);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start);
        Assert.NotEqual(SiloStatus.Active, status.Status);
    }

    public void Dispose()
    {
        if (_schema.IsValueCreated)
        {
            _schema.Value.Dispose();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 3000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    private Task<TestSilo> StartPostgresSilo(FakeTimeProvider? time = null) =>
        TestSilo.StartAsync(
            silo => silo.AddPostgresGrainStorage(configure: o => o.ConnectionString = ConnectionString)
                .UsePostgresReminders(o => o.ConnectionString = ConnectionString)
                .AddMemoryStreams("Default"),
            timeProvider: time,
            settings: ReminderSettings,
            defaultProviders: false);

    private sealed class TestGrainState<T> : IGrainState<T>
        where T : new()
    {
        public T State { get; set; } = new();

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
