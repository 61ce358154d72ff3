using System.Diagnostics;
using System.Numerics.Tensors;
using Harness.Inference.Kernels;

namespace Harness.Bench;

/// <summary>
/// The machine's streaming-read bandwidth: a buffer far larger than the caches, summed by the same threads the
/// inference kernels run on (one chunk each at a time, claimed like a matrix's rows), best of several passes.
/// </summary>
internal sealed class MemoryBandwidth : IParallelWork
{
    private const int ChunkFloats = 1 << 16;
    private readonly float[] _buffer;
    private readonly float[] _sums;

    private MemoryBandwidth(long bytes, int workers)
    {
        _buffer = new float[bytes / sizeof(float)];
        for (var i = 0; i < _buffer.Length; i += 1024)
        {
            _buffer[i] = i;
        }

        _sums = new float[workers * 16];
    }

    /// <summary>Measures the read bandwidth in GB/s (10^9 bytes per second).</summary>
    public static double Measure(long bytes, int passes)
    {
        var pool = WorkerPool.Shared;
        var reader = new MemoryBandwidth(bytes, pool.Workers);
        var chunks = reader._buffer.Length / ChunkFloats;
        var best = 0.0;
        for (var pass = 0; pass < passes; pass++)
        {
            var started = Stopwatch.GetTimestamp();
            pool.Run(reader, chunks);
            best = Math.Max(best, (double)chunks * ChunkFloats * sizeof(float) / Stopwatch.GetElapsedTime(started).TotalSeconds / 1e9);
        }

        return best;
    }

    public void Execute(int chunk, int worker) =>
        _sums[worker * 16] += TensorPrimitives.Sum(new ReadOnlySpan<float>(_buffer, chunk * ChunkFloats, ChunkFloats));
}
