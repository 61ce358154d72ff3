namespace Harness.Inference.Kernels;

/// <summary>
/// Rotary position embeddings in the Hugging Face Llama layout: dimension i of a head is paired with dimension
/// i + d/2 and the pair is rotated by position × θ^(-2i/d). Cosines and sines are tabulated once per position.
/// </summary>
internal sealed class RotaryEmbedding
{
    private readonly float[] _cos;
    private readonly float[] _sin;
    private readonly int _half;

    /// <summary>Initializes a new instance of the <see cref="RotaryEmbedding"/> class.</summary>
    /// <param name="headDimension">The width of a head (even).</param>
    /// <param name="positions">The number of positions to tabulate.</param>
    /// <param name="theta">The base θ.</param>
    public RotaryEmbedding(int headDimension, int positions, float theta)
    {
        _half = headDimension / 2;
        Positions = positions;
        _cos = new float[positions * _half];
        _sin = new float[positions * _half];
        for (var i = 0; i < _half; i++)
        {
            // Single precision throughout, as the reference implementation computes its tables.
            var inverseFrequency = 1f / MathF.Pow(theta, 2f * i / headDimension);
            for (var p = 0; p < positions; p++)
            {
                var angle = p * inverseFrequency;
                _cos[(p * _half) + i] = MathF.Cos(angle);
                _sin[(p * _half) + i] = MathF.Sin(angle);
            }
        }
    }

    /// <summary>Gets the number of positions tabulated.</summary>
    public int Positions { get; }

    /// <summary>Rotates every head of <paramref name="heads"/> (consecutive heads of one token) for <paramref name="position"/>.</summary>
    /// <param name="heads">The heads, each <c>2 × half</c> wide.</param>
    /// <param name="position">The token's position.</param>
    public void Apply(Span<float> heads, int position)
    {
        var cos = _cos.AsSpan(position * _half, _half);
        var sin = _sin.AsSpan(position * _half, _half);
        var width = 2 * _half;
        for (var start = 0; start < heads.Length; start += width)
        {
            var head = heads.Slice(start, width);
            for (var i = 0; i < _half; i++)
            {
                var a = head[i];
                var b = head[i + _half];
                head[i] = (a * cos[i]) - (b * sin[i]);
                head[i + _half] = (b * cos[i]) + (a * sin[i]);
            }
        }
    }
}
