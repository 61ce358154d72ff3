using System.Diagnostics;

namespace Harness.Bench;

/// <summary>
/// The measurement the checkpoint scenarios share: blocks of grain state writes and of raw upserts, alternating
/// so drift on a shared machine hits both alike, after a warm-up of each; prints both and their ratio.
/// </summary>
internal static class CheckpointComparison
{
    public static async Task<Dictionary<string, object>> RunAsync(
        bool quick, ICheckpointGrain grain, Action nextRawPayload, Func<ValueTask> rawUpsert, string store, int payloadBytes)
    {
        var blocks = quick ? 6 : 20;
        var perBlock = quick ? 500 : 1000;
        var stateSamples = new List<long>();
        var rawSamples = new List<long>();
        for (var i = 0; i < 300; i++)
        {
            await grain.Write(i);
            nextRawPayload();
            await rawUpsert();
        }

        var version = 1000;
        for (var block = 0; block < blocks; block++)
        {
            for (var i = 0; i < perBlock; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await grain.Write(++version);
                stateSamples.Add(Stopwatch.GetTimestamp() - start);
            }

            for (var i = 0; i < perBlock; i++)
            {
                // The next payload is made before the clock starts: only the write is timed.
                nextRawPayload();
                var start = Stopwatch.GetTimestamp();
                await rawUpsert();
                rawSamples.Add(Stopwatch.GetTimestamp() - start);
            }
        }

        var state = stateSamples.ToArray();
        var raw = rawSamples.ToArray();
        var stateMedian = Stats.Percentile(state, 50);
        var rawMedian = Stats.Percentile(raw, 50);
        var ratio = stateMedian / rawMedian;
        Console.WriteLine($"state payload: {payloadBytes} bytes of JSON; {state.Length} writes of each kind");
        Console.WriteLine($"grain WriteStateAsync ({store}): median {stateMedian:F1} us, p99 {Stats.Percentile(state, 99):F1} us");
        Console.WriteLine($"raw prepared upsert (floor): median {rawMedian:F1} us, p99 {Stats.Percentile(raw, 99):F1} us");
        Console.WriteLine($"ratio {ratio:F2} (target <= 1.3 -> {(ratio <= 1.3 ? "met" : "MISSED")})");
        return new Dictionary<string, object>
        {
            ["state_write_median_us"] = Stats.Round(stateMedian),
            ["state_write_p99_us"] = Stats.Round(Stats.Percentile(state, 99)),
            ["raw_upsert_median_us"] = Stats.Round(rawMedian),
            ["raw_upsert_p99_us"] = Stats.Round(Stats.Percentile(raw, 99)),
            ["ratio"] = Stats.Round(ratio),
            ["payload_bytes"] = payloadBytes,
        };
    }
}
