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

        var grainSamples = await MeasureAsync(iterations, i => grain.Ping(i));
        var taskSamples = await MeasureAsync(iterations, i => new ValueTask<int>(grain.PingTask(i)));
        var directSamples = await MeasureAsync(iterations, plain.Ping);
        var grainAlloc = MeasureAllocation(grain);

        var seqMedian = Stats.Percentile(grainSamples, 50);
        var directMedian = Stats.Percentile(directSamples, 50);
        Console.WriteLine($"sequential grain call (ValueTask<int>): median {seqMedian:F3} us, p99 {Stats.Percentile(grainSamples, 99):F3} us, {grainAlloc:F1} B allocated per call");
        Console.WriteLine($"sequential grain call (Task<int>):      median {Stats.Percentile(taskSamples, 50):F3} us, p99 {Stats.Percentile(taskSamples, 99):F3} us");
        Console.WriteLine($"direct call on a plain object (floor):  median {directMedian:F3} us, p99 {Stats.Percentile(directSamples, 99):F3} us");

        var duration = TimeSpan.FromSeconds(quick ? 3 : 10);
        var grains = Enumerable.Range(1, ConcurrentGrains).Select(i => (IPingTarget)new GrainPingTarget(silo.GrainFactory.GetGrain<IPingGrain>(i))).ToArray();
        var plains = Enumerable.Range(1, ConcurrentGrains).Select(_ => (IPingTarget)new PlainPing()).ToArray();
        var callsPerSecond = await MeasureConcurrentAsync(grains, duration);
        var directPerSecond = await MeasureConcurrentAsync(plains, duration);
        Console.WriteLine($"{Callers} concurrent callers over {ConcurrentGrains} grains, each yielding once per call: {callsPerSecond:N0} calls/s");
        Console.WriteLine($"the same callers on plain objects (floor: the yield itself):                {directPerSecond:N0} calls/s");
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
            ["concurrent_direct_calls_per_s"] = Math.Round(directPerSecond),
            ["concurrent_callers"] = Callers,
        };
    }

    private static async Task<long[]> MeasureAsync(int iterations, Func<int, ValueTask<int>> call)
    {
        var samples = new long[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call(i);
            samples[i] = Stopwatch.GetTimestamp() - start;
        }

        return samples;
    }

    /// <summary>Bytes allocated per call on this thread by the call path alone (no timing, no async caller).</summary>
    private static double MeasureAllocation(IPingGrain grain)
    {
        const int calls = 100_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            var call = grain.Ping(i);
            if (!call.IsCompletedSuccessfully)
            {
                throw new InvalidOperationException("Expected the call to an idle activation to complete inline.");
            }

            _ = call.Result;
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)calls;
    }

    /// <summary>
    /// 1000 callers, each yielding once per iteration so that all of them really have calls interleaved (a call
    /// that completes inline would otherwise let one caller keep its thread).
    /// </summary>
    private static async Task<double> MeasureConcurrentAsync(IPingTarget[] targets, TimeSpan duration)
    {
        foreach (var target in targets)
        {
            await target.Ping(0);
        }

        using var stop = new CancellationTokenSource();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, Callers).Select(async i =>
        {
            await start.Task;
            var target = targets[i % targets.Length];
            long calls = 0;
            while (!stop.IsCancellationRequested)
            {
                await target.Ping(i);
                await Task.Yield();
                calls++;
            }

            return calls;
        }).ToArray();

        var began = Stopwatch.GetTimestamp();
        start.SetResult();
        stop.CancelAfter(duration);
        var counts = await Task.WhenAll(callers);
        return counts.Sum() / Stopwatch.GetElapsedTime(began).TotalSeconds;
    }

    private sealed class GrainPingTarget(IPingGrain grain) : IPingTarget
    {
        public ValueTask<int> Ping(int value) => grain.Ping(value);
    }
}
