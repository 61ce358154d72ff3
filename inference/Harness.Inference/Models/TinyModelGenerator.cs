using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Harness.Inference.Models;

/// <summary>
/// Writes a model folder in the Hugging Face layout (config.json, model.safetensors, and tokenizer.json when given)
/// with random weights from a fixed seed, so tests, benchmarks and the demo need no download and load it through the
/// same code as a real model. The same spec gives the same model every time.
/// </summary>
public static class TinyModelGenerator
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the model folder, creating it if needed.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="spec">The shape and seed.</param>
    public static void Write(string directory, TinyModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Directory.CreateDirectory(directory);
        var tensors = CreateTensors(spec);
        File.WriteAllText(Path.Combine(directory, "config.json"), ConfigJson(spec), Utf8);
        if (spec.Tokenizer is { } tokenizer)
        {
            File.WriteAllText(Path.Combine(directory, "tokenizer.json"), tokenizer, Utf8);
        }

        SafetensorsWriter.Write(Path.Combine(directory, "model.safetensors"), tensors);
    }

    /// <summary>Creates the random tensors of a spec, with Hugging Face names, in a fixed order.</summary>
    /// <param name="spec">The shape and seed.</param>
    /// <returns>The tensors.</returns>
    public static IReadOnlyList<(string Name, SafetensorsDType DType, long[] Shape, float[] Values)> CreateTensors(TinyModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var random = new SeededNormal(spec.Seed);
        long d = spec.HiddenSize;
        long headDim = spec.HiddenSize / spec.Heads;
        long q = spec.Heads * headDim;
        long kv = spec.KeyValueHeads * headDim;
        long f = spec.IntermediateSize;
        var tensors = new List<(string, SafetensorsDType, long[], float[])>();
        void Add(string name, float scale, float offset, params long[] shape)
        {
            var values = new float[shape.Aggregate(1L, (p, x) => p * x)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = offset + (scale * random.Next());
            }

            tensors.Add((name, spec.DType, shape, values));
        }

        // Scaled as an initialised network is (1/√fan-in), so activations stay of order one through the layers.
        Add("model.embed_tokens.weight", 1f, 0f, spec.VocabularySize, d);
        for (var layer = 0; layer < spec.Layers; layer++)
        {
            var prefix = $"model.layers.{layer}.";
            Add(prefix + "input_layernorm.weight", 0.1f, 1f, d);
            Add(prefix + "self_attn.q_proj.weight", 1f / MathF.Sqrt(d), 0f, q, d);
            Add(prefix + "self_attn.k_proj.weight", 1f / MathF.Sqrt(d), 0f, kv, d);
            Add(prefix + "self_attn.v_proj.weight", 1f / MathF.Sqrt(d), 0f, kv, d);
            Add(prefix + "self_attn.o_proj.weight", 1f / MathF.Sqrt(q), 0f, d, q);
            Add(prefix + "post_attention_layernorm.weight", 0.1f, 1f, d);
            Add(prefix + "mlp.gate_proj.weight", 1f / MathF.Sqrt(d), 0f, f, d);
            Add(prefix + "mlp.up_proj.weight", 1f / MathF.Sqrt(d), 0f, f, d);
            Add(prefix + "mlp.down_proj.weight", 1f / MathF.Sqrt(f), 0f, d, f);
        }

        Add("model.norm.weight", 0.1f, 1f, d);
        if (!spec.TieWordEmbeddings)
        {
            Add("lm_head.weight", 2f / MathF.Sqrt(d), 0f, spec.VocabularySize, d);
        }

        if (spec.Vision is { } vision)
        {
            Add("vision.patch_embedding.weight", 1f / MathF.Sqrt(vision.PatchLength), 0f, d, vision.PatchLength);
            Add("vision.patch_embedding.bias", 0.1f, 0f, d);
            Add("vision.position_embedding", 0.1f, 0f, vision.PatchCount, d);
        }

        return tensors;
    }

    private static string ConfigJson(TinyModelSpec spec)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("architectures");
            json.WriteStringValue("LlamaForCausalLM");
            json.WriteEndArray();
            json.WriteString("model_type", "llama");
            json.WriteNumber("vocab_size", spec.VocabularySize);
            json.WriteNumber("hidden_size", spec.HiddenSize);
            json.WriteNumber("intermediate_size", spec.IntermediateSize);
            json.WriteNumber("num_hidden_layers", spec.Layers);
            json.WriteNumber("num_attention_heads", spec.Heads);
            json.WriteNumber("num_key_value_heads", spec.KeyValueHeads);
            json.WriteNumber("max_position_embeddings", spec.MaxPositions);
            json.WriteNumber("rms_norm_eps", 1e-5);
            json.WriteNumber("rope_theta", 10000.0);
            json.WriteBoolean("tie_word_embeddings", spec.TieWordEmbeddings);
            json.WriteNumber("bos_token_id", spec.BeginOfSequenceId);
            json.WriteNumber("eos_token_id", spec.EndOfSequenceId);
            json.WriteString("torch_dtype", spec.DType switch
            {
                SafetensorsDType.F16 => "float16",
                SafetensorsDType.BF16 => "bfloat16",
                _ => "float32",
            });
            if (spec.Vision is { } vision)
            {
                json.WriteStartObject("vision_config");
                json.WriteNumber("image_size", vision.ImageSize);
                json.WriteNumber("patch_size", vision.PatchSize);
                json.WriteEndObject();
            }

            json.WriteString("generated_by", string.Create(CultureInfo.InvariantCulture, $"Orleans.Harness tiny model generator, seed {spec.Seed}"));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Standard normal draws from SplitMix64 and Box-Muller: the same on every machine and runtime.</summary>
    private sealed class SeededNormal(long seed)
    {
        private ulong _state = (ulong)seed;
        private double? _spare;

        public float Next()
        {
            if (_spare is { } spare)
            {
                _spare = null;
                return (float)spare;
            }

            var u1 = (NextULong() >> 11) * (1.0 / (1UL << 53));
            var u2 = (NextULong() >> 11) * (1.0 / (1UL << 53));
            var radius = Math.Sqrt(-2.0 * Math.Log(Math.Max(u1, double.Epsilon)));
            _spare = radius * Math.Sin(2 * Math.PI * u2);
            return (float)(radius * Math.Cos(2 * Math.PI * u2));
        }

        private ulong NextULong()
        {
            var x = _state += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }
    }
}
