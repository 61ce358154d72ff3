namespace Harness.Inference.Models;

/// <summary>
/// One decoder layer's weights, row-major [out, in] as in Hugging Face checkpoints. The query, key and value
/// projections are stored as one matrix (rows: queries, then keys, then values), and so are the gate and up
/// projections (rows: gate, then up), so each takes one pass over the input.
/// </summary>
internal sealed class LayerWeights
{
    /// <summary>Gets the RMSNorm weight before attention [hidden].</summary>
    public required float[] AttentionNorm { get; init; }

    /// <summary>Gets the fused query/key/value projection [query + 2 × key/value dimension, hidden].</summary>
    public required float[] QueryKeyValue { get; init; }

    /// <summary>Gets the attention output projection [hidden, query dimension].</summary>
    public required float[] AttentionOutput { get; init; }

    /// <summary>Gets the RMSNorm weight before the MLP [hidden].</summary>
    public required float[] MlpNorm { get; init; }

    /// <summary>Gets the fused gate/up projection [2 × intermediate, hidden].</summary>
    public required float[] GateUp { get; init; }

    /// <summary>Gets the down projection [hidden, intermediate].</summary>
    public required float[] Down { get; init; }
}
