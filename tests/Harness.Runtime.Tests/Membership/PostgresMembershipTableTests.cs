using Harness.Runtime.Hosting;
using Harness.Runtime.Membership;
using Harness.Runtime.Placement;
using Harness.Runtime.Postgres.Membership;
using Harness.Runtime.Tests.Infrastructure;
using Xunit;

namespace Harness.Runtime.Tests.Membership;

/// <summary>
/// The membership table contract on a real PostgreSQL server, plus what is particular to it. Heartbeat ages are
/// the server's (<c>now() - last_heartbeat</c>); the contract's minutes pass by moving every stored heartbeat back,
/// and the tests here also let real time pass (hundreds of milliseconds, checked only as "older than").
/// </summary>
[TestCaseOrderer(PostgresTestCaseOrderer.TypeName, PostgresTestCaseOrderer.AssemblyName)]
public sealed class PostgresMembershipTableTests : MembershipTableContractTests, IDisposable
{
    private readonly PostgresTestSchema _schema = new();
    private readonly PostgresMembershipTable _table;

    public PostgresMembershipTableTests()
    {
        _table = new PostgresMembershipTable(_schema.CreateDatabase());
    }

    protected override IMembershipTable Table => _table;

    public void Dispose() => _schema.Dispose();

    protected override IMembershipTable Reopen() => new PostgresMembershipTable(_schema.CreateDatabase());

    protected override Task LetTimePassAsync(TimeSpan duration)
    {
        var milliseconds = (long)duration.TotalMilliseconds;
        _schema.Scalar(
            $"UPDATE harness_silos SET last_heartbeat = last_heartbeat - interval '{milliseconds} milliseconds', " +
            $"started_at = started_at - interval '{milliseconds} milliseconds';");
        return Task.CompletedTask;
    }

    [PostgresFact]
    public async Task HeartbeatAge_GrowsInRealTime_AndAStaleSiloIsDeclaredDead()
    {
        await Table.JoinAsync(SiloA, "silo-a", SiloCapabilities.Empty, CancellationToken.None);

        await Task.Delay(TimeSpan.FromMilliseconds(400));

        Assert.True((await EntryAsync(Reopen(), SiloA)).HeartbeatAge >= TimeSpan.FromMilliseconds(200));
        Assert.True(await Reopen().DeclareDeadAsync(SiloA, TimeSpan.FromMilliseconds(200), CancellationToken.None));
        Assert.False(await Table.HeartbeatAsync(SiloA, SiloCapabilities.Empty, CancellationToken.None));
        Assert.Equal(SiloStatus.Dead, await StatusAsync(Table, SiloA));
    }

    [PostgresFact]
    public async Task CleanupDead_InRealTime_RemovesADeadSiloOnceItsHeartbeatIsOldEnough()
    {
        await Table.JoinAsync(SiloA, "silo-a", SiloCapabilities.Empty, CancellationToken.None);
        await Table.UpdateStatusAsync(SiloA, SiloStatus.Dead, CancellationToken.None);
        Assert.Equal(0, await Table.CleanupDeadAsync(Fresh, CancellationToken.None));

        await Task.Delay(TimeSpan.FromMilliseconds(400));

        Assert.Equal(1, await Reopen().CleanupDeadAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None));
        Assert.Empty(await Table.ReadAllAsync(CancellationToken.None));
    }

    [PostgresFact]
    public async Task HeartbeatAge_IsMeasuredByTheServerClock()
    {
        await Table.JoinAsync(SiloA, "silo-a", SiloCapabilities.Empty, CancellationToken.None);
        await Table.JoinAsync(SiloB, "silo-b", SiloCapabilities.Empty, CancellationToken.None);

        // As if silo A's last heartbeat reached the server an hour ago: no silo's clock takes part.
        _schema.Scalar("UPDATE harness_silos SET last_heartbeat = now() - interval '1 hour' WHERE host = '10.0.0.1';");

        var entries = await Table.ReadAllAsync(CancellationToken.None);
        Assert.True(entries.Single(e => e.Silo == SiloA).HeartbeatAge >= TimeSpan.FromMinutes(59));
        Assert.True(entries.Single(e => e.Silo == SiloB).HeartbeatAge < Fresh);
        Assert.True(await Reopen().DeclareDeadAsync(SiloA, TimeSpan.FromMinutes(30), CancellationToken.None));
        Assert.False(await Reopen().DeclareDeadAsync(SiloB, TimeSpan.FromMinutes(30), CancellationToken.None));
        Assert.Equal(1, await Table.CleanupDeadAsync(TimeSpan.FromMinutes(30), CancellationToken.None));
    }

    [PostgresFact]
    public async Task Row_StoresStatusAsEnumValueAndCapabilitiesAsJson()
    {
        await Table.JoinAsync(SiloA, "silo-a", GpuCapabilities, CancellationToken.None);
        await Table.UpdateStatusAsync(SiloA, SiloStatus.Active, CancellationToken.None);

        Assert.Equal((short)SiloStatus.Active, _schema.Scalar("SELECT status FROM harness_silos;"));
        Assert.Equal(12, _schema.Scalar("SELECT (capabilities->>'activationCount')::int FROM harness_silos;"));
        Assert.Equal("whisper-large", _schema.Scalar("SELECT capabilities->'devices'->1->'residentModels'->>1 FROM harness_silos;"));
        Assert.Equal("NVIDIA H100", _schema.Scalar("SELECT capabilities->'devices'->1->>'name' FROM harness_silos;"));
        Assert.True((bool)_schema.Scalar("SELECT now() - started_at < interval '1 minute' FROM harness_silos;")!);
    }

    [PostgresFact]
    public async Task Join_ThroughTable_InitializesDatabaseOnFirstUse()
    {
        var database = _schema.CreateDatabase();
        var table = new PostgresMembershipTable(database);
        Assert.False(database.IsInitialized);

        await table.JoinAsync(SiloA, "silo-a", SiloCapabilities.Empty, CancellationToken.None);

        Assert.True(database.IsInitialized);
        Assert.Single(await table.ReadAllAsync(CancellationToken.None));
    }
}
