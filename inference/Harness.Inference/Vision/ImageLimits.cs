namespace Harness.Inference.Vision;

/// <summary>
/// The size guard shared by the image decoders: dimensions are checked against a pixel limit before anything
/// proportional to the image is allocated, so a few bytes of header cannot make the process allocate gigabytes.
/// </summary>
public static class ImageLimits
{
    /// <summary>
    /// The default limit on width × height: 16,777,216 pixels (for example 4096 × 4096), 48 MiB as RGB. Far above
    /// what a vision encoder needs (it resizes to a few hundred pixels), far below what would hurt a silo.
    /// </summary>
    public const long DefaultMaxPixels = 16L * 1024 * 1024;

    /// <summary>
    /// Throws <see cref="ImageFormatException"/> when an image of the given size would exceed
    /// <paramref name="maxPixels"/> or could not be held as one RGB array.
    /// </summary>
    /// <param name="width">Declared width in pixels.</param>
    /// <param name="height">Declared height in pixels.</param>
    /// <param name="maxPixels">The limit on width × height.</param>
    internal static void EnsureWithin(long width, long height, long maxPixels)
    {
        var pixels = width * height;
        if (pixels > maxPixels)
        {
            throw new ImageFormatException($"image is {width}x{height} pixels; the limit is {maxPixels} pixels.");
        }

        if (pixels * 3 > Array.MaxLength)
        {
            throw new ImageFormatException(
                $"image is {width}x{height} pixels; at 3 bytes a pixel that exceeds the largest array ({Array.MaxLength} bytes).");
        }
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a caller passes a non-positive limit.</summary>
    /// <param name="maxPixels">The limit to check.</param>
    internal static void ValidateLimit(long maxPixels) =>
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPixels, 1, nameof(maxPixels));
}
