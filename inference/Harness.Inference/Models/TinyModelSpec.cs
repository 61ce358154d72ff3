namespace Harness.Inference.Models;

/// <summary>The shape of a generated model (see <see cref="TinyModelGenerator"/>); the defaults make a model of about 4 MB.</summary>
public sealed record TinyModelSpec
{
    /// <summary>Gets the hidden size.</summary>
    public int HiddenSize { get; init; } = 128;

    /// <summary>Gets the MLP's inner width.</summary>
    public int IntermediateSize { get; init; } = 352;

    /// <summary>Gets the number of layers.</summary>
    public int Layers { get; init; } = 4;

    /// <summary>Gets the number of query heads.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Gets the number of key/value heads.</summary>
    public int KeyValueHeads { get; init; } = 2;

    /// <summary>Gets the longest sequence.</summary>
    public int MaxPositions { get; init; } = 1024;

    /// <summary>Gets the vocabulary size: with <see cref="Tokenizer"/> null, at least the byte tokenizer's 258.</summary>
    public int VocabularySize { get; init; } = 258;

    /// <summary>Gets the tokenizer.json document to write beside the weights; null for the byte-level tokenizer (ids 0-255 bytes, 256 begin, 257 end).</summary>
    public string? Tokenizer { get; init; }

    /// <summary>Gets the begin-of-sequence id written to config.json.</summary>
    public int BeginOfSequenceId { get; init; } = 256;

    /// <summary>Gets the end-of-sequence id written to config.json.</summary>
    public int EndOfSequenceId { get; init; } = 257;

    /// <summary>Gets a value indicating whether the output projection is the embedding.</summary>
    public bool TieWordEmbeddings { get; init; }

    /// <summary>Gets the image encoder, for a vision-language model.</summary>
    public VisionConfig? Vision { get; init; }

    /// <summary>Gets the element type of the weights file.</summary>
    public SafetensorsDType DType { get; init; } = SafetensorsDType.F32;

    /// <summary>Gets the seed of the random weights.</summary>
    public long Seed { get; init; } = 42;
}
