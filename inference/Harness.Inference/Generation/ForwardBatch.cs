namespace Harness.Inference.Generation;

/// <summary>
/// The rows of one forward pass: each row is one token (or one image patch) of one sequence at its position. Decoding
/// puts one row per running sequence; a prefill puts many rows of one sequence. Reused from step to step.
/// </summary>
internal sealed class ForwardBatch
{
    /// <summary>Initializes a new instance of the <see cref="ForwardBatch"/> class.</summary>
    /// <param name="capacity">The most rows.</param>
    public ForwardBatch(int capacity)
    {
        Capacity = capacity;
        Caches = new KvCache[capacity];
        Positions = new int[capacity];
        Tokens = new int[capacity];
        Embeddings = new float[capacity][];
        EmbeddingOffsets = new int[capacity];
        LogitRows = new int[capacity];
    }

    /// <summary>Gets the most rows.</summary>
    public int Capacity { get; }

    /// <summary>Gets the number of rows.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the number of rows whose logits are wanted.</summary>
    public int LogitCount { get; private set; }

    /// <summary>Gets each row's cache.</summary>
    public KvCache[] Caches { get; }

    /// <summary>Gets each row's position.</summary>
    public int[] Positions { get; }

    /// <summary>Gets each row's token, or -1 for a row whose input embedding is given.</summary>
    public int[] Tokens { get; }

    /// <summary>Gets, for a row without a token, the array holding its input embedding.</summary>
    public float[][] Embeddings { get; }

    /// <summary>Gets, for a row without a token, where its input embedding starts.</summary>
    public int[] EmbeddingOffsets { get; }

    /// <summary>Gets each row's index among the logit rows, or -1 when its logits are not wanted.</summary>
    public int[] LogitRows { get; }

    /// <summary>Empties the batch.</summary>
    public void Clear()
    {
        Array.Clear(Caches, 0, Count);
        Array.Clear(Embeddings, 0, Count);
        Count = 0;
        LogitCount = 0;
    }

    /// <summary>Adds a token row.</summary>
    /// <param name="cache">The sequence's cache.</param>
    /// <param name="position">The token's position.</param>
    /// <param name="token">The token.</param>
    /// <param name="wantLogits">Whether the next-token logits of this row are wanted.</param>
    /// <returns>The row's logit index, or -1.</returns>
    public int AddToken(KvCache cache, int position, int token, bool wantLogits) =>
        Add(cache, position, token, null, 0, wantLogits);

    /// <summary>Adds a row whose input embedding is given (an image patch).</summary>
    /// <param name="cache">The sequence's cache.</param>
    /// <param name="position">The row's position.</param>
    /// <param name="embeddings">The array holding the embedding.</param>
    /// <param name="offset">Where it starts.</param>
    /// <param name="wantLogits">Whether the next-token logits of this row are wanted.</param>
    /// <returns>The row's logit index, or -1.</returns>
    public int AddEmbedding(KvCache cache, int position, float[] embeddings, int offset, bool wantLogits) =>
        Add(cache, position, -1, embeddings, offset, wantLogits);

    private int Add(KvCache cache, int position, int token, float[]? embeddings, int offset, bool wantLogits)
    {
        if (Count == Capacity)
        {
            throw new InvalidOperationException($"The forward batch holds at most {Capacity} rows.");
        }

        if (position >= cache.Capacity)
        {
            throw new InvalidOperationException($"Position {position} is beyond the sequence's cache of {cache.Capacity} positions.");
        }

        var row = Count++;
        Caches[row] = cache;
        Positions[row] = position;
        Tokens[row] = token;
        Embeddings[row] = embeddings!;
        EmbeddingOffsets[row] = offset;
        LogitRows[row] = wantLogits ? LogitCount++ : -1;
        return LogitRows[row];
    }
}
