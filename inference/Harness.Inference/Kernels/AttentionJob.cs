using Harness.Inference.Generation;

namespace Harness.Inference.Kernels;

/// <summary>
/// Causal self-attention of one layer for every (row, query head) of a batch: the row's query attends to its own
/// sequence's keys at positions 0 to its own, read from the sequence's <see cref="KvCache"/> (which already holds this
/// batch's keys and values). Query heads share key/value heads in groups (grouped-query attention).
/// </summary>
internal sealed class AttentionJob : IParallelWork
{
    private readonly float[][] _scores;
    private readonly int _headDimension;
    private readonly int _headCount;
    private readonly int _group;
    private readonly int _queryStride;
    private readonly int _queryDimension;
    private readonly float _scale;
    private ForwardBatch _batch = null!;
    private float[] _queries = [];
    private float[] _output = [];
    private int _layer;

    /// <summary>Initializes a new instance of the <see cref="AttentionJob"/> class.</summary>
    /// <param name="headCount">Query heads.</param>
    /// <param name="keyValueHeadCount">Key/value heads.</param>
    /// <param name="headDimension">Width of a head.</param>
    /// <param name="queryStride">The distance between rows of the query buffer.</param>
    /// <param name="maxPositions">The longest sequence.</param>
    /// <param name="workers">The pool's threads (one score buffer each).</param>
    public AttentionJob(int headCount, int keyValueHeadCount, int headDimension, int queryStride, int maxPositions, int workers)
    {
        _headCount = headCount;
        _headDimension = headDimension;
        _group = headCount / keyValueHeadCount;
        _queryStride = queryStride;
        _queryDimension = headCount * headDimension;
        _scale = 1f / MathF.Sqrt(headDimension);
        _scores = new float[workers][];
        for (var i = 0; i < workers; i++)
        {
            _scores[i] = new float[maxPositions];
        }
    }

    /// <summary>Computes the attention output of every row of <paramref name="batch"/> for one layer.</summary>
    /// <param name="pool">The threads.</param>
    /// <param name="batch">The rows.</param>
    /// <param name="layer">The layer.</param>
    /// <param name="queries">The rotated queries, row by row (the first part of each row of the fused projection).</param>
    /// <param name="output">Where each row's heads go, [rows, query dimension].</param>
    public void Run(WorkerPool pool, ForwardBatch batch, int layer, float[] queries, float[] output)
    {
        _batch = batch;
        _layer = layer;
        _queries = queries;
        _output = output;
        pool.Run(this, batch.Count * _headCount);
        _batch = null!;
        _queries = _output = [];
    }

    /// <inheritdoc/>
    public void Execute(int chunk, int worker)
    {
        var row = chunk / _headCount;
        var head = chunk % _headCount;
        var cache = _batch.Caches[row];
        var length = _batch.Positions[row] + 1;
        var dimension = _headDimension;
        var keyOffset = (head / _group) * dimension;
        var query = new ReadOnlySpan<float>(_queries, (row * _queryStride) + (head * dimension), dimension);
        var scores = _scores[worker].AsSpan(0, length);
        var keys = cache.Keys;
        for (var p = 0; p < length; p++)
        {
            scores[p] = VectorMath.Dot(query, new ReadOnlySpan<float>(keys, cache.Offset(_layer, p) + keyOffset, dimension)) * _scale;
        }

        VectorMath.Softmax(scores);
        var output = new Span<float>(_output, (row * _queryDimension) + (head * dimension), dimension);
        output.Clear();
        var values = cache.Values;
        for (var p = 0; p < length; p++)
        {
            VectorMath.ScaleAdd(new ReadOnlySpan<float>(values, cache.Offset(_layer, p) + keyOffset, dimension), scores[p], output);
        }
    }
}
