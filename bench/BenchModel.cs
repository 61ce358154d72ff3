using System.Diagnostics;
using Harness.Inference.Generation;
using Harness.Inference.Kernels;
using Harness.Inference.Models;
using Harness.Inference.Tokenization;

namespace Harness.Bench;

/// <summary>
/// The model the CPU inference benchmarks run: Llama-shaped, about 220 M parameters in f32 (880 MB), with random
/// weights filled in memory (uniform, scaled as an initialised network), served by the product's engine.
/// </summary>
internal static class BenchModel
{
    public static readonly TransformerConfig Config = new()
    {
        VocabularySize = 32000,
        HiddenSize = 1024,
        IntermediateSize = 2816,
        LayerCount = 12,
        HeadCount = 16,
        KeyValueHeadCount = 16,
        HeadDimension = 64,
        MaxPositions = 2048,
        RmsNormEpsilon = 1e-5f,
    };

    /// <summary>Gets the bytes one decoded token reads: every weight but the embedding table, of which one row.</summary>
    public static long WeightBytesPerToken => (Config.ParameterCount - ((long)Config.VocabularySize * Config.HiddenSize) + Config.HiddenSize) * sizeof(float);

    public static TransformerWeights CreateWeights(long seed)
    {
        var started = Stopwatch.GetTimestamp();
        var c = Config;
        long d = c.HiddenSize;
        var layers = new LayerWeights[c.LayerCount];
        Parallel.For(0, c.LayerCount, i => layers[i] = new LayerWeights
        {
            AttentionNorm = Fill(d, seed + (i * 10) + 1, 0.1f, 1f),
            QueryKeyValue = Fill((c.QueryDimension + (2 * c.KeyValueDimension)) * d, seed + (i * 10) + 2, 1f / MathF.Sqrt(d), 0f),
            AttentionOutput = Fill(d * c.QueryDimension, seed + (i * 10) + 3, 1f / MathF.Sqrt(c.QueryDimension), 0f),
            MlpNorm = Fill(d, seed + (i * 10) + 4, 0.1f, 1f),
            GateUp = Fill(2L * c.IntermediateSize * d, seed + (i * 10) + 5, 1f / MathF.Sqrt(d), 0f),
            Down = Fill(d * c.IntermediateSize, seed + (i * 10) + 6, 1f / MathF.Sqrt(c.IntermediateSize), 0f),
        });
        var weights = new TransformerWeights(
            c,
            Fill(c.VocabularySize * d, seed, 1f, 0f),
            layers,
            Fill(d, seed - 1, 0.1f, 1f),
            Fill(c.VocabularySize * d, seed - 2, 2f / MathF.Sqrt(d), 0f));
        Console.WriteLine($"model: {c.ParameterCount / 1e6:F1} M parameters, {weights.Bytes / 1e6:F0} MB f32 ({c.LayerCount} layers, hidden {c.HiddenSize}, MLP {c.IntermediateSize}, vocabulary {c.VocabularySize}); filled in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        return weights;
    }

    public static GenerationEngine CreateEngine(TransformerWeights weights, int maxBatch) =>
        new(weights, new SilentTokenizer(Config.VocabularySize), new GenerationEngineOptions { MaxBatchSize = maxBatch, PrefillChunkTokens = 64, MaxContextTokens = 1024 }, WorkerPool.Shared);

    public static int[] RandomPrompt(int length, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => random.Next(Config.VocabularySize))];
    }

    /// <summary>Uniform values with standard deviation <paramref name="scale"/> around <paramref name="offset"/>, xorshift-filled.</summary>
    private static float[] Fill(long count, long seed, float scale, float offset)
    {
        var values = new float[count];
        var half = scale * MathF.Sqrt(3f);
        var state = (ulong)seed * 0x9E3779B97F4A7C15UL | 1;
        for (long i = 0; i < values.LongLength; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            values[i] = offset + (((state >> 40) * (1f / (1 << 24)) * 2f) - 1f) * half;
        }

        return values;
    }

    /// <summary>A tokenizer with the model's vocabulary, no text and no end-of-sequence token: every run generates all its tokens.</summary>
    private sealed class SilentTokenizer(int size) : ITokenizer
    {
        public int VocabularySize => size;

        public int? BeginOfSequenceId => null;

        public int? EndOfSequenceId => null;

        public void Encode(string text, List<int> ids) => throw new NotSupportedException("The benchmark feeds token ids.");

        public ReadOnlySpan<byte> GetTokenBytes(int id) => [];

        public bool IsSpecial(int id) => false;
    }
}
