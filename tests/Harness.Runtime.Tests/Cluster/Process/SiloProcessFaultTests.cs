using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Harness.Runtime.Hosting;
using Harness.Runtime.Tests.Infrastructure;
using Harness.TestGrains;
using Xunit;
using Xunit.Abstractions;

namespace Harness.Runtime.Tests.Cluster.Process;

/// <summary>
/// Faults of real silo processes (tests/Harness.TestSiloHost) clustered on PostgreSQL: kill -9 in the middle of a
/// workload, a silo frozen (SIGSTOP) until it is declared dead and then thawed, and a graceful SIGTERM.
/// </summary>
[Collection(SiloProcessCollection.Name)]
public sealed class SiloProcessFaultTests(ITestOutputHelper output)
{
    /// <summary>Slack on top of the detection timeout for a grain of a killed silo to answer again (a functional bound, not a benchmark).</summary>
    private static readonly TimeSpan RecoveryMargin = TimeSpan.FromSeconds(5);

    [PostgresFact]
    public async Task KilledSiloProcess_ItsGrainsReactivateOnSurvivorsFromPersistedState_WithoutLosingAcknowledgedWrites()
    {
        using var cluster = await SiloProcessCluster.StartAsync(3);
        await using var client = await cluster.ConnectClientAsync();

        // Kill the client's own gateway when it is one of ours: the client's failover is part of the recovery.
        var victim = cluster.Silos.FirstOrDefault(s => s.Address == client.Gateway) ?? cluster.Silos[1];

        // Grains spread over the silos, at least 3 of them on the victim.
        var placement = new Dictionary<string, string>();
        for (var i = 0; placement.Count < 12 || placement.Values.Count(s => s == victim.Address) < 3; i++)
        {
            Assert.True(i < 300, "Placement never put 3 of 300 grains on the victim silo.");
            var key = "kill-" + i;
            placement[key] = await client.GetGrain<IClusterCounterGrain>(key).Silo();
        }

        var workers = placement.Keys.Select(k => new CounterWorker(k, client.GetGrain<IClusterCounterGrain>(k))).ToArray();
        var onVictim = workers.Where(w => placement[w.Key] == victim.Address).ToArray();
        using var stop = new CancellationTokenSource();
        var running = workers.Select(w => Task.Run(() => w.RunAsync(stop.Token))).ToArray();

        await WaitUntilAsync(() => workers.All(w => w.AckCount >= 5), TimeSpan.FromSeconds(20), running, "every grain acknowledged 5 writes", cluster);

        // The clock starts once the signal is sent: no call sent after it can be answered by the killed process.
        victim.Kill();
        var killedAt = Stopwatch.GetTimestamp();

        var deadline = SiloProcessCluster.DetectionTimeout + RecoveryMargin + TimeSpan.FromSeconds(5);
        await WaitUntilAsync(() => onVictim.All(w => w.FirstAckSentAfter(killedAt) is not null), deadline, running, "every grain of the killed silo answered again", cluster);

        // A little more work on the new activations, then stop.
        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(running);

        var survivors = cluster.Silos.Where(s => s != victim).Select(s => s.Address).ToArray();
        foreach (var worker in workers)
        {
            var acks = worker.Acks;
            var unknown = worker.Unknown.Count;
            var final = await DiagnoseAsync(() => worker.Grain.Get(), $"Get of {worker.Key} (was on {placement[worker.Key]}, victim {victim.Address})", cluster);
            var context = $"grain {worker.Key} (was on {placement[worker.Key]}): {acks.Count} acknowledged, last {acks[^1].Value}, {unknown} unknown outcomes, final {final}";

            // Acknowledged values only grow: a new activation never started from a state older than an acknowledged write.
            for (var i = 1; i < acks.Count; i++)
            {
                Assert.True(acks[i].Value > acks[i - 1].Value, $"{context}: acknowledged {acks[i - 1].Value} then {acks[i].Value}.");
            }

            // Every acknowledged increment is in the final value; the only others are calls whose outcome was unknown.
            Assert.True(final >= acks[^1].Value, context);
            Assert.InRange(final - acks.Count, 0, unknown);
        }

        foreach (var worker in onVictim)
        {
            var recovery = Stopwatch.GetElapsedTime(killedAt, worker.FirstAckSentAfter(killedAt)!.Value.Answered);
            output.WriteLine($"{worker.Key}: answered again {recovery.TotalMilliseconds:F0} ms after kill -9 (detection timeout {SiloProcessCluster.DetectionTimeout.TotalMilliseconds:F0} ms); {worker.Unknown.Count} calls with unknown outcome");
            Assert.True(
                recovery <= SiloProcessCluster.DetectionTimeout + RecoveryMargin,
                $"{worker.Key} answered again only {recovery.TotalMilliseconds:F0} ms after the kill.");
            Assert.Contains(await DiagnoseAsync(() => worker.Grain.Silo(), $"Silo of {worker.Key}", cluster), survivors);
        }

        await cluster.WaitForStatusAsync(victim, SiloStatus.Dead, TimeSpan.FromSeconds(5));
        output.WriteLine(cluster.Outputs());
    }

    [PostgresFact]
    public async Task FrozenSiloProcess_DeclaredDead_ItsLateWriteIsRejected_AndItStopsServing()
    {
        // A fenced silo lingers 2 s before exiting, so the thawed grain turn really attempts its write.
        using var cluster = await SiloProcessCluster.StartAsync(3, new Dictionary<string, string> { ["TestHost:FencedExitDelay"] = "00:00:02" });
        var (gateway, frozen) = (cluster.Silos[0], cluster.Silos[1]);
        await using var client = await cluster.ConnectClientAsync(gateway);

        string? key = null;
        for (var i = 0; key is null; i++)
        {
            Assert.True(i < 200, "Placement never put one of 200 grains on the silo to freeze.");
            if (await client.GetGrain<ISlowWriteGrain>("late-" + i).Silo() == frozen.Address)
            {
                key = "late-" + i;
            }
        }

        var grain = client.GetGrain<ISlowWriteGrain>(key);
        Assert.Equal(1, await grain.Add(1));

        // The slow write adds 100 in memory and waits; freeze its silo in the middle of that wait.
        var slow = grain.SlowAdd(100, 1500);
        await frozen.WaitForOutputAsync($"slow write of {key} waits", TimeSpan.FromSeconds(10));
        frozen.Suspend();
        var frozenFor = Stopwatch.StartNew();
        await cluster.WaitForStatusAsync(frozen, SiloStatus.Dead, SiloProcessCluster.DetectionTimeout + TimeSpan.FromSeconds(10));
        output.WriteLine($"declared dead {frozenFor.ElapsedMilliseconds} ms after SIGSTOP (detection timeout {SiloProcessCluster.DetectionTimeout.TotalMilliseconds:F0} ms)");

        // The grain reactivates on a survivor from the last acknowledged state (1) and acknowledges a write of its own.
        Assert.Equal(2, await RetryAsync(() => grain.Add(1)));
        Assert.NotEqual(frozen.Address, await grain.Silo());

        // The slow call was never acknowledged: its caller learnt that the silo is gone.
        var slowFailure = await Record.ExceptionAsync(() => slow.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.IsType<SiloUnavailableException>(slowFailure);

        // Thawed, the frozen silo finds itself dead and stops; its delayed write of 101 runs into the fence.
        frozen.Resume();
        Assert.Equal(3, await frozen.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("FENCED", frozen.Output, StringComparison.Ordinal);
        Assert.Contains($"slow write of {key} (value 101) was rejected", frozen.Output, StringComparison.Ordinal);
        Assert.DoesNotContain($"slow write of {key} wrote", frozen.Output, StringComparison.Ordinal);
        Assert.Equal(2, await grain.ReadStored());

        // And it serves nothing any more: its port is closed.
        using var socket = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, frozen.Port));
        output.WriteLine(cluster.Outputs());
    }

    [PostgresFact]
    public async Task SigtermedSiloProcess_DrainsItsGrainsWithTheirState_AndLeavesTheMembershipTableDead()
    {
        using var cluster = await SiloProcessCluster.StartAsync(3);
        var leaving = cluster.Silos[2];
        await using var client = await cluster.ConnectClientAsync(cluster.Silos[0], cluster.Silos[1]);

        var placement = new Dictionary<string, string>();
        for (var i = 0; i < 30; i++)
        {
            var grain = client.GetGrain<IClusterCounterGrain>("drain-" + i);
            Assert.Equal(1, await grain.Increment());
            Assert.Equal(2, await grain.Increment());
            placement["drain-" + i] = await grain.Silo();
        }

        Assert.Contains(leaving.Address, placement.Values);

        leaving.Terminate();
        Assert.Equal(0, await leaving.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(SiloStatus.Dead, cluster.ReadStatus(leaving));

        // Every value continues where it was, on the silos that stayed. (A call the survivors still route to the
        // departed silo before their next table read fails without running: that silo is gone.)
        foreach (var (key, silo) in placement)
        {
            var grain = client.GetGrain<IClusterCounterGrain>(key);
            Assert.Equal(3, await RetryAsync(() => grain.Increment()));
            Assert.NotEqual(leaving.Address, await grain.Silo());
        }

        output.WriteLine(cluster.Outputs());
    }

    /// <summary>Runs a call that must succeed; when it fails, the failure names the call and carries every silo's output.</summary>
    private static async Task<T> DiagnoseAsync<T>(Func<Task<T>> call, string what, SiloProcessCluster cluster)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is SiloUnavailableException or TimeoutException)
        {
            throw new InvalidOperationException($"{what} failed: {exception.Message}{Environment.NewLine}{cluster.Outputs()}", exception);
        }
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception exception) when (exception is SiloUnavailableException or TimeoutException && waited.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(20);
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Task[] workers, string what, SiloProcessCluster cluster)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (workers.FirstOrDefault(w => w.IsFaulted) is { } failed)
            {
                await failed;
            }

            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Not within {timeout.TotalSeconds:F1} s: {what}.{Environment.NewLine}{cluster.Outputs()}");
            }

            await Task.Delay(10);
        }
    }
}
