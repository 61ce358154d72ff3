namespace Harness.Inference.Vision;

/// <summary>
/// An 8-bit RGB image: <see cref="Pixels"/> holds <see cref="Width"/> × <see cref="Height"/> pixels, row-major
/// from the top-left, three bytes (red, green, blue) per pixel, with no padding between rows.
/// </summary>
public sealed class RgbImage
{
    /// <summary>Initializes a new instance of the <see cref="RgbImage"/> class, all black.</summary>
    /// <param name="width">Width in pixels, at least 1.</param>
    /// <param name="height">Height in pixels, at least 1.</param>
    public RgbImage(int width, int height)
    {
        Width = width;
        Height = height;
        Pixels = new byte[CheckedByteCount(width, height)];
    }

    /// <summary>Initializes a new instance of the <see cref="RgbImage"/> class over existing pixel bytes.</summary>
    /// <param name="width">Width in pixels, at least 1.</param>
    /// <param name="height">Height in pixels, at least 1.</param>
    /// <param name="pixels">Exactly <paramref name="width"/> × <paramref name="height"/> × 3 bytes; kept, not copied.</param>
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        var expected = CheckedByteCount(width, height);
        if (pixels.Length != expected)
        {
            throw new ArgumentException(
                $"pixels has {pixels.Length} bytes; a {width}x{height} RGB image needs {expected}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Gets the width in pixels.</summary>
    public int Width { get; }

    /// <summary>Gets the height in pixels.</summary>
    public int Height { get; }

    /// <summary>Gets the pixel bytes: row-major, three bytes (R, G, B) per pixel.</summary>
    public byte[] Pixels { get; }

    /// <summary>Reads one pixel.</summary>
    /// <param name="x">Column, from 0 at the left.</param>
    /// <param name="y">Row, from 0 at the top.</param>
    /// <returns>The pixel's red, green and blue values.</returns>
    public (byte R, byte G, byte B) GetPixel(int x, int y)
    {
        var offset = Offset(x, y);
        return (Pixels[offset], Pixels[offset + 1], Pixels[offset + 2]);
    }

    /// <summary>Writes one pixel.</summary>
    /// <param name="x">Column, from 0 at the left.</param>
    /// <param name="y">Row, from 0 at the top.</param>
    /// <param name="r">Red.</param>
    /// <param name="g">Green.</param>
    /// <param name="b">Blue.</param>
    public void SetPixel(int x, int y, byte r, byte g, byte b)
    {
        var offset = Offset(x, y);
        Pixels[offset] = r;
        Pixels[offset + 1] = g;
        Pixels[offset + 2] = b;
    }

    private static int CheckedByteCount(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var bytes = (long)width * height * 3;
        if (bytes > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(width), $"A {width}x{height} RGB image needs {bytes} bytes, more than one array can hold.");
        }

        return (int)bytes;
    }

    private int Offset(int x, int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(x, Width);
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        return ((y * Width) + x) * 3;
    }
}
