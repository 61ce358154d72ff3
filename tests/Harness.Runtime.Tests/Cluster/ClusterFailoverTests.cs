using Harness.Runtime.Hosting;
using Harness.Runtime.Membership;
using Harness.Runtime.Tests.Infrastructure;
using Harness.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit;

namespace Harness.Runtime.Tests.Cluster;

public sealed class ClusterFailoverTests
{
    [Fact]
    public async Task CrashedSilo_IsDeclaredDead_AndItsGrainsReactivateElsewhereFromPersistedState()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var caller = cluster.GrainFactory(0);

        // Find grains that live on silo 1, give each some acknowledged writes.
        var victim = cluster.Silos[1].Status.Address.ToString();
        var keys = new List<string>();
        for (var i = 0; keys.Count < 5; i++)
        {
            var grain = caller.GetGrain<IClusterCounterGrain>("crash" + i);
            if (await grain.Silo() == victim)
            {
                keys.Add("crash" + i);
            }
        }

        foreach (var key in keys)
        {
            for (var n = 1; n <= 3; n++)
            {
                Assert.Equal(n, await caller.GetGrain<IClusterCounterGrain>(key).Increment());
            }
        }

        await cluster.Silos[1].CrashAsync();

        foreach (var key in keys)
        {
            var value = await RetryAsync(() => caller.GetGrain<IClusterCounterGrain>(key).Increment());
            Assert.Equal(4, value);
            Assert.NotEqual(victim, await caller.GetGrain<IClusterCounterGrain>(key).Silo());
        }

        Assert.True(cluster.Silos[0].ClusterView!.IsDead(cluster.Silos[1].Status.Address));
        Assert.Equal(SiloStatus.Dead, (await cluster.Membership.ReadAllAsync(default)).Single(e => e.Silo == cluster.Silos[1].Status.Address).Status);
    }

    [Fact]
    public async Task GracefulStop_DrainsGrainsWithTheirState_AndTheClusterKeepsServingThem()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var caller = cluster.GrainFactory(0);
        for (var i = 0; i < 30; i++)
        {
            await caller.GetGrain<IClusterCounterGrain>("drain" + i).Increment();
            await caller.GetGrain<IClusterCounterGrain>("drain" + i).Increment();
        }

        var leaving = cluster.Silos[2].Status.Address;
        await cluster.Silos[2].StopAsync();

        // It left the table itself: no failure detection needed, nothing lost.
        Assert.Equal(SiloStatus.Dead, (await cluster.Membership.ReadAllAsync(default)).Single(e => e.Silo == leaving).Status);
        await cluster.WaitForActiveSilosAsync(2);
        for (var i = 0; i < 30; i++)
        {
            var grain = caller.GetGrain<IClusterCounterGrain>("drain" + i);
            Assert.Equal(3, await grain.Increment());
            Assert.NotEqual(leaving.ToString(), await grain.Silo());
        }
    }

    [Fact]
    public async Task CallFromAnotherSilo_QueuedBehindAGrainThatDrains_FollowsTheGrainToItsNextSilo()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var leaving = cluster.Silos[2].Status.Address.ToString();
        var key = "drain-follow0";
        for (var i = 1; await cluster.GrainFactory(2).GetGrain<IWhereGrain>(key).Silo() != leaving; i++)
        {
            key = "drain-follow" + i;
        }

        var grain = cluster.GrainFactory(0).GetGrain<IWhereGrain>(key);
        var running = grain.SiloAfter("drain-gate");
        await cluster.Probe.WhenSignaled("where-waiting:" + key);
        var queued = grain.Silo();

        // Sent after the queued call on the same connection, so answered only once that one waits in the grain's queue.
        Assert.Equal(leaving, await grain.SiloNow());
        var stopping = cluster.Silos[2].StopAsync();
        cluster.Probe.Open("drain-gate");

        Assert.Equal(leaving, await running);
        var next = await queued;
        await stopping;
        Assert.NotEqual(leaving, next);
    }

    [Fact]
    public async Task MembershipTableOutage_LongerThanTheDetectionTimeout_DoesNotMakeSilosDeclareEachOtherDead()
    {
        var table = new UnavailableMembershipTable(new InMemoryMembershipTable());
        await using var cluster = await TestCluster.StartAsync(2, b => b.Services.Replace(ServiceDescriptor.Singleton<IMembershipTable>(table)));
        var detection = TimeSpan.FromSeconds(1.5);

        table.Unavailable = true;
        await Task.Delay(detection * 3);
        table.Unavailable = false;
        await Task.Delay(detection * 2);

        Assert.All(await table.ReadAllAsync(default), e => Assert.Equal(SiloStatus.Active, e.Status));
        Assert.All(cluster.Silos, s => Assert.Equal(SiloStatus.Active, s.Status.Status));
        Assert.Equal(2, (await Task.WhenAll(Enumerable.Range(0, 20).Select(i => cluster.GrainFactory(i % 2).GetGrain<IWhereGrain>("after-outage" + i).Silo()))).Distinct().Count());
    }

    [Fact]
    public async Task NewSilo_JoinsAndTakesNewActivations()
    {
        await using var cluster = await TestCluster.StartAsync(1);
        await cluster.StartSiloAsync();
        await cluster.WaitForActiveSilosAsync(2);

        var silos = new HashSet<string>();
        for (var key = 0; key < 40; key++)
        {
            silos.Add(await cluster.GrainFactory(0).GetGrain<IWhereGrain>("join" + key).Silo());
        }

        Assert.Equal(2, silos.Count);
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (SiloUnavailableException) when (waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }
        }
    }
}
