using System.Numerics.Tensors;
using Harness.Inference.Kernels;
using Harness.Inference.Models;

namespace Harness.Inference.Generation;

/// <summary>
/// The forward pass of a Llama-style decoder over a <see cref="ForwardBatch"/>: embeddings, then per layer RMSNorm,
/// fused QKV projection, rotary embeddings, causal grouped-query attention over each row's KV cache, output projection
/// and residual, RMSNorm, SwiGLU MLP and residual; then the final norm and the output projection for the rows whose
/// logits are wanted. Holds scratch buffers for its largest batch, so a pass allocates nothing; one pass at a time.
/// </summary>
internal sealed class TransformerModel
{
    private readonly TransformerWeights _weights;
    private readonly TransformerConfig _config;
    private readonly WorkerPool _pool;
    private readonly RotaryEmbedding _rotary;
    private readonly MatMulJob _matMul = new();
    private readonly AttentionJob _attention;
    private readonly float[] _hidden;
    private readonly float[] _normed;
    private readonly float[] _qkv;
    private readonly float[] _attended;
    private readonly float[] _projected;
    private readonly float[] _mlp;
    private readonly float[] _finalRows;

    /// <summary>Initializes a new instance of the <see cref="TransformerModel"/> class.</summary>
    /// <param name="weights">The weights.</param>
    /// <param name="maxPositions">The longest sequence it will run (at most the config's).</param>
    /// <param name="maxRows">The most rows in one pass.</param>
    /// <param name="pool">The threads the kernels run on.</param>
    public TransformerModel(TransformerWeights weights, int maxPositions, int maxRows, WorkerPool pool)
    {
        _weights = weights;
        _config = weights.Config;
        _pool = pool;
        MaxPositions = Math.Min(maxPositions, _config.MaxPositions);
        MaxRows = maxRows;
        _rotary = new RotaryEmbedding(_config.HeadDimension, MaxPositions, _config.RopeTheta);
        var d = _config.HiddenSize;
        QkvWidth = _config.QueryDimension + (2 * _config.KeyValueDimension);
        _attention = new AttentionJob(_config.HeadCount, _config.KeyValueHeadCount, _config.HeadDimension, QkvWidth, MaxPositions, pool.Workers);
        _hidden = new float[maxRows * d];
        _normed = new float[maxRows * d];
        _qkv = new float[maxRows * QkvWidth];
        _attended = new float[maxRows * _config.QueryDimension];
        _projected = new float[maxRows * d];
        _mlp = new float[maxRows * 2 * _config.IntermediateSize];
        _finalRows = new float[maxRows * d];
    }

    /// <summary>Gets the model's shape.</summary>
    public TransformerConfig Config => _config;

    /// <summary>Gets the longest sequence it runs.</summary>
    public int MaxPositions { get; }

    /// <summary>Gets the most rows in one pass.</summary>
    public int MaxRows { get; }

    private int QkvWidth { get; }

    /// <summary>Computes the image-patch embeddings of a vision-language model: projection, bias and position.</summary>
    /// <param name="patches">The patches, [patch count, patch length] (see <see cref="VisionConfig"/>).</param>
    /// <param name="destination">Where the embeddings go, [patch count, hidden].</param>
    public void EmbedPatches(float[] patches, float[] destination)
    {
        var vision = _config.Vision ?? throw new InvalidOperationException("The model has no image encoder.");
        var d = _config.HiddenSize;
        _matMul.Run(_pool, _weights.PatchProjection!, d, vision.PatchLength, patches, vision.PatchLength, vision.PatchCount, destination, d);
        for (var p = 0; p < vision.PatchCount; p++)
        {
            var row = destination.AsSpan(p * d, d);
            TensorPrimitives.Add(row, _weights.PatchBias, row);
            TensorPrimitives.Add(row, _weights.PatchPositions.AsSpan(p * d, d), row);
        }
    }

    /// <summary>Runs one pass: writes every row's keys and values into its cache and the wanted rows' logits.</summary>
    /// <param name="batch">The rows.</param>
    /// <param name="logits">[logit rows, vocabulary], in <see cref="ForwardBatch.LogitRows"/> order.</param>
    public void Forward(ForwardBatch batch, float[] logits)
    {
        var rows = batch.Count;
        if (rows == 0)
        {
            return;
        }

        if (rows > MaxRows)
        {
            throw new InvalidOperationException($"The batch has {rows} rows; the model's buffers hold {MaxRows}.");
        }

        var d = _config.HiddenSize;
        var q = _config.QueryDimension;
        var kv = _config.KeyValueDimension;
        var f = _config.IntermediateSize;
        for (var r = 0; r < rows; r++)
        {
            var source = batch.Tokens[r] >= 0
                ? _weights.Embedding.AsSpan(batch.Tokens[r] * d, d)
                : batch.Embeddings[r].AsSpan(batch.EmbeddingOffsets[r], d);
            source.CopyTo(_hidden.AsSpan(r * d, d));
        }

        for (var layer = 0; layer < _config.LayerCount; layer++)
        {
            var weights = _weights.Layers[layer];
            NormRows(rows, weights.AttentionNorm);
            _matMul.Run(_pool, weights.QueryKeyValue, QkvWidth, d, _normed, d, rows, _qkv, QkvWidth);
            for (var r = 0; r < rows; r++)
            {
                var qkv = _qkv.AsSpan(r * QkvWidth, QkvWidth);
                var position = batch.Positions[r];
                _rotary.Apply(qkv[..(q + kv)], position);
                var cache = batch.Caches[r];
                var offset = cache.Offset(layer, position);
                qkv.Slice(q, kv).CopyTo(cache.Keys.AsSpan(offset, kv));
                qkv.Slice(q + kv, kv).CopyTo(cache.Values.AsSpan(offset, kv));
            }

            _attention.Run(_pool, batch, layer, _qkv, _attended);
            _matMul.Run(_pool, weights.AttentionOutput, d, q, _attended, q, rows, _projected, d);
            TensorPrimitives.Add(_hidden.AsSpan(0, rows * d), _projected.AsSpan(0, rows * d), _hidden.AsSpan(0, rows * d));

            NormRows(rows, weights.MlpNorm);
            _matMul.Run(_pool, weights.GateUp, 2 * f, d, _normed, d, rows, _mlp, 2 * f);
            for (var r = 0; r < rows; r++)
            {
                var gateUp = _mlp.AsSpan(r * 2 * f, 2 * f);
                VectorMath.SwiGlu(gateUp[..f], gateUp[f..]);
            }

            _matMul.Run(_pool, weights.Down, d, f, _mlp, 2 * f, rows, _projected, d);
            TensorPrimitives.Add(_hidden.AsSpan(0, rows * d), _projected.AsSpan(0, rows * d), _hidden.AsSpan(0, rows * d));
        }

        if (batch.LogitCount == 0)
        {
            return;
        }

        for (var r = 0; r < rows; r++)
        {
            if (batch.LogitRows[r] is var slot and >= 0)
            {
                VectorMath.RmsNorm(_hidden.AsSpan(r * d, d), _weights.FinalNorm, _config.RmsNormEpsilon, _finalRows.AsSpan(slot * d, d));
            }
        }

        _matMul.Run(_pool, _weights.Output, _config.VocabularySize, d, _finalRows, d, batch.LogitCount, logits, _config.VocabularySize);
    }

    private void NormRows(int rows, float[] weight)
    {
        var d = _config.HiddenSize;
        for (var r = 0; r < rows; r++)
        {
            VectorMath.RmsNorm(_hidden.AsSpan(r * d, d), weight, _config.RmsNormEpsilon, _normed.AsSpan(r * d, d));
        }
    }
}
