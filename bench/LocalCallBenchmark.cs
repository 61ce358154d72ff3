using System.Diagnostics;
using Harness.Runtime.Hosting;

namespace Harness.Bench;

/// <summary>
/// Grain call overhead on one silo: sequential latency of a grain call against the same call on a plain object
/// (the floor, measured in the same run), allocation per call, and throughput with 1000 calls in flight.
/// </summary>
internal static class LocalCallBenchmark
{
    private const int Callers = 1000;
    private const int ConcurrentGrains = 100;

    public static async Task<Dictionary<string, object>> RunAsync(bool quick)
    {
        await using var silo = await BenchSilo.StartAsync(s => s.AddMemoryGrainStorage());
        var grain = silo.GrainFactory.GetGrain<IPingGrain>(0);
        IPingTarget plain = new PlainPing();
        var iterations = quick ? 300_000 : 3_000_000;

        // Warm-up: JIT tiers, pools, the activation itself.
        for (var i = 0; i < 200_000; i++)
        {
            await grain.Ping(i);
            await grain.PingTask(i);
            await plain.Ping(i);
        }

        var (grainSamples, grainAlloc) = await MeasureAsync(iterations, i => grain.Ping(i));
        var (taskSamples, _) = await MeasureAsync(iterations, i => new ValueTask<int>(grain.PingTask(i)));
        var (directSamples, _) = await MeasureAsync(iterations, plain.Ping);

        var seqMedian = Stats.Percentile(grainSamples, 50);
        var directMedian = Stats.Percentile(directSamples, 50);
        Console.WriteLine($"sequential grain call (ValueTask<int>): median {seqMedian:F3} us, p99 {Stats.Percentile(grainSamples, 99):F3} us, {grainAlloc:F1} B allocated per call");
        Console.WriteLine($"sequential grain call (Task<int>):      median {Stats.Percentile(taskSamples, 50):F3} us, p99 {Stats.Percentile(taskSamples, 99):F3} us");
        Console.WriteLine($"direct call on a plain object (floor):  median {directMedian:F3} us, p99 {Stats.Percentile(directSamples, 99):F3} us");

        var duration = TimeSpan.FromSeconds(quick ? 3 : 10);
        var callsPerSecond = await MeasureConcurrentAsync(silo, duration);
        Console.WriteLine($"{Callers} concurrent callers over {ConcurrentGrains} grains: {callsPerSecond:N0} calls/s");
        Console.WriteLine($"target: sequential median <= 3 us -> {(seqMedian <= 3 ? "met" : "MISSED")}");

        return new Dictionary<string, object>
        {
            ["seq_median_us"] = Stats.Round(seqMedian),
            ["seq_p99_us"] = Stats.Round(Stats.Percentile(grainSamples, 99)),
            ["seq_task_median_us"] = Stats.Round(Stats.Percentile(taskSamples, 50)),
            ["direct_median_us"] = Stats.Round(directMedian),
            ["overhead_ratio"] = Stats.Round(seqMedian / Math.Max(directMedian, 0.001)),
            ["alloc_bytes_per_call"] = Stats.Round(grainAlloc),
            ["concurrent_calls_per_s"] = Math.Round(callsPerSecond),
            ["concurrent_callers"] = Callers,
        };
    }

    private static async Task<(long[] Samples, double AllocatedPerCall)> MeasureAsync(int iterations, Func<int, ValueTask<int>> call)
    {
        var samples = new long[iterations];
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call(i);
            samples[i] = Stopwatch.GetTimestamp() - start;
        }

        // Meaningful when the calls complete synchronously on this thread (the inline path).
        var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)iterations;
        return (samples, allocated);
    }

    private static async Task<double> MeasureConcurrentAsync(BenchSilo silo, TimeSpan duration)
    {
        var grains = Enumerable.Range(1, ConcurrentGrains).Select(i => silo.GrainFactory.GetGrain<IPingGrain>(i)).ToArray();
        foreach (var g in grains)
        {
            await g.Ping(0);
        }

        using var stop = new CancellationTokenSource();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, Callers).Select(async i =>
        {
            await start.Task;
            var target = grains[i % grains.Length];
            long calls = 0;
            while (!stop.IsCancellationRequested)
            {
                await target.Ping(i);
                calls++;
            }

            return calls;
        }).ToArray();

        var began = Stopwatch.GetTimestamp();
        start.SetResult();
        stop.CancelAfter(duration);
        var counts = await Task.WhenAll(callers);
        var elapsed = Stopwatch.GetElapsedTime(began);
        return counts.Sum() / elapsed.TotalSeconds;
    }
}
