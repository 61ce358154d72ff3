using System.Buffers;

namespace Harness.Inference.Vision;

/// <summary>
/// Turns an image into the flat patch vectors a vision encoder's patch embedding reads. The image is resized to a
/// square of <c>imageSize</c> pixels with bilinear resampling as PIL's <c>resize(BILINEAR)</c> does (align-corners
/// false, pixel centres at half-integers, antialiased when shrinking; see <see cref="ResampleKernel"/>), without
/// keeping the aspect ratio. Values are scaled to [0, 1], then normalised per channel with mean 0.5 and standard
/// deviation 0.5, giving [-1, 1] (the SigLIP convention). Patches follow in row-major order (left to right, then
/// top to bottom); each is <c>patchSize × patchSize × 3</c> floats in (row, column, channel) order, channels R, G, B.
/// </summary>
public static class ImagePatches
{
    private const float Mean = 0.5f;
    private const float Std = 0.5f;

    /// <summary>The number of patches an image yields.</summary>
    /// <param name="imageSize">Side of the resized square image in pixels; a multiple of <paramref name="patchSize"/>.</param>
    /// <param name="patchSize">Side of a square patch in pixels.</param>
    /// <returns>(imageSize / patchSize)².</returns>
    /// <exception cref="ArgumentException">The sizes are not positive or do not divide.</exception>
    public static int PatchCount(int imageSize, int patchSize)
    {
        Validate(imageSize, patchSize);
        var perSide = imageSize / patchSize;
        return perSide * perSide;
    }

    /// <summary>The number of floats in one patch vector.</summary>
    /// <param name="patchSize">Side of a square patch in pixels.</param>
    /// <returns>patchSize × patchSize × 3.</returns>
    /// <exception cref="ArgumentException">The size is not positive or too large.</exception>
    public static int PatchLength(int patchSize)
    {
        CheckSide(patchSize, nameof(patchSize));
        return patchSize * patchSize * 3;
    }

    /// <summary>Resizes, normalises and cuts an image into patches.</summary>
    /// <param name="image">The image.</param>
    /// <param name="imageSize">Side of the resized square image in pixels; a multiple of <paramref name="patchSize"/>.</param>
    /// <param name="patchSize">Side of a square patch in pixels.</param>
    /// <param name="destination">
    /// Receives <see cref="PatchCount"/> × <see cref="PatchLength"/> floats (imageSize² × 3); any beyond are untouched.
    /// </param>
    /// <exception cref="ArgumentException">The sizes are invalid or the destination is too short.</exception>
    public static void Extract(RgbImage image, int imageSize, int patchSize, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        Validate(imageSize, patchSize);
        var needed = imageSize * imageSize * 3;
        if (destination.Length < needed)
        {
            throw new ArgumentException(
                $"destination has {destination.Length} floats; {PatchCount(imageSize, patchSize)} patches of {PatchLength(patchSize)} need {needed}.",
                nameof(destination));
        }

        using var horizontal = ResampleKernel.Create(image.Width, imageSize);
        using var vertical = ResampleKernel.Create(image.Height, imageSize);
        var output = new PatchWriter(destination, imageSize, patchSize);

        // Resample along the axis that leaves the smaller intermediate first: for a very tall or very wide image
        // the other order would hold a huge buffer.
        if (image.Height <= image.Width)
        {
            ResampleRowsFirst(image, horizontal, vertical, output);
        }
        else
        {
            ResampleColumnsFirst(image, horizontal, vertical, output);
        }
    }

    private static void Validate(int imageSize, int patchSize)
    {
        CheckSide(imageSize, nameof(imageSize));
        CheckSide(patchSize, nameof(patchSize));
        if (imageSize % patchSize != 0)
        {
            throw new ArgumentException(
                $"imageSize ({imageSize}) must be a multiple of patchSize ({patchSize}).", nameof(imageSize));
        }
    }

    private static void CheckSide(int size, string name)
    {
        if (size < 1 || (long)size * size * 3 > Array.MaxLength)
        {
            throw new ArgumentException($"{name} is {size}; it must be at least 1 and its square × 3 must fit in an array.", name);
        }
    }

    private static void ResampleRowsFirst(RgbImage image, ResampleKernel horizontal, ResampleKernel vertical, PatchWriter output)
    {
        var outSize = horizontal.OutSize;
        var source = image.Pixels;
        var length = image.Height * outSize * 3;
        var rows = ArrayPool<float>.Shared.Rent(length);
        try
        {
            for (var sy = 0; sy < image.Height; sy++)
            {
                var sourceRow = source.AsSpan(sy * image.Width * 3, image.Width * 3);
                var rowOut = rows.AsSpan(sy * outSize * 3, outSize * 3);
                for (var x = 0; x < outSize; x++)
                {
                    var weights = horizontal.Weights(x);
                    var from = sourceRow[(horizontal.Start(x) * 3)..];
                    float r = 0, g = 0, b = 0;
                    for (var k = 0; k < weights.Length; k++)
                    {
                        r += weights[k] * from[3 * k];
                        g += weights[k] * from[(3 * k) + 1];
                        b += weights[k] * from[(3 * k) + 2];
                    }

                    rowOut[3 * x] = r;
                    rowOut[(3 * x) + 1] = g;
                    rowOut[(3 * x) + 2] = b;
                }
            }

            var stride = outSize * 3;
            for (var y = 0; y < outSize; y++)
            {
                var weights = vertical.Weights(y);
                var first = vertical.Start(y) * stride;
                for (var i = 0; i < stride; i++)
                {
                    var sum = 0f;
                    for (var k = 0; k < weights.Length; k++)
                    {
                        sum += weights[k] * rows[first + (k * stride) + i];
                    }

                    output.Write(y, i, sum);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rows);
        }
    }

    private static void ResampleColumnsFirst(RgbImage image, ResampleKernel horizontal, ResampleKernel vertical, PatchWriter output)
    {
        var outSize = vertical.OutSize;
        var source = image.Pixels;
        var stride = image.Width * 3;
        var columns = ArrayPool<float>.Shared.Rent(outSize * stride);
        try
        {
            for (var y = 0; y < outSize; y++)
            {
                var weights = vertical.Weights(y);
                var first = vertical.Start(y) * stride;
                var rowOut = columns.AsSpan(y * stride, stride);
                for (var i = 0; i < stride; i++)
                {
                    var sum = 0f;
                    for (var k = 0; k < weights.Length; k++)
                    {
                        sum += weights[k] * source[first + (k * stride) + i];
                    }

                    rowOut[i] = sum;
                }
            }

            for (var y = 0; y < outSize; y++)
            {
                var row = columns.AsSpan(y * stride, stride);
                for (var x = 0; x < horizontal.OutSize; x++)
                {
                    var weights = horizontal.Weights(x);
                    var from = row[(horizontal.Start(x) * 3)..];
                    for (var c = 0; c < 3; c++)
                    {
                        var sum = 0f;
                        for (var k = 0; k < weights.Length; k++)
                        {
                            sum += weights[k] * from[(3 * k) + c];
                        }

                        output.Write(y, (3 * x) + c, sum);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(columns);
        }
    }

    /// <summary>Places resized values, 0 to 255, at their patch positions, normalised.</summary>
    private readonly ref struct PatchWriter(Span<float> destination, int imageSize, int patchSize)
    {
        private readonly Span<float> _destination = destination;
        private readonly int _patchesPerSide = imageSize / patchSize;
        private readonly int _patchSize = patchSize;

        /// <summary>Writes one channel value of the resized image.</summary>
        /// <param name="y">Row in the resized image.</param>
        /// <param name="i">Index within the row: 3 × column + channel.</param>
        /// <param name="value">The resampled value on the 0-255 scale.</param>
        public void Write(int y, int i, float value)
        {
            var x = i / 3;
            var channel = i - (3 * x);
            var patch = ((y / _patchSize) * _patchesPerSide) + (x / _patchSize);
            var within = ((y % _patchSize) * _patchSize) + (x % _patchSize);
            var index = (((patch * _patchSize * _patchSize) + within) * 3) + channel;
            _destination[index] = (((value / 255f) - Mean) / Std);
        }
    }
}
