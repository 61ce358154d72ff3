using System.Text.Json;

namespace Harness.Inference.Models;

/// <summary>
/// A model's weights in memory as 32-bit floats, read from the safetensors files of a Hugging Face model folder
/// (<c>model.safetensors</c>, or the shards a <c>model.safetensors.index.json</c> names, or every <c>*.safetensors</c>).
/// Tensor names and shapes are checked against the config; an error names the tensor, the file and both shapes.
/// </summary>
internal sealed class TransformerWeights
{
    internal TransformerWeights(TransformerConfig config, float[] embedding, LayerWeights[] layers, float[] finalNorm, float[] output)
    {
        Config = config;
        Embedding = embedding;
        Layers = layers;
        FinalNorm = finalNorm;
        Output = output;
    }

    /// <summary>Gets the model's shape.</summary>
    public TransformerConfig Config { get; }

    /// <summary>Gets the token embedding [vocabulary, hidden].</summary>
    public float[] Embedding { get; }

    /// <summary>Gets the layers.</summary>
    public LayerWeights[] Layers { get; }

    /// <summary>Gets the final RMSNorm weight [hidden].</summary>
    public float[] FinalNorm { get; }

    /// <summary>Gets the output projection [vocabulary, hidden] (the embedding itself when tied).</summary>
    public float[] Output { get; }

    /// <summary>Gets the image patch projection [hidden, patch length], for a vision-language model.</summary>
    public float[]? PatchProjection { get; private init; }

    /// <summary>Gets the image patch projection's bias [hidden].</summary>
    public float[]? PatchBias { get; private init; }

    /// <summary>Gets the image patches' position embedding [patches, hidden].</summary>
    public float[]? PatchPositions { get; private init; }

    /// <summary>Gets the bytes the weights take in memory.</summary>
    public long Bytes => Config.ParameterCount * sizeof(float);

    /// <summary>Lists the safetensors files of a model folder.</summary>
    /// <param name="directory">The model folder.</param>
    /// <returns>The files, in a stable order.</returns>
    public static IReadOnlyList<string> FindWeightFiles(string directory)
    {
        var single = Path.Combine(directory, "model.safetensors");
        if (File.Exists(single))
        {
            return [single];
        }

        var index = Path.Combine(directory, "model.safetensors.index.json");
        if (File.Exists(index))
        {
            return ReadIndex(index, directory);
        }

        var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.safetensors") : [];
        Array.Sort(files, StringComparer.Ordinal);
        return files.Length > 0
            ? files
            : throw new ModelFormatException($"{directory}: no model.safetensors, model.safetensors.index.json or *.safetensors file.");
    }

    /// <summary>Reads the weights of <paramref name="config"/> from a model folder.</summary>
    /// <param name="directory">The model folder.</param>
    /// <param name="config">The model's config (from its config.json).</param>
    /// <returns>The weights.</returns>
    public static TransformerWeights Load(string directory, TransformerConfig config)
    {
        var files = FindWeightFiles(directory).Select(SafetensorsFile.Open).ToList();
        try
        {
            var source = new TensorSource(files);
            long d = config.HiddenSize;
            var q = config.QueryDimension;
            var kv = config.KeyValueDimension;
            var f = config.IntermediateSize;
            var embedding = source.Read("model.embed_tokens.weight", config.VocabularySize, d);
            var layers = new LayerWeights[config.LayerCount];
            for (var i = 0; i < layers.Length; i++)
            {
                var prefix = $"model.layers.{i}.";
                var qkv = new float[(q + (2 * kv)) * d];
                source.ReadInto(prefix + "self_attn.q_proj.weight", qkv.AsSpan(0, (int)(q * d)), q, d);
                source.ReadInto(prefix + "self_attn.k_proj.weight", qkv.AsSpan((int)(q * d), (int)(kv * d)), kv, d);
                source.ReadInto(prefix + "self_attn.v_proj.weight", qkv.AsSpan((int)((q + kv) * d), (int)(kv * d)), kv, d);
                var gateUp = new float[2 * f * d];
                source.ReadInto(prefix + "mlp.gate_proj.weight", gateUp.AsSpan(0, (int)(f * d)), f, d);
                source.ReadInto(prefix + "mlp.up_proj.weight", gateUp.AsSpan((int)(f * d), (int)(f * d)), f, d);
                layers[i] = new LayerWeights
                {
                    AttentionNorm = source.Read(prefix + "input_layernorm.weight", d),
                    QueryKeyValue = qkv,
                    AttentionOutput = source.Read(prefix + "self_attn.o_proj.weight", d, q),
                    MlpNorm = source.Read(prefix + "post_attention_layernorm.weight", d),
                    GateUp = gateUp,
                    Down = source.Read(prefix + "mlp.down_proj.weight", d, f),
                };
            }

            var finalNorm = source.Read("model.norm.weight", d);
            var output = config.TieWordEmbeddings ? embedding : source.Read("lm_head.weight", config.VocabularySize, d);
            var vision = config.Vision;
            return new TransformerWeights(config, embedding, layers, finalNorm, output)
            {
                PatchProjection = vision is null ? null : source.Read("vision.patch_embedding.weight", d, vision.PatchLength),
                PatchBias = vision is null ? null : source.Read("vision.patch_embedding.bias", d),
                PatchPositions = vision is null ? null : source.Read("vision.position_embedding", vision.PatchCount, d),
            };
        }
        finally
        {
            foreach (var file in files)
            {
                file.Dispose();
            }
        }
    }

    private static string[] ReadIndex(string index, string directory)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(index));
            if (!document.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
            {
                throw new ModelFormatException($"{index}: $.weight_map must be an object of tensor names to files.");
            }

            var files = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var entry in map.EnumerateObject())
            {
                var file = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : throw new ModelFormatException(
                    $"{index}: $.weight_map[\"{entry.Name}\"] must be a file name.");
                if (file.Contains('/', StringComparison.Ordinal) || file.Contains('\\', StringComparison.Ordinal) || file.StartsWith('.'))
                {
                    throw new ModelFormatException($"{index}: $.weight_map[\"{entry.Name}\"] names \"{file}\", which is not a file of the model folder.");
                }

                files.Add(Path.Combine(directory, file));
            }

            return [.. files];
        }
        catch (JsonException exception)
        {
            throw new ModelFormatException($"{index}: not valid JSON: {exception.Message}", exception);
        }
    }

    /// <summary>Finds tensors across the model's files and reads them with their shapes checked.</summary>
    private sealed class TensorSource(List<SafetensorsFile> files)
    {
        public float[] Read(string name, params long[] shape)
        {
            var elements = shape.Aggregate(1L, (p, x) => p * x);
            if (elements > Array.MaxLength)
            {
                throw new ModelFormatException($"Tensor {name} has {elements} elements, more than one array can hold.");
            }

            var values = new float[elements];
            ReadInto(name, values, shape);
            return values;
        }

        public void ReadInto(string name, Span<float> destination, params long[] shape)
        {
            foreach (var file in files)
            {
                if (!file.Tensors.TryGetValue(name, out var tensor))
                {
                    continue;
                }

                if (!tensor.Shape.SequenceEqual(shape))
                {
                    throw new ModelFormatException($"{file.Path}: tensor {name} has shape {tensor.ShapeText}; the config needs [{string.Join(", ", shape)}].");
                }

                file.Read(tensor, destination);
                return;
            }

            throw new ModelFormatException($"Tensor {name} is in none of the model's weight files ({string.Join(", ", files.Select(f => Path.GetFileName(f.Path)))}).");
        }
    }
}
