using Harness.Runtime.Hosting;
using Harness.Runtime.Reminders;
using Harness.Runtime.Tests.Infrastructure;
using Harness.TestGrains;
using Xunit;

namespace Harness.Runtime.Tests.Reminders;

public sealed class ReminderTests : IDisposable
{
    private static readonly Dictionary<string, string?> Settings = new() { ["Harness:Reminders:MinimumPeriod"] = "00:00:01" };
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "harness-reminders-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Reminder_FiresAfterSiloRestart()
    {
        var time = new FakeTimeProvider();
        await using (var first = await StartSqliteSilo(time))
        {
            await first.GrainFactory.GetGrain<IReminderGrain>("r1").Register("wake", TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));
        }

        // A new silo process on the same file, five minutes later: it loads the reminder and fires it on time.
        time.Advance(TimeSpan.FromMinutes(5));
        await using var second = await StartSqliteSilo(time);
        Assert.Empty(second.Probe.Log);
        time.Advance(TimeSpan.FromMinutes(5));

        var status = (TickStatus)(await second.Probe.WhenSignaled("reminder:r1:wake:1"))!;
        Assert.Equal(status.FirstTickTime, status.CurrentTickTime);
        await time.AdvanceUntilAsync(second.Probe.WhenSignaled("reminder:r1:wake:2"), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Reminder_FiresAfterGrainDeactivated()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(timeProvider: time, settings: Settings);
        var grain = silo.GrainFactory.GetGrain<IReminderGrain>("r2");
        await grain.Register("tick", TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(20));

        // Idle collection (default age 15 min) removes the activation; the reminder reactivates it.
        time.Advance(TimeSpan.FromMinutes(17));
        await silo.Probe.WhenSignaled("reminder-deactivated:r2");
        time.Advance(TimeSpan.FromMinutes(3));
        await silo.Probe.WhenSignaled("reminder:r2:tick:1");
    }

    [Fact]
    public async Task UnregisteredReminder_StopsFiring()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(timeProvider: time, settings: Settings);
        var grain = silo.GrainFactory.GetGrain<IReminderGrain>("r3");
        await grain.Register("once", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));
        await silo.Probe.WhenSignaled("reminder:r3:once:1");
        await grain.Unregister("once");
        var fired = silo.Probe.Count("reminder:r3:once");

        time.Advance(TimeSpan.FromSeconds(10));
        await grain.Register("marker", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));
        await silo.Probe.WhenSignaled("reminder:r3:marker:1");

        Assert.Equal(fired, silo.Probe.Count("reminder:r3:once"));
    }

    [Fact]
    public async Task Reminder_WithZeroDueTime_FiresAtOnce()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(timeProvider: time, settings: Settings);
        await silo.GrainFactory.GetGrain<IReminderGrain>("r4").Register("now", TimeSpan.Zero, TimeSpan.FromMinutes(1));

        var status = (TickStatus)(await silo.Probe.WhenSignaled("reminder:r4:now:1"))!;
        Assert.Equal(time.GetUtcNow(), status.CurrentTickTime);
    }

    [Fact]
    public async Task Reminder_DueLaterThanATimerCanWait_FiresOnTime()
    {
        var time = new FakeTimeProvider();
        // Coarse sweeps and collection: two months of fake time must not fire a 100 ms timer 50 million times.
        var settings = new Dictionary<string, string?>(Settings)
        {
            ["Harness:Messaging:ResponseTimeoutResolution"] = "1.00:00:00",
            ["Harness:GrainCollection:CollectionQuantum"] = "1.00:00:00",
            ["Harness:GrainCollection:CollectionAge"] = "2.00:00:00",
        };
        await using var silo = await TestSilo.StartAsync(timeProvider: time, settings: settings);
        await silo.GrainFactory.GetGrain<IReminderGrain>("r5").Register("far", TimeSpan.FromDays(60), TimeSpan.FromDays(60));

        time.Advance(TimeSpan.FromDays(59));
        Assert.Equal(0, silo.Probe.Count("reminder:r5:far"));
        time.Advance(TimeSpan.FromDays(1));

        var status = (TickStatus)(await silo.Probe.WhenSignaled("reminder:r5:far:1"))!;
        Assert.Equal(status.FirstTickTime, status.CurrentTickTime);
    }

    [Fact]
    public void NextDue_SkipsTicksMissedWhileStopped()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var entry = new ReminderEntry(new GrainId("t", "k"), "n", start, TimeSpan.FromMinutes(1), "1");
        Assert.Equal(start, ReminderService.NextDue(entry, start - TimeSpan.FromSeconds(1)));
        Assert.Equal(start + TimeSpan.FromMinutes(1), ReminderService.NextDue(entry, start));
        Assert.Equal(start + TimeSpan.FromMinutes(4), ReminderService.NextDue(entry, start + TimeSpan.FromMinutes(3.5)));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private Task<TestSilo> StartSqliteSilo(FakeTimeProvider time) =>
        TestSilo.StartAsync(
            silo => silo.AddSqliteGrainStorage(configure: o => o.DataSource = Path.Combine(_directory, "r.db"))
                .UseSqliteReminders(o => o.DataSource = Path.Combine(_directory, "r.db"))
                .AddMemoryStreams("Default"),
            timeProvider: time,
            defaultProviders: false);
}
