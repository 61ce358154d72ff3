using Harness.Runtime.Hosting;
using Harness.Runtime.Membership;
using Harness.Runtime.Placement;
using Xunit;

namespace Harness.Runtime.Tests.Membership;

/// <summary>
/// What every <see cref="IMembershipTable"/> must do; each implementation runs these against its own store. Time
/// passes by <see cref="LetTimePassAsync"/> only, in steps of minutes, so an age checked as "older than" is older by
/// minutes and a fresh one younger by minutes: no result depends on how fast the machine runs.
/// </summary>
public abstract class MembershipTableContractTests
{
    protected static readonly SiloAddress SiloA = new("10.0.0.1", 11111, 1000);
    protected static readonly SiloAddress SiloB = new("10.0.0.2", 11111, 1000);
    protected static readonly SiloAddress SiloC = new("10.0.0.3", 11111, 1000);

    /// <summary>The heartbeat age the tests declare silos dead (or clean them up) beyond.</summary>
    protected static readonly TimeSpan Stale = TimeSpan.FromMinutes(10);

    /// <summary>How long the tests let pass to make a heartbeat stale: twice <see cref="Stale"/>.</summary>
    protected static readonly TimeSpan Pause = TimeSpan.FromMinutes(20);

    /// <summary>An age no fresh heartbeat reaches, however slow the machine; less than <see cref="Stale"/>.</summary>
    protected static readonly TimeSpan Fresh = TimeSpan.FromMinutes(5);

    protected static readonly SiloCapabilities GpuCapabilities = new()
    {
        ActivationCount = 12,
        Devices =
        [
            new DeviceCapability("cpu", "cpu", "CPU", 64L << 30, 40L << 30, 0.25, []),
            new DeviceCapability("gpu0", "gpu", "NVIDIA H100", 80L << 30, 12L << 30, 0.875, ["llama-3-8b", "whisper-large"]),
        ],
    };

    private static readonly IReadOnlyList<string> NoModels = [];

    protected abstract IMembershipTable Table { get; }

    /// <summary>Another table over the same store (another silo's view).</summary>
    protected abstract IMembershipTable Reopen();

    /// <summary>Lets <paramref name="duration"/> pass for every heartbeat in the table: each grows that much older.</summary>
    protected abstract Task LetTimePassAsync(TimeSpan duration);

    [Fact]
    public async Task Join_NewSilo_IsJoiningWithFreshHeartbeat()
    {
        await Table.JoinAsync(SiloA, "silo-a", SiloCapabilities.Empty, CancellationToken.None);

        var entry = Assert.Single(await Reopen().ReadAllAsync(CancellationToken.None));
        Assert.Equal(SiloA, entry.Silo);
        Assert.Equal("silo-a", entry.SiloName);
        Assert.Equal(SiloStatus.Joining, entry.Status);
        Assert.InRange(entry.HeartbeatAge, TimeSpan.Zero, Fresh);
        Assert.Empty(entry.Capabilities.Devices);
        Assert.Equal(0, entry.Capabilities.ActivationCount);
    }

    [Fact]
    public async Task Join_SameSiloTwice_Throws()
    {
        await Table.JoinAsync(SiloA, "silo-a", SiloCapabilities.Empty, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Reopen().JoinAsync(SiloA, "silo-a", SiloCapabilities.Empty, CancellationToken.None));

        Assert.Single(await Table.ReadAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Join_NewGenerationOnSameEndpoint_IsAnotherSilo()
    {
        var restarted = SiloA with { Generation = SiloA.Generation + 1 };
        await Table.JoinAsync(SiloA, "silo-a", SiloCapabilities.Empty, CancellationToken.None);
        await Table.UpdateStatusAsync(SiloA, SiloStatus.Dead, CancellationToken.None);

        await Table.JoinAsync(restarted, "silo-a", SiloCapabilities.Empty, CancellationToken.None);

        var entries = await Table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(SiloStatus.Dead, entries.Single(e => e.Silo == SiloA).Status);
        Assert.Equal(SiloStatus.Joining, entries.Single(e => e.Silo == restarted).Status);
    }

    [Fact]
    public async Task UpdateStatus_LiveSilo_ChangesStatusForEveryone()
    {
        await Table.JoinAsync(SiloA, "silo-a", SiloCapabilities.Empty, CancellationToken.None);
        await Table.JoinAsync(SiloB, "silo-b", SiloCapabilities.Empty, CancellationToken.None);

        Assert.True(await Table.UpdateStatusAsync(SiloA, SiloStatus.Active, CancellationToken.None));
        Assert.Equal(SiloStatus.Active, await StatusAsync(Reopen(), SiloA));
        Assert.True(await Table.UpdateStatusAsync(SiloA, SiloStatus.ShuttingDown, CancellationToken.None));

        Assert.Equal(SiloStatus.ShuttingDown, await StatusAsync(Reopen(), SiloA));
        Assert.Equal(SiloStatus.Joining, await StatusAsync(Reopen(), SiloB));
    }

    [Fact]
    public async Task UpdateHeartbeatOrDeclare_UnknownSilo_ReturnFalse()
    {
        Assert.False(await Table.UpdateStatusAsync(SiloA, SiloStatus.Active, CancellationToken.None));
        Assert.False(await Table.HeartbeatAsync(SiloA, SiloCapabilities.Empty, CancellationToken.None));
        Assert.False(await Table.DeclareDeadAsync(SiloA, TimeSpan.Zero, CancellationToken.None));

        Assert.Empty(await Table.ReadAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task HeartbeatAge_GrowsWithoutHeartbeats()
    {
        await Table.JoinAsync(SiloA, "silo-a", SiloCapabilities.Empty, CancellationToken.None);

        await LetTimePassAsync(Pause);

        Assert.True((await EntryAsync(Reopen(), SiloA)).HeartbeatAge >= Stale);
    }

    [Fact]
    public async Task Heartbeat_LiveSilo_RefreshesHeartbeatAndCapabilities()
    {
        await Table.JoinAsync(SiloA, "silo-a", SiloCapabilities.Empty, CancellationToken.None);
        await LetTimePassAsync(Pause);
        var before = (await EntryAsync(Table, SiloA)).HeartbeatAge;

        Assert.True(await Table.HeartbeatAsync(SiloA, GpuCapabilities, CancellationToken.None));

        var after = await EntryAsync(Reopen(), SiloA);
        Assert.True(before >= Pause, $"age before the heartbeat: {before}");
        Assert.True(after.HeartbeatAge < Fresh, $"age after the heartbeat: {after.HeartbeatAge}, before: {before}");
        AssertCapabilities(GpuCapabilities, after.Capabilities);
    }

    [Fact]
    public async Task DeclareDead_FreshHeartbeat_IsRefused()
    {
        await Table.JoinAsync(SiloA, "silo-a", SiloCapabilities.Empty, CancellationToken.None);
        await Table.UpdateStatusAsync(SiloA, SiloStatus.Active, CancellationToken.None);

        Assert.False(await Reopen().DeclareDeadAsync(SiloA, Fresh, CancellationToken.None));

        Assert.Equal(SiloStatus.Active, await StatusAsync(Table, SiloA));
    }

    [Fact]
    public async Task DeclareDead_StaleHeartbeat_DeclaresItOnce()
    {
        await Table.JoinAsync(SiloA, "silo-a", SiloCapabilities.Empty, CancellationToken.None);
        await Table.UpdateStatusAsync(SiloA, SiloStatus.Active, CancellationToken.None);
        await LetTimePassAsync(Pause);

        Assert.True(await Reopen().DeclareDeadAsync(SiloA, Stale, CancellationToken.None));
        Assert.False(await Reopen().DeclareDeadAsync(SiloA, Stale, CancellationToken.None));

        Assert.Equal(SiloStatus.Dead, await StatusAsync(Table, SiloA));
    }

    [Fact]
    public async Task DeclaredDead_StaysDead_HeartbeatAndStatusChangesAreRefused()
    {
        await Table.JoinAsync(SiloA, "silo-a", SiloCapabilities.Empty, CancellationToken.None);
        await Table.UpdateStatusAsync(SiloA, SiloStatus.Active, CancellationToken.None);
        await LetTimePassAsync(Pause);
        Assert.True(await Reopen().DeclareDeadAsync(SiloA, Stale, CancellationToken.None));

        Assert.False(await Table.HeartbeatAsync(SiloA, GpuCapabilities, CancellationToken.None));
        Assert.False(await Table.UpdateStatusAsync(SiloA, SiloStatus.Active, CancellationToken.None));
        Assert.False(await Table.UpdateStatusAsync(SiloA, SiloStatus.Dead, CancellationToken.None));

        var entry = await EntryAsync(Reopen(), SiloA);
        Assert.Equal(SiloStatus.Dead, entry.Status);
        Assert.True(entry.HeartbeatAge >= Stale, $"the refused heartbeat must not refresh the age: {entry.HeartbeatAge}");
        Assert.Empty(entry.Capabilities.Devices);
    }

    [Fact]
    public async Task LeftGracefully_StaysDead()
    {
        await Table.JoinAsync(SiloA, "silo-a", SiloCapabilities.Empty, CancellationToken.None);

        Assert.True(await Table.UpdateStatusAsync(SiloA, SiloStatus.Dead, CancellationToken.None));

        Assert.False(await Table.HeartbeatAsync(SiloA, SiloCapabilities.Empty, CancellationToken.None));
        Assert.False(await Table.UpdateStatusAsync(SiloA, SiloStatus.Joining, CancellationToken.None));
        Assert.Equal(SiloStatus.Dead, await StatusAsync(Table, SiloA));
    }

    [Fact]
    public async Task CleanupDead_RemovesOnlyDeadRowsWithOldHeartbeats()
    {
        await Table.JoinAsync(SiloA, "silo-a", SiloCapabilities.Empty, CancellationToken.None);
        await Table.JoinAsync(SiloB, "silo-b", SiloCapabilities.Empty, CancellationToken.None);
        await Table.JoinAsync(SiloC, "silo-c", SiloCapabilities.Empty, CancellationToken.None);
        await LetTimePassAsync(Pause);

        // A: dead with an old heartbeat. B: left just now (dead, fresh heartbeat). C: alive with an old heartbeat.
        Assert.True(await Table.DeclareDeadAsync(SiloA, Stale, CancellationToken.None));
        Assert.True(await Table.HeartbeatAsync(SiloB, SiloCapabilities.Empty, CancellationToken.None));
        Assert.True(await Table.UpdateStatusAsync(SiloB, SiloStatus.Dead, CancellationToken.None));

        Assert.Equal(1, await Reopen().CleanupDeadAsync(Stale, CancellationToken.None));

        var remaining = await Table.ReadAllAsync(CancellationToken.None);
        Assert.Equal([SiloB, SiloC], remaining.Select(e => e.Silo).OrderBy(s => s.Host, StringComparer.Ordinal));
        Assert.Equal(0, await Table.CleanupDeadAsync(Stale, CancellationToken.None));
    }

    [Fact]
    public async Task Capabilities_RoundTripWithDevicesAndResidentModels()
    {
        await Table.JoinAsync(SiloA, "silo-a", GpuCapabilities, CancellationToken.None);
        AssertCapabilities(GpuCapabilities, (await EntryAsync(Reopen(), SiloA)).Capabilities);

        var unloaded = GpuCapabilities with
        {
            ActivationCount = 3,
            Devices = [GpuCapabilities.Devices[1] with { FreeMemoryBytes = 70L << 30, ResidentModels = [] }],
        };
        Assert.True(await Table.HeartbeatAsync(SiloA, unloaded, CancellationToken.None));

        AssertCapabilities(unloaded, (await EntryAsync(Reopen(), SiloA)).Capabilities);
    }

    protected static async Task<MembershipEntry> EntryAsync(IMembershipTable table, SiloAddress silo) =>
        (await table.ReadAllAsync(CancellationToken.None)).Single(e => e.Silo == silo);

    protected static async Task<SiloStatus> StatusAsync(IMembershipTable table, SiloAddress silo) => (await EntryAsync(table, silo)).Status;

    /// <summary>Compares capabilities by value (records holding lists compare the lists by reference).</summary>
    protected static void AssertCapabilities(SiloCapabilities expected, SiloCapabilities actual)
    {
        Assert.Equal(expected.ActivationCount, actual.ActivationCount);
        Assert.Equal(expected.Devices.Count, actual.Devices.Count);
        foreach (var (want, got) in expected.Devices.Zip(actual.Devices))
        {
            Assert.Equal(want with { ResidentModels = NoModels }, got with { ResidentModels = NoModels });
            Assert.Equal(want.ResidentModels, got.ResidentModels);
        }
    }
}
