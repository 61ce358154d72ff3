namespace Harness.Inference.Kernels;

/// <summary>
/// Y[b] = W · X[b] for every input row b, W row-major [outputs, inputs]. Chunks split W's rows, so each weight row is
/// read from memory once per call and reused from cache for every input row: decoding a batch costs about the same
/// memory traffic as decoding one token. Each output is one <see cref="VectorMath.Dot"/>, whatever the batch.
/// </summary>
internal sealed class MatMulJob : IParallelWork
{
    /// <summary>The weight bytes one chunk of a batched product covers: big enough to amortise the claim, small enough to balance.</summary>
    private const int ChunkBytes = 256 * 1024;

    private float[] _weights = [];
    private float[] _input = [];
    private float[] _output = [];
    private int _inputs;
    private int _outputs;
    private int _rows;
    private int _inputStride;
    private int _outputStride;
    private int _outputOffset;
    private int _rowsPerChunk;

    /// <summary>Computes <paramref name="output"/>[b × outputStride + outputOffset + o] = W[o] · input[b × inputStride ..] for b below <paramref name="rows"/>.</summary>
    /// <param name="pool">The threads.</param>
    /// <param name="weights">W, [outputs, inputs].</param>
    /// <param name="outputs">W's rows.</param>
    /// <param name="inputs">W's columns.</param>
    /// <param name="input">The input rows.</param>
    /// <param name="inputStride">The distance between input rows.</param>
    /// <param name="rows">The number of input rows.</param>
    /// <param name="output">The output rows.</param>
    /// <param name="outputStride">The distance between output rows.</param>
    /// <param name="outputOffset">Where in each output row the results start.</param>
    public void Run(WorkerPool pool, float[] weights, int outputs, int inputs, float[] input, int inputStride, int rows, float[] output, int outputStride, int outputOffset = 0)
    {
        _weights = weights;
        _outputs = outputs;
        _inputs = inputs;
        _input = input;
        _inputStride = inputStride;
        _rows = rows;
        _output = output;
        _outputStride = outputStride;
        _outputOffset = outputOffset;
        // Decoding one token streams the weights once: a few long runs per thread keep the prefetchers going; a batch
        // is compute-bound, and smaller chunks balance it.
        _rowsPerChunk = rows == 1
            ? Math.Max(4, (outputs + (pool.Workers * 2) - 1) / (pool.Workers * 2))
            : Math.Max(4, ChunkBytes / (inputs * sizeof(float)));
        pool.Run(this, (outputs + _rowsPerChunk - 1) / _rowsPerChunk);
        _weights = _input = _output = [];
    }

    private ReadOnlySpan<float> Input(int row) => new(_input, row * _inputStride, _inputs);

    /// <inheritdoc/>
    public void Execute(int chunk, int worker)
    {
        var first = chunk * _rowsPerChunk;
        var last = Math.Min(first + _rowsPerChunk, _outputs);
        var inputs = _inputs;
        Span<float> four = stackalloc float[4];
        for (var o = first; o < last; o++)
        {
            var row = new ReadOnlySpan<float>(_weights, o * inputs, inputs);
            var b = 0;
            for (; b + 4 <= _rows; b += 4)
            {
                VectorMath.Dot4(row, Input(b), Input(b + 1), Input(b + 2), Input(b + 3), four);
                for (var k = 0; k < 4; k++)
                {
                    _output[((b + k) * _outputStride) + _outputOffset + o] = four[k];
                }
            }

            for (; b < _rows; b++)
            {
                _output[(b * _outputStride) + _outputOffset + o] = VectorMath.Dot(row, Input(b));
            }
        }
    }
}
