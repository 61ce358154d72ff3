using Harness.Inference.Generation;
using Harness.Inference.Kernels;
using Harness.Inference.Models;
using Xunit;

namespace Harness.Inference.Tests.Generation;

public sealed class TransformerModelTests : IDisposable
{
    private static readonly TinyModelSpec Spec = new()
    {
        HiddenSize = 64,
        IntermediateSize = 96,
        Layers = 2,
        Heads = 4,
        KeyValueHeads = 2,
        VocabularySize = 300,
        MaxPositions = 64,
        Seed = 7,
    };

    private readonly string _directory = Directory.CreateTempSubdirectory("harness-model-").FullName;
    private readonly WorkerPool _pool = new(2);

    public void Dispose()
    {
        _pool.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Prefill_LogitsMatchTheScalarReference_AtEveryPosition()
    {
        var (model, reference) = Load(Spec);
        int[] tokens = [5, 77, 299, 0, 12, 12, 150, 42, 8, 200];
        var expected = reference.Logits(tokens);

        var cache = new KvCache(model.Config, 16);
        var batch = new ForwardBatch(model.MaxRows);
        for (var p = 0; p < tokens.Length; p++)
        {
            batch.AddToken(cache, p, tokens[p], wantLogits: true);
        }

        var logits = new float[tokens.Length * Spec.VocabularySize];
        model.Forward(batch, logits);

        AssertClose(expected, logits, tokens.Length);
    }

    [Fact]
    public void DecodingOneTokenAtATime_ThroughTheCache_MatchesTheReference_AndEqualsThePrefillBitForBit()
    {
        var (model, reference) = Load(Spec);
        int[] tokens = [1, 2, 3, 250, 99, 4, 4, 4];
        var expected = reference.Logits(tokens);

        var cache = new KvCache(model.Config, 16);
        var batch = new ForwardBatch(model.MaxRows);
        var stepped = new float[tokens.Length * Spec.VocabularySize];
        var one = new float[Spec.VocabularySize];
        for (var p = 0; p < tokens.Length; p++)
        {
            batch.Clear();
            batch.AddToken(cache, p, tokens[p], wantLogits: true);
            model.Forward(batch, one);
            one.CopyTo(stepped, p * Spec.VocabularySize);
        }

        AssertClose(expected, stepped, tokens.Length);

        var prefillCache = new KvCache(model.Config, 16);
        batch.Clear();
        for (var p = 0; p < tokens.Length; p++)
        {
            batch.AddToken(prefillCache, p, tokens[p], wantLogits: true);
        }

        var prefilled = new float[tokens.Length * Spec.VocabularySize];
        model.Forward(batch, prefilled);
        Assert.Equal(stepped, prefilled);
    }

    [Fact]
    public void GroupedQueryAttention_TiedEmbeddings_AndHalfPrecisionWeights_MatchTheReference()
    {
        // One key/value head for all four query heads, the output projection tied to the embedding, weights in F16:
        // the reference gets the same F16-rounded values the loader widens.
        var spec = Spec with { KeyValueHeads = 1, TieWordEmbeddings = true, DType = SafetensorsDType.F16, Seed = 11 };
        var (model, reference) = Load(spec, round: v => (float)(Half)v);
        int[] tokens = [10, 20, 30, 40, 50];
        var expected = reference.Logits(tokens);
        var cache = new KvCache(model.Config, 8);
        var batch = new ForwardBatch(model.MaxRows);
        for (var p = 0; p < tokens.Length; p++)
        {
            batch.AddToken(cache, p, tokens[p], wantLogits: true);
        }

        var logits = new float[tokens.Length * spec.VocabularySize];
        model.Forward(batch, logits);
        AssertClose(expected, logits, tokens.Length);
    }

    [Fact]
    public void ImagePatches_AreEmbeddedAndReadBeforeThePrompt_AsTheReferenceDoes()
    {
        var spec = Spec with { Vision = new VisionConfig { ImageSize = 8, PatchSize = 4 }, Seed = 13 };
        var (model, reference) = Load(spec);
        var vision = spec.Vision!;
        var patches = Enumerable.Range(0, vision.PatchCount * vision.PatchLength).Select(i => MathF.Sin(i * 0.37f)).ToArray();
        int[] tokens = [3, 1, 4, 1, 5];
        var expected = reference.Logits(tokens, reference.EmbedPatches(patches, vision.PatchLength));

        var embedded = new float[vision.PatchCount * spec.HiddenSize];
        model.EmbedPatches(patches, embedded);
        var cache = new KvCache(model.Config, 16);
        var batch = new ForwardBatch(model.MaxRows);
        for (var p = 0; p < vision.PatchCount; p++)
        {
            batch.AddEmbedding(cache, p, embedded, p * spec.HiddenSize, wantLogits: true);
        }

        for (var t = 0; t < tokens.Length; t++)
        {
            batch.AddToken(cache, vision.PatchCount + t, tokens[t], wantLogits: true);
        }

        var logits = new float[batch.LogitCount * spec.VocabularySize];
        model.Forward(batch, logits);
        AssertClose(expected, logits, batch.LogitCount);
    }

    private static void AssertClose(double[][] expected, float[] actual, int positions)
    {
        var vocabulary = expected[0].Length;
        var worst = 0.0;
        for (var p = 0; p < positions; p++)
        {
            for (var v = 0; v < vocabulary; v++)
            {
                var difference = Math.Abs(expected[p][v] - actual[(p * vocabulary) + v]);
                var tolerance = 1e-4 + (1e-4 * Math.Abs(expected[p][v]));
                worst = Math.Max(worst, difference);
                Assert.True(difference <= tolerance, $"position {p}, token {v}: expected {expected[p][v]}, got {actual[(p * vocabulary) + v]}");
            }
        }

        // The logits are of order one: a bound this tight cannot be met by a model that is merely similar.
        Assert.True(expected.Take(positions).SelectMany(r => r).Max(Math.Abs) > 1, "the reference logits are too small to discriminate");
        Assert.True(worst < 1e-3);
    }

    private (TransformerModel Model, ReferenceTransformer Reference) Load(TinyModelSpec spec, Func<float, float>? round = null)
    {
        var directory = Path.Combine(_directory, Guid.NewGuid().ToString("N"));
        TinyModelGenerator.Write(directory, spec);
        var config = TransformerConfig.Load(Path.Combine(directory, "config.json"));
        var weights = TransformerWeights.Load(directory, config);
        var tensors = TinyModelGenerator.CreateTensors(spec).ToDictionary(
            t => t.Name,
            t => round is null ? t.Values : [.. t.Values.Select(round)]);
        var reference = new ReferenceTransformer(
            tensors, spec.HiddenSize, spec.IntermediateSize, spec.Layers, spec.Heads, spec.KeyValueHeads, spec.VocabularySize, 1e-5, 10000);
        return (new TransformerModel(weights, spec.MaxPositions, 32, _pool), reference);
    }
}
