using System.Buffers;

namespace Harness.Inference.Vision;

/// <summary>
/// Bilinear (triangle) resampling weights along one axis, computed as PIL's <c>Image.resize(BILINEAR)</c> does:
/// output pixel <c>i</c> is centred at source coordinate (i + 0.5) × in/out, that is align-corners false with pixel
/// centres at half-integers. Enlarging, the triangle has radius 1: plain linear interpolation between the two
/// nearest source pixels, clamped at the edges. Shrinking, its radius grows by the shrink factor so that every
/// source pixel contributes (antialiasing, as PIL and torchvision's <c>antialias=True</c> do); otherwise a 1000-pixel
/// photo shrunk to 224 would keep only the pixels nearest the sample points. Weights are normalised to sum to 1.
/// </summary>
internal sealed class ResampleKernel : IDisposable
{
    private readonly int[] _starts;
    private readonly int[] _counts;
    private readonly float[] _weights;

    private ResampleKernel(int outSize, int width, int[] starts, int[] counts, float[] weights)
    {
        OutSize = outSize;
        Width = width;
        _starts = starts;
        _counts = counts;
        _weights = weights;
    }

    /// <summary>Gets the number of output pixels.</summary>
    public int OutSize { get; }

    /// <summary>Gets the most source pixels any output pixel reads.</summary>
    public int Width { get; }

    /// <summary>Computes the weights for resampling <paramref name="inSize"/> pixels to <paramref name="outSize"/>.</summary>
    /// <param name="inSize">Source pixels along the axis, at least 1.</param>
    /// <param name="outSize">Output pixels along the axis, at least 1.</param>
    /// <returns>The kernel; dispose it to return its pooled arrays.</returns>
    public static ResampleKernel Create(int inSize, int outSize)
    {
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = filterScale;
        var width = ((int)Math.Ceiling(support) * 2) + 1;
        if ((long)width * outSize > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(inSize), $"Resampling {inSize} pixels to {outSize} needs too many weights.");
        }

        var starts = ArrayPool<int>.Shared.Rent(outSize);
        var counts = ArrayPool<int>.Shared.Rent(outSize);
        var weights = ArrayPool<float>.Shared.Rent(width * outSize);
        Span<double> raw = width <= 256 ? stackalloc double[width] : new double[width];
        for (var i = 0; i < outSize; i++)
        {
            var center = (i + 0.5) * scale;

            // Truncation toward zero, then clamping, mirrors PIL's integer bounds exactly.
            var start = Math.Max((int)(center - support + 0.5), 0);
            var end = Math.Min((int)(center + support + 0.5), inSize);
            var count = end - start;
            var sum = 0.0;
            for (var k = 0; k < count; k++)
            {
                var distance = Math.Abs((start + k - center + 0.5) / filterScale);
                raw[k] = distance < 1.0 ? 1.0 - distance : 0.0;
                sum += raw[k];
            }

            for (var k = 0; k < count; k++)
            {
                weights[(i * width) + k] = (float)(sum > 0 ? raw[k] / sum : 0);
            }

            starts[i] = start;
            counts[i] = count;
        }

        return new ResampleKernel(outSize, width, starts, counts, weights);
    }

    /// <summary>The first source pixel output pixel <paramref name="i"/> reads.</summary>
    /// <param name="i">Output pixel.</param>
    /// <returns>The source index.</returns>
    public int Start(int i) => _starts[i];

    /// <summary>The weights of output pixel <paramref name="i"/>, for source pixels from <see cref="Start"/> on.</summary>
    /// <param name="i">Output pixel.</param>
    /// <returns>The weights, summing to 1.</returns>
    public ReadOnlySpan<float> Weights(int i) => _weights.AsSpan(i * Width, _counts[i]);

    /// <inheritdoc/>
    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(_starts);
        ArrayPool<int>.Shared.Return(_counts);
        ArrayPool<float>.Shared.Return(_weights);
    }
}
