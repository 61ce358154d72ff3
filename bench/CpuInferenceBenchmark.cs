using System.Diagnostics;
using Harness.Inference.Generation;

namespace Harness.Bench;

/// <summary>
/// Decoding speed of the built-in CPU transformer (the product's <see cref="GenerationEngine"/>) on a random
/// 220 M-parameter f32 model, at batch 1 and batch 8, against the memory roofline: decoding one token reads every
/// weight once, so tokens/s can be at most bandwidth / weight bytes; the bandwidth is measured in the same run.
/// </summary>
internal static class CpuInferenceBenchmark
{
    private const int Prompt = 16;
    private const int Warmup = 8;

    public static async Task<Dictionary<string, object>> RunAsync(bool quick)
    {
        var measured = quick ? 48 : 160;
        var weights = BenchModel.CreateWeights(seed: 7);
        // This machine's bandwidth moves with its neighbours' load: the best of many passes, before and after decoding.
        var bandwidthBefore = MemoryBandwidth.Measure(1L << 30, 20);
        using var engine = BenchModel.CreateEngine(weights, maxBatch: 8);

        // Not measured: the JIT's first tiers and the KV caches' first allocation.
        await DecodeAsync(engine, 8, 40);
        var (b1, allocatedPerToken) = await DecodeAsync(engine, 1, measured);
        var (b8, _) = await DecodeAsync(engine, 8, measured);
        var bandwidth = Math.Max(bandwidthBefore, MemoryBandwidth.Measure(1L << 30, 20));
        var roofline = bandwidth * 1e9 / BenchModel.WeightBytesPerToken;
        Console.WriteLine($"memory: {bandwidth:F1} GB/s streaming read (1 GiB, all {Environment.ProcessorCount} cores, best of 40 passes, {bandwidthBefore:F1} before decoding); a token reads {BenchModel.WeightBytesPerToken / 1e6:F0} MB of weights: roofline {roofline:F1} tokens/s");
        var fraction = b1 / roofline;
        Console.WriteLine($"batch 1: {b1:F1} tokens/s ({fraction:P0} of the roofline; target >= 60 %: {(fraction >= 0.6 ? "met" : "MISSED")})");
        Console.WriteLine($"allocated per decoded token at batch 1, after the warm-up (whole process: engine, stream, caller): {allocatedPerToken:F0} bytes");
        Console.WriteLine($"batch 8: {b8:F1} tokens/s ({b8 / b1:F2}x batch 1; {b8 / roofline:P0} of the batch-1 roofline)");
        return new Dictionary<string, object>
        {
            ["tokens_per_s_b1"] = Stats.Round(b1),
            ["tokens_per_s_b8"] = Stats.Round(b8),
            ["bandwidth_gb_s"] = Stats.Round(bandwidth),
            ["roofline_tokens_per_s"] = Stats.Round(roofline),
            ["roofline_fraction_b1"] = Stats.Round(fraction),
            ["batch8_speedup"] = Stats.Round(b8 / b1),
            ["alloc_bytes_per_token_b1"] = Math.Round(allocatedPerToken),
            ["parameters_m"] = Stats.Round(BenchModel.Config.ParameterCount / 1e6),
            ["weight_bytes_per_token"] = BenchModel.WeightBytesPerToken,
            ["decoded_tokens_per_sequence"] = measured,
        };
    }

    /// <summary>
    /// Runs <paramref name="batch"/> generations at once and returns tokens/s over the window in which all of them are
    /// decoding: from the last one's warm-up token to the first one's last token (prompts and warm-up excluded); and
    /// the bytes the process allocated per token from the end of the warm-up to the end (meaningful at batch 1).
    /// </summary>
    private static async Task<(double TokensPerSecond, double AllocatedPerToken)> DecodeAsync(GenerationEngine engine, int batch, int measured)
    {
        var allocatedAfterWarmup = 0L;
        var stamps = await Task.WhenAll(Enumerable.Range(0, batch).Select(i => Task.Run(async () =>
        {
            var times = new long[Warmup + measured];
            var count = 0;
            var request = new GenerationRequest { PromptTokens = BenchModel.RandomPrompt(Prompt, i), MaxTokens = Warmup + measured, Seed = i };
            await foreach (var _ in engine.GenerateAsync(request, CancellationToken.None))
            {
                times[count++] = Stopwatch.GetTimestamp();
                if (count == Warmup && i == 0)
                {
                    allocatedAfterWarmup = GC.GetTotalAllocatedBytes(precise: true);
                }
            }

            return times;
        })));
        var allocatedPerToken = (GC.GetTotalAllocatedBytes(precise: true) - allocatedAfterWarmup) / (double)(batch * measured);
        var start = stamps.Max(s => s[Warmup - 1]);
        var end = stamps.Min(s => s[^1]);
        var tokens = stamps.Sum(s => s.Count(t => t > start && t <= end));
        var tokensPerSecond = tokens / Stopwatch.GetElapsedTime(start, end).TotalSeconds;
        Console.WriteLine($"  batch {batch}: {tokens} tokens decoded together in {Stopwatch.GetElapsedTime(start, end).TotalMilliseconds:F0} ms");
        return (tokensPerSecond, allocatedPerToken);
    }
}
