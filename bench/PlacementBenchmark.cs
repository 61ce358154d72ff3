using System.Diagnostics;
using System.Globalization;
using Harness.GrainInterfaces.Chains;
using Harness.GrainInterfaces.Devices;
using Harness.GrainInterfaces.Inference;
using Harness.Grains;
using Harness.Grains.Placement;
using Harness.Runtime;
using Harness.Runtime.Hosting;
using Harness.Runtime.Membership;
using Harness.Runtime.Placement;
using Microsoft.Extensions.DependencyInjection;

namespace Harness.Bench;

/// <summary>
/// GPU-aware placement: three in-process silos (TCP between them, shared in-memory membership and directory), each
/// with one declared GPU (24, 16 and 16 GiB), under a saturating mix of realtime, standard and background executions
/// of 2..20 GiB (far more demand than VRAM). Every execution is a fresh grain, so every call is a placement
/// decision; it leases its VRAM from the device of the silo it was placed on. Reports the time-weighted fraction of
/// VRAM leased (sampled from the device grains), whether any device was ever oversubscribed, and the director's
/// decisions per second against the live cluster's placement context, with the random director on the same
/// context as the floor.
/// </summary>
internal static class PlacementBenchmark
{
    private const string DeviceId = PlacementBenchGrain.DeviceId;
    private const int Workers = 96;
    private static readonly long[] VramMb = [24576, 16384, 16384];
    private static readonly string[] Models = ["llama-8b", "mistral-7b", "qwen-14b"];
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    public static async Task<Dictionary<string, object>> RunAsync(bool quick)
    {
        var load = TimeSpan.FromSeconds(quick ? 8 : 30);
        var decisions = quick ? 200_000 : 2_000_000;
        var probe = new PlacementBenchProbe();
        var membership = new InMemoryMembershipTable();
        var directory = new InMemoryGrainDirectory();
        var silos = new List<BenchSilo>();
        try
        {
            for (var i = 0; i < VramMb.Length; i++)
            {
                silos.Add(await BenchSilo.StartAsync(
                    s =>
                    {
                        s.AddHarnessGrains().AddMemoryGrainStorage().UseInMemoryClustering(membership, directory);
                        s.Services.AddSingleton(probe);
                    },
                    Settings(i)));
            }

            await WaitForClusterAsync(silos);
            var heartbeat = Settings(0)["Harness:Cluster:HeartbeatPeriod"];
            Console.WriteLine(
                $"3 in-process silos, gpu0 of {string.Join(" / ", VramMb.Select(v => $"{v / 1024} GiB"))} ({VramMb.Sum() / 1024} GiB in all); heartbeat {heartbeat}; " +
                $"{Workers} closed-loop callers, each a fresh execution per call; load {load.TotalSeconds:F0} s (first {Warmup.TotalSeconds:F0} s not measured)");

            var loadResult = await RunLoadAsync(silos, probe, load);
            var (gpuRate, gpuAlloc) = await MeasureDecisionsAsync(silos[0], GpuAwarePlacement.Instance, decisions, snapshot: false);
            var (gpuSnapshotRate, gpuSnapshotAlloc) = await MeasureDecisionsAsync(silos[0], GpuAwarePlacement.Instance, decisions, snapshot: true);
            var (randomRate, randomAlloc) = await MeasureDecisionsAsync(silos[0], RandomPlacement.Instance, decisions, snapshot: false);
            var (randomSnapshotRate, _) = await MeasureDecisionsAsync(silos[0], RandomPlacement.Instance, decisions, snapshot: true);

            Console.WriteLine(
                $"saturated load: {loadResult.Completed:N0} executions completed ({loadResult.LoadDecisions:N0} activations placed, {loadResult.LoadDecisions / load.TotalSeconds:N0}/s); " +
                $"VRAM leased (time-weighted, {loadResult.Samples:N0} samples): {loadResult.Utilisation:P1}; oversubscribed samples: {loadResult.Oversubscribed}");
            foreach (var (qos, waits) in loadResult.Waits)
            {
                Console.WriteLine($"  {qos,-10} {waits.Length,6:N0} executions, lease wait median {Percentile(waits, 50),8:F1} ms, p99 {Percentile(waits, 99),8:F1} ms");
            }

            Console.WriteLine($"GPU-aware director, live context:  {gpuRate,12:N0} decisions/s, {gpuAlloc,6:F0} B allocated per decision");
            Console.WriteLine($"random director, live context:     {randomRate,12:N0} decisions/s, {randomAlloc,6:F0} B allocated per decision (floor)");
            Console.WriteLine($"GPU-aware director, fixed snapshot: {gpuSnapshotRate,11:N0} decisions/s, {gpuSnapshotAlloc,6:F0} B allocated per decision (director alone)");
            Console.WriteLine($"random director, fixed snapshot:    {randomSnapshotRate,11:N0} decisions/s");
            Console.WriteLine($"ratio GPU-aware / random (live context): {gpuRate / randomRate:F2}");

            var result = new Dictionary<string, object>
            {
                ["decisions_per_s"] = Math.Round(gpuRate),
                ["random_decisions_per_s"] = Math.Round(randomRate),
                ["decision_ratio"] = Stats.Round(gpuRate / randomRate),
                ["decision_alloc_bytes"] = Math.Round(gpuAlloc),
                ["random_decision_alloc_bytes"] = Math.Round(randomAlloc),
                ["director_only_decisions_per_s"] = Math.Round(gpuSnapshotRate),
                ["director_only_alloc_bytes"] = Math.Round(gpuSnapshotAlloc),
                ["random_director_only_decisions_per_s"] = Math.Round(randomSnapshotRate),
                ["vram_utilisation"] = Stats.Round(loadResult.Utilisation),
                ["oversubscribed_samples"] = loadResult.Oversubscribed,
                ["utilisation_samples"] = loadResult.Samples,
                ["load_activations_placed"] = loadResult.LoadDecisions,
                ["load_decisions_per_s"] = Math.Round(loadResult.LoadDecisions / load.TotalSeconds),
                ["executions_completed"] = loadResult.Completed,
                ["load_seconds"] = load.TotalSeconds,
                ["total_vram_mb"] = VramMb.Sum(),
                ["silos"] = VramMb.Length,
            };
            foreach (var (qos, waits) in loadResult.Waits)
            {
                var name = qos.ToString().ToLowerInvariant();
                result[$"{name}_completed"] = waits.Length;
                result[$"{name}_wait_median_ms"] = Stats.Round(Percentile(waits, 50));
                result[$"{name}_wait_p99_ms"] = Stats.Round(Percentile(waits, 99));
            }

            return result;
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static Dictionary<string, string?> Settings(int index) => new()
    {
        ["Harness:Cluster:HeartbeatPeriod"] = "00:00:00.250",
        ["Harness:Cluster:TableRefreshPeriod"] = "00:00:00.100",
        ["Harness:Cluster:MissedHeartbeatsLimit"] = "8",
        ["Harness:Messaging:ResponseTimeout"] = "00:02:00",
        ["Harness:Silo:SiloName"] = $"placement-{index}",
        ["Harness:Silo:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
        ["Harness:Silo:AdvertisedHost"] = "127.0.0.1",
        ["Harness:Devices:UseNvml"] = "false",
        ["Harness:Devices:CpuMemoryMb"] = "4096",
        ["Harness:Devices:Declared:0:Id"] = DeviceId,
        ["Harness:Devices:Declared:0:Kind"] = "gpu",
        ["Harness:Devices:Declared:0:VramMb"] = VramMb[index].ToString(CultureInfo.InvariantCulture),
    };

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Ready when every silo's view has all three active, each advertising its gpu.</summary>
    private static async Task WaitForClusterAsync(List<BenchSilo> silos)
    {
        var waited = Stopwatch.StartNew();
        while (!silos.TrueForAll(s => s.Services.GetRequiredService<SiloRuntime>().Cluster?.Membership.View.ActiveSilos is { Count: 3 } view
            && view.All(v => v.Capabilities.Devices.Any(d => d.Kind == "gpu"))))
        {
            if (waited.Elapsed > StartTimeout)
            {
                throw new TimeoutException("The 3 silos did not see each other (with their GPUs) within 20 s.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>An execution: its class, VRAM and hold time, drawn from the class's ranges.</summary>
    private static (QosClass Qos, long VramMb, int HoldMs) Draw(Random random)
    {
        var roll = random.Next(10);
        return roll < 2 ? (QosClass.Realtime, 1024L * random.Next(2, 9), random.Next(50, 151))
            : roll < 7 ? (QosClass.Standard, 1024L * random.Next(4, 17), random.Next(100, 301))
            : (QosClass.Background, 1024L * random.Next(8, 21), random.Next(200, 601));
    }

    private static async Task<LoadResult> RunLoadAsync(List<BenchSilo> silos, PlacementBenchProbe probe, TimeSpan load)
    {
        var start = Stopwatch.GetTimestamp();
        var waits = new Dictionary<QosClass, List<double>> { [QosClass.Realtime] = [], [QosClass.Standard] = [], [QosClass.Background] = [] };
        using var stop = new CancellationTokenSource();
        var placedBefore = probe.Activations;
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var factory = silos[w % silos.Count].GrainFactory;
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var (qos, vram, hold) = Draw(random);
                var key = InferenceGrainKeys.For("gpu", vram, Models[random.Next(Models.Length)], $"w{w}-{n}");
                var waited = await factory.GetGrain<IPlacementBenchGrain>(key).Run(qos, hold);
                if (Stopwatch.GetElapsedTime(start) >= Warmup)
                {
                    lock (waits)
                    {
                        waits[qos].Add(waited);
                    }
                }
            }
        })).ToArray();

        // Sample every device through its own silo (local calls) while the load runs, after the warm-up.
        var devices = silos.Select(s => s.GrainFactory.GetGrain<IDeviceGrain>(
            DeviceGrainKeys.For(s.Services.GetRequiredService<ISiloStatus>().Address, DeviceId))).ToArray();
        var total = VramMb.Sum();
        double leasedSeconds = 0;
        double measuredSeconds = 0;
        var samples = 0;
        var oversubscribed = 0;
        double? last = null;
        var lastAt = 0L;
        while (Stopwatch.GetElapsedTime(start) < load)
        {
            await Task.Delay(SampleEvery);
            var statuses = await Task.WhenAll(devices.Select(d => d.GetStatus()));
            var now = Stopwatch.GetTimestamp();
            long leased = 0;
            foreach (var status in statuses)
            {
                var held = status.Leases.Sum(l => l.VramMb);
                oversubscribed += held > status.TotalVramMb ? 1 : 0;
                leased += held;
            }

            if (Stopwatch.GetElapsedTime(start, now) < Warmup)
            {
                continue;
            }

            if (last is { } previous)
            {
                var dt = Stopwatch.GetElapsedTime(lastAt, now).TotalSeconds;
                leasedSeconds += previous * dt;
                measuredSeconds += dt;
            }

            last = (double)leased / total;
            lastAt = now;
            samples++;
        }

        var placed = probe.Activations - placedBefore;
        await stop.CancelAsync();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));
        return new LoadResult(
            measuredSeconds > 0 ? leasedSeconds / measuredSeconds : 0,
            samples,
            oversubscribed,
            placed,
            waits.Values.Sum(v => v.Count),
            [.. waits.Select(p => (p.Key, p.Value.ToArray()))]);
    }

    /// <summary>A tight loop of decisions on the live placement context of one silo (or a fixed snapshot of it, for the director alone).</summary>
    private static async Task<(double PerSecond, double AllocBytes)> MeasureDecisionsAsync(BenchSilo silo, PlacementStrategy strategy, int count, bool snapshot)
    {
        var director = silo.Services.GetRequiredKeyedService<IPlacementDirector>(strategy.GetType());
        IPlacementContext context = silo.Services.GetRequiredService<SiloRuntime>().Placement;
        var random = new Random(42);
        var targets = Enumerable.Range(0, 4096).Select(i =>
        {
            var (_, vram, _) = Draw(random);
            return new PlacementTarget(new GrainId("placement-bench", InferenceGrainKeys.For("gpu", vram, Models[i % Models.Length], $"d{i}")), typeof(PlacementBenchGrain));
        }).ToArray();
        if (snapshot)
        {
            context = new SnapshotContext(context.LocalSilo, context.GetCompatibleSilos(targets[0]));
        }

        for (var i = 0; i < 20_000; i++)
        {
            await director.OnAddActivationAsync(strategy, targets[i % targets.Length], context, CancellationToken.None);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var decision = director.OnAddActivationAsync(strategy, targets[i & (targets.Length - 1)], context, CancellationToken.None);
            if (!decision.IsCompletedSuccessfully)
            {
                await decision;
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return (count / elapsed, (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)count);
    }

    private static double Percentile(double[] values, double percentile)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Clamp(Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private sealed record LoadResult(double Utilisation, int Samples, int Oversubscribed, long LoadDecisions, int Completed, (QosClass Qos, double[] Waits)[] Waits);

    private sealed class SnapshotContext(SiloAddress local, IReadOnlyList<SiloInfo> silos) : IPlacementContext
    {
        public SiloAddress LocalSilo => local;

        public IReadOnlyList<SiloInfo> GetCompatibleSilos(PlacementTarget target) => silos;
    }
}
