using System.Diagnostics;
using Harness.Inference.Generation;
using Harness.Inference.Kernels;

namespace Harness.Bench;

/// <summary>
/// Time to first token of the built-in CPU transformer for a 256-token prompt on the 220 M-parameter bench model,
/// through the product's engine (admission, prefill in chunks of 64, sampling), one request at a time. The floor is
/// the bare forward passes over the same 256 tokens in the same chunks, without the engine, measured in the same run
/// (the engine's own cost is the ratio); one pass over all 256 at once is shown too.
/// </summary>
internal static class TtftBenchmark
{
    private const int PromptTokens = 256;

    public static async Task<Dictionary<string, object>> RunAsync(bool quick)
    {
        var samples = quick ? 5 : 20;
        var weights = BenchModel.CreateWeights(seed: 7);
        using var engine = BenchModel.CreateEngine(weights, maxBatch: 8);

        // Warm-up (JIT, caches), not counted.
        await FirstTokenAsync(engine, -1);
        var ttft = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            ttft.Add(await FirstTokenAsync(engine, i));
        }

        var floor = BareForward(weights, chunk: 64, quick ? 3 : 5);
        var oneBatch = BareForward(weights, chunk: PromptTokens, quick ? 1 : 3);
        ttft.Sort();
        var p50 = Percentile(ttft, 50);
        var p99 = Percentile(ttft, 99);
        Console.WriteLine($"TTFT, {PromptTokens}-token prompt, {samples} requests one at a time: p50 {p50:F1} ms, p99 {p99:F1} ms, min {ttft[0]:F1} ms");
        Console.WriteLine($"bare forward passes over {PromptTokens} tokens in chunks of 64 (floor): {floor:F1} ms; engine TTFT p50 / floor = {p50 / floor:F2}");
        Console.WriteLine($"bare forward pass over all {PromptTokens} tokens at once: {oneBatch:F1} ms (chunks keep the activations in cache)");
        Console.WriteLine($"prefill throughput at p50: {PromptTokens / (p50 / 1000):F0} tokens/s ({2.0 * BenchModel.Config.ParameterCount * PromptTokens / (p50 / 1000) / 1e9:F1} GFLOP/s)");
        return new Dictionary<string, object>
        {
            ["p50_ms"] = Stats.Round(p50),
            ["p99_ms"] = Stats.Round(p99),
            ["min_ms"] = Stats.Round(ttft[0]),
            ["floor_ms"] = Stats.Round(floor),
            ["one_pass_ms"] = Stats.Round(oneBatch),
            ["ratio_to_floor"] = Stats.Round(p50 / floor),
            ["prompt_tokens"] = PromptTokens,
            ["samples"] = samples,
            ["parameters_m"] = Stats.Round(BenchModel.Config.ParameterCount / 1e6),
        };
    }

    private static async Task<double> FirstTokenAsync(GenerationEngine engine, int seed)
    {
        var request = new GenerationRequest { PromptTokens = BenchModel.RandomPrompt(PromptTokens, seed), MaxTokens = 1, Seed = seed };
        var started = Stopwatch.GetTimestamp();
        await foreach (var _ in engine.GenerateAsync(request, CancellationToken.None))
        {
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        throw new InvalidOperationException("The engine produced no token.");
    }

    /// <summary>The forward passes alone over the prompt, <paramref name="chunk"/> rows each, logits for the last row; best of <paramref name="repeats"/>.</summary>
    private static double BareForward(Harness.Inference.Models.TransformerWeights weights, int chunk, int repeats)
    {
        var model = new TransformerModel(weights, 1024, chunk, WorkerPool.Shared);
        var batch = new ForwardBatch(chunk);
        var logits = new float[BenchModel.Config.VocabularySize];
        var prompt = BenchModel.RandomPrompt(PromptTokens, 99);
        var best = double.MaxValue;

        // One cache for every repeat, as the engine reuses its caches: a fresh one would add its first-touch page faults.
        var cache = new KvCache(BenchModel.Config, PromptTokens);
        for (var r = 0; r < repeats; r++)
        {
            var started = Stopwatch.GetTimestamp();
            for (var first = 0; first < PromptTokens; first += chunk)
            {
                batch.Clear();
                for (var p = first; p < first + chunk; p++)
                {
                    batch.AddToken(cache, p, prompt[p], wantLogits: p == PromptTokens - 1);
                }

                model.Forward(batch, logits);
            }

            best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return best;
    }

    private static double Percentile(List<double> sorted, double percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
