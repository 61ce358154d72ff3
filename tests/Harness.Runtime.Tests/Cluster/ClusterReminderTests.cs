using Harness.Runtime.Tests.Infrastructure;
using Harness.TestGrains;
using Xunit;

namespace Harness.Runtime.Tests.Cluster;

public sealed class ClusterReminderTests
{
    private static readonly Dictionary<string, string?> FastReminders = new()
    {
        ["Harness:Reminders:MinimumPeriod"] = "00:00:00.100",
        ["Harness:Reminders:RefreshPeriod"] = "00:00:00.200",
    };

    [Fact]
    public async Task Reminder_FiresOncePerDueTime_AcrossThreeSilos()
    {
        await using var cluster = await TestCluster.StartAsync(3, settings: FastReminders);
        await cluster.GrainFactory(1).GetGrain<IClusterReminderGrain>("once").Register(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300));

        await WaitForTicksAsync(cluster, "once", 8);

        AssertEachDueTimeOnce(cluster, "once");
    }

    [Fact]
    public async Task Reminder_KeepsFiringOncePerDueTime_AfterTheSiloOfItsGrainDies()
    {
        await using var cluster = await TestCluster.StartAsync(3, settings: FastReminders);
        var grain = cluster.GrainFactory(0).GetGrain<IClusterReminderGrain>("survivor");
        await grain.Register(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300));
        await WaitForTicksAsync(cluster, "survivor", 3);

        // Crash the grain's silo; keep asking through another one.
        var host = await grain.Silo();
        var victim = cluster.Silos.Single(s => s.Status.Address.ToString() == host);
        var caller = cluster.Silos.First(s => s != victim).GrainFactory;
        await victim.CrashAsync();
        var before = cluster.Probe.Count("ticks:survivor");
        await WaitForTicksAsync(cluster, "survivor", before + 4);

        AssertEachDueTimeOnce(cluster, "survivor");
        Assert.NotEqual(host, await caller.GetGrain<IClusterReminderGrain>("survivor").Silo());
    }

    private static void AssertEachDueTimeOnce(TestCluster cluster, string key)
    {
        var ticks = cluster.Probe.Log.Where(e => e.StartsWith("tick:" + key + ":", StringComparison.Ordinal)).ToArray();
        Assert.Equal(ticks.Length, ticks.Distinct().Count());
    }

    private static async Task WaitForTicksAsync(TestCluster cluster, string key, int count)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (cluster.Probe.Count("ticks:" + key) < count)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"only {cluster.Probe.Count("ticks:" + key)} of {count} ticks of '{key}' in 30 s");
            await Task.Delay(50);
        }
    }
}
