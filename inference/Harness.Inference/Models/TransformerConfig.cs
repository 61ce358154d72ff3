using System.Globalization;
using System.Text.Json;

namespace Harness.Inference.Models;

/// <summary>
/// A decoder-only Llama-style transformer's shape, read from a Hugging Face <c>config.json</c> (model types
/// <c>llama</c> and <c>mistral</c>: RMSNorm, rotary embeddings, grouped-query attention, SwiGLU MLP).
/// </summary>
public sealed record TransformerConfig
{
    private static readonly string[] SupportedModelTypes = ["llama", "mistral"];

    /// <summary>Gets the model type, e.g. <c>llama</c>.</summary>
    public string ModelType { get; init; } = "llama";

    /// <summary>Gets the vocabulary size.</summary>
    public required int VocabularySize { get; init; }

    /// <summary>Gets the hidden size (embedding width).</summary>
    public required int HiddenSize { get; init; }

    /// <summary>Gets the MLP's inner width.</summary>
    public required int IntermediateSize { get; init; }

    /// <summary>Gets the number of layers.</summary>
    public required int LayerCount { get; init; }

    /// <summary>Gets the number of query heads.</summary>
    public required int HeadCount { get; init; }

    /// <summary>Gets the number of key/value heads (fewer than <see cref="HeadCount"/> for grouped-query attention).</summary>
    public required int KeyValueHeadCount { get; init; }

    /// <summary>Gets the width of one head.</summary>
    public required int HeadDimension { get; init; }

    /// <summary>Gets the longest sequence: the trained length, at most the sliding window when the model has one.</summary>
    public int MaxPositions { get; init; } = 2048;

    /// <summary>Gets the RMSNorm epsilon.</summary>
    public float RmsNormEpsilon { get; init; } = 1e-6f;

    /// <summary>Gets the rotary embedding base.</summary>
    public float RopeTheta { get; init; } = 10000f;

    /// <summary>Gets a value indicating whether the output projection is the token embedding.</summary>
    public bool TieWordEmbeddings { get; init; }

    /// <summary>Gets the begin-of-sequence token id, if the config names one.</summary>
    public int? BeginOfSequenceId { get; init; }

    /// <summary>Gets the end-of-sequence token ids the config names (any of them ends a generation).</summary>
    public IReadOnlyList<int> EndOfSequenceIds { get; init; } = [];

    /// <summary>Gets the image encoder, for a vision-language model; null otherwise.</summary>
    public VisionConfig? Vision { get; init; }

    /// <summary>Gets the width of all query heads together.</summary>
    public int QueryDimension => HeadCount * HeadDimension;

    /// <summary>Gets the width of all key (or value) heads together.</summary>
    public int KeyValueDimension => KeyValueHeadCount * HeadDimension;

    /// <summary>Gets the number of parameters.</summary>
    public long ParameterCount
    {
        get
        {
            long d = HiddenSize;
            var perLayer = (d * QueryDimension) + (2 * d * KeyValueDimension) + (QueryDimension * d) + (3 * d * IntermediateSize) + (2 * d);
            var embeddings = (long)VocabularySize * d * (TieWordEmbeddings ? 1 : 2);
            var vision = Vision is { } v ? ((long)v.PatchLength * d) + d + ((long)v.PatchCount * d) : 0;
            return (perLayer * LayerCount) + embeddings + d + vision;
        }
    }

    /// <summary>Reads a config.json file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The config.</returns>
    /// <exception cref="ModelFormatException">A field is missing, of the wrong kind or out of range; the message names it.</exception>
    public static TransformerConfig Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException($"{path}: cannot be read: {exception.Message}", exception);
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses the text of a config.json file.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <param name="source">The file name, for messages.</param>
    /// <returns>The config.</returns>
    /// <exception cref="ModelFormatException">A field is missing, of the wrong kind or out of range; the message names it.</exception>
    public static TransformerConfig Parse(ReadOnlySpan<byte> json, string source = "config.json")
    {
        JsonDocument document;
        try
        {
            // Files written by some editors start with a byte order mark, which JSON does not allow.
            document = JsonDocument.Parse(json.StartsWith("\uFEFF"u8) ? json[3..].ToArray() : json.ToArray());
        }
        catch (JsonException exception)
        {
            throw new ModelFormatException($"{source}: not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}): {exception.Message}", exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ModelFormatException($"{source}: $ must be an object.");
            }

            var reader = new ConfigReader(root, source);
            var modelType = reader.String("model_type") ?? "llama";
            if (!SupportedModelTypes.Contains(modelType, StringComparer.Ordinal))
            {
                throw new ModelFormatException($"{source}: $.model_type is \"{modelType}\"; supported: {string.Join(", ", SupportedModelTypes)}.");
            }

            if (root.TryGetProperty("rope_scaling", out var scaling) && scaling.ValueKind != JsonValueKind.Null)
            {
                throw new ModelFormatException($"{source}: $.rope_scaling is set; rotary scaling is not supported (only plain rotary embeddings).");
            }

            if (reader.Bool("attention_bias") == true || reader.Bool("mlp_bias") == true)
            {
                throw new ModelFormatException($"{source}: $.attention_bias/$.mlp_bias are true; biases in attention or MLP are not supported.");
            }

            var hidden = reader.RequiredInt("hidden_size", 1);
            var heads = reader.RequiredInt("num_attention_heads", 1);
            var kvHeads = reader.Int("num_key_value_heads", 1) ?? heads;
            var headDim = reader.Int("head_dim", 2) ?? (hidden % heads == 0 ? hidden / heads : throw new ModelFormatException(
                $"{source}: $.hidden_size ({hidden}) is not a multiple of $.num_attention_heads ({heads}) and $.head_dim is not given."));
            if (heads % kvHeads != 0)
            {
                throw new ModelFormatException($"{source}: $.num_attention_heads ({heads}) must be a multiple of $.num_key_value_heads ({kvHeads}).");
            }

            if (headDim % 2 != 0)
            {
                throw new ModelFormatException($"{source}: the head dimension ({headDim}) must be even for rotary embeddings.");
            }

            return new TransformerConfig
            {
                ModelType = modelType,
                VocabularySize = reader.RequiredInt("vocab_size", 1),
                HiddenSize = hidden,
                IntermediateSize = reader.RequiredInt("intermediate_size", 1),
                LayerCount = reader.RequiredInt("num_hidden_layers", 1),
                HeadCount = heads,
                KeyValueHeadCount = kvHeads,
                HeadDimension = headDim,
                MaxPositions = MaxPositionsOf(reader),
                RmsNormEpsilon = reader.Float("rms_norm_eps") ?? 1e-6f,
                RopeTheta = reader.Float("rope_theta") ?? 10000f,
                TieWordEmbeddings = reader.Bool("tie_word_embeddings") ?? false,
                BeginOfSequenceId = reader.Int("bos_token_id", 0),
                EndOfSequenceIds = reader.IntOrInts("eos_token_id"),
                Vision = ReadVision(root, source),
            };
        }
    }

    /// <summary>
    /// The longest sequence: the trained length, and no more than a Mistral-style sliding window, since attention here
    /// sees every earlier position (within the window both give the same result).
    /// </summary>
    private static int MaxPositionsOf(ConfigReader reader)
    {
        var trained = reader.Int("max_position_embeddings", 1) ?? 2048;
        return reader.Int("sliding_window", 1) is { } window ? Math.Min(trained, window) : trained;
    }

    private static VisionConfig? ReadVision(JsonElement root, string source)
    {
        if (!root.TryGetProperty("vision_config", out var vision) || vision.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (vision.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFormatException($"{source}: $.vision_config must be an object.");
        }

        var reader = new ConfigReader(vision, source, "$.vision_config");
        var imageSize = reader.RequiredInt("image_size", 1);
        var patchSize = reader.RequiredInt("patch_size", 1);
        if (imageSize % patchSize != 0)
        {
            throw new ModelFormatException($"{source}: $.vision_config.image_size ({imageSize}) must be a multiple of $.vision_config.patch_size ({patchSize}).");
        }

        return new VisionConfig { ImageSize = imageSize, PatchSize = patchSize };
    }

    /// <summary>Reads typed fields of one JSON object, naming the field in every error.</summary>
    private readonly struct ConfigReader(JsonElement element, string source, string path = "$")
    {
        public string? String(string name) => Get(name, JsonValueKind.String)?.GetString();

        public bool? Bool(string name)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new ModelFormatException($"{source}: {path}.{name} must be true or false, not {value.ValueKind.ToString().ToLowerInvariant()}."),
            };
        }

        public int RequiredInt(string name, int minimum) =>
            Int(name, minimum) ?? throw new ModelFormatException($"{source}: {path}.{name} is required.");

        public int? Int(string name, int minimum)
        {
            if (Get(name, JsonValueKind.Number) is not { } value)
            {
                return null;
            }

            if (!value.TryGetInt32(out var number) || number < minimum)
            {
                throw new ModelFormatException($"{source}: {path}.{name} must be an integer of at least {minimum}, not {value.GetRawText()}.");
            }

            return number;
        }

        public float? Float(string name)
        {
            if (Get(name, JsonValueKind.Number) is not { } value)
            {
                return null;
            }

            var number = value.GetDouble();
            return number > 0 && double.IsFinite(number)
                ? (float)number
                : throw new ModelFormatException($"{source}: {path}.{name} must be a positive number, not {value.GetRawText()}.");
        }

        public IReadOnlyList<int> IntOrInts(string name)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var single) && single >= 0)
            {
                return [single];
            }

            if (value.ValueKind == JsonValueKind.Array)
            {
                var ids = new List<int>();
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var id) || id < 0)
                    {
                        throw new ModelFormatException($"{source}: {path}.{name}[{ids.Count}] must be a token id, not {item.GetRawText()}.");
                    }

                    ids.Add(id);
                }

                return ids;
            }

            throw new ModelFormatException($"{source}: {path}.{name} must be a token id or an array of them, not {value.GetRawText()}.");
        }

        private JsonElement? Get(string name, JsonValueKind kind)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == kind
                ? value
                : throw new ModelFormatException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{source}: {path}.{name} must be a {kind.ToString().ToLowerInvariant()}, not {value.GetRawText()}."));
        }
    }
}
