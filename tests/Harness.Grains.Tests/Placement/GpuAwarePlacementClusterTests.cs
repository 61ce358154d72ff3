using Harness.GrainInterfaces.Chains;
using Harness.GrainInterfaces.Devices;
using Harness.GrainInterfaces.Inference;
using Harness.Runtime.Placement;
using Xunit;

namespace Harness.Grains.Tests.Placement;

public sealed class GpuAwarePlacementClusterTests : IAsyncLifetime
{
    private static readonly long[] Vram = [1000, 600, 600];
    private PlacementTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await PlacementTestCluster.StartAsync(Vram);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task VramIsNeverOversubscribedUnderConcurrentPlacement()
    {
        // 60 executions of 100..800 MiB against 2200 MiB in all, started together from all three silos; 800 MiB fits only silo 0's device.
        long[] sizes = [100, 250, 400, 550, 800];
        var addresses = _cluster.Addresses;
        var calls = Enumerable.Range(0, 60).Select(i =>
        {
            var size = sizes[i % sizes.Length];
            var qos = size == 800 ? QosClass.Realtime : (QosClass)(i % 3);
            var grain = _cluster.GrainFactory(i % 3).GetGrain<IVramHolderGrain>(InferenceGrainKeys.For("gpu", size, "llama-8b", $"exec-{i}"));
            return (Size: size, Call: grain.Hold(qos, 20 + (i * 7 % 60)));
        }).ToArray();
        var all = Task.WhenAll(calls.Select(c => c.Call));

        var violations = new List<string>();
        var samples = 0;
        var busiest = 0.0;
        while (!all.IsCompleted)
        {
            foreach (var address in addresses)
            {
                var status = await _cluster.GrainFactory(0).GetGrain<IDeviceGrain>(DeviceGrainKeys.For(address, PlacementTestCluster.DeviceId)).GetStatus();
                var leased = status.Leases.Sum(l => l.VramMb);
                if (leased > status.TotalVramMb || status.FreeVramMb < 0)
                {
                    violations.Add($"{address}: {leased} MiB leased of {status.TotalVramMb}");
                }

                busiest = Math.Max(busiest, (double)leased / status.TotalVramMb);
            }

            samples++;
            await Task.WhenAny(all, Task.Delay(5));
        }

        var hosts = await all.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Empty(violations);
        Assert.True(samples > 0);
        Assert.True(busiest > 0, "the sampler saw no lease at all");
        for (var i = 0; i < addresses.Count; i++)
        {
            Assert.InRange(_cluster.Recorder.Peak(addresses[i].ToString()), 1, Vram[i]);
        }

        Assert.Equal(addresses.Select(a => a.ToString()).Order(), hosts.Distinct().Order());
        Assert.All(calls.Zip(hosts).Where(c => c.First.Size == 800), c => Assert.Equal(addresses[0].ToString(), c.Second));
    }

    [Fact]
    public async Task ADeviceGrainOfSiloBAnswersACallMadeFromSiloA()
    {
        var siloB = _cluster.Addresses[1];
        var fromA = _cluster.GrainFactory(0).GetGrain<IDeviceGrain>(DeviceGrainKeys.For(siloB, PlacementTestCluster.DeviceId));

        var lease = await fromA.RequestLease(new LeaseRequest { HolderId = "from-a", VramMb = 200, TimeSlice = TimeSpan.FromMinutes(1) });
        var seenFromC = await _cluster.GrainFactory(2).GetGrain<IDeviceGrain>(DeviceGrainKeys.For(siloB, PlacementTestCluster.DeviceId)).GetStatus();

        Assert.Equal((600L, 400L), (seenFromC.TotalVramMb, seenFromC.FreeVramMb));
        Assert.Equal(lease.LeaseId, Assert.Single(seenFromC.Leases).LeaseId);
        Assert.True(await fromA.ReleaseLease(lease.LeaseId));
    }

    [Fact]
    public async Task ADeviceGrainOfASiloThatIsNotAMemberIsRefused()
    {
        var gone = new SiloAddress("127.0.0.1", 1, 0);
        var key = DeviceGrainKeys.For(gone, PlacementTestCluster.DeviceId);

        var error = await Assert.ThrowsAsync<PlacementException>(() => _cluster.GrainFactory(0).GetGrain<IDeviceGrain>(key).GetStatus());

        Assert.Contains("belongs to silo 127.0.0.1:1@0, which is not an active member", error.Message, StringComparison.Ordinal);
    }
}
