using System.Buffers.Binary;

namespace Harness.Inference.Vision;

/// <summary>The validated contents of an IHDR chunk, and the row geometry that follows from them.</summary>
internal sealed class PngHeader
{
    private PngHeader(int width, int height, int bitDepth, PngColorType colorType, bool interlaced)
    {
        Width = width;
        Height = height;
        BitDepth = bitDepth;
        ColorType = colorType;
        Interlaced = interlaced;
        Channels = colorType switch
        {
            PngColorType.Grayscale or PngColorType.Palette => 1,
            PngColorType.GrayscaleAlpha => 2,
            PngColorType.Rgb => 3,
            _ => 4,
        };
        BitsPerPixel = Channels * bitDepth;
        FilterBytesPerPixel = Math.Max(1, BitsPerPixel / 8);
    }

    /// <summary>Gets the width in pixels.</summary>
    public int Width { get; }

    /// <summary>Gets the height in pixels.</summary>
    public int Height { get; }

    /// <summary>Gets the bits per sample (per palette index for palette images).</summary>
    public int BitDepth { get; }

    /// <summary>Gets the color type.</summary>
    public PngColorType ColorType { get; }

    /// <summary>Gets a value indicating whether the image data is Adam7-interlaced.</summary>
    public bool Interlaced { get; }

    /// <summary>Gets the samples per pixel.</summary>
    public int Channels { get; }

    /// <summary>Gets the bits per pixel.</summary>
    public int BitsPerPixel { get; }

    /// <summary>Gets the byte distance the Sub, Average and Paeth filters look back: whole bytes per pixel, at least 1.</summary>
    public int FilterBytesPerPixel { get; }

    /// <summary>Parses and validates IHDR, including the pixel limit, before anything is sized from it.</summary>
    /// <param name="data">The IHDR chunk data.</param>
    /// <param name="maxPixels">The limit on width × height.</param>
    /// <returns>The header.</returns>
    /// <exception cref="ImageFormatException">A field is out of range or the image is too large.</exception>
    public static PngHeader Parse(ReadOnlySpan<byte> data, long maxPixels)
    {
        if (data.Length != 13)
        {
            throw new ImageFormatException($"PNG IHDR: length is {data.Length} bytes; it must be 13.");
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(data);
        var height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        CheckDimension("width", width);
        CheckDimension("height", height);
        var bitDepth = data[8];
        var colorTypeValue = data[9];
        if (!Enum.IsDefined((PngColorType)colorTypeValue))
        {
            throw new ImageFormatException(
                $"PNG IHDR: color type {colorTypeValue} is not valid; valid types are 0 (gray), 2 (RGB), 3 (palette), 4 (gray+alpha) and 6 (RGBA).");
        }

        var colorType = (PngColorType)colorTypeValue;
        var allowed = AllowedBitDepths(colorType);
        if (Array.IndexOf(allowed, bitDepth) < 0)
        {
            throw new ImageFormatException(
                $"PNG IHDR: bit depth {bitDepth} is not valid for color type {colorTypeValue} ({Describe(colorType)}); valid depths are {string.Join(", ", allowed)}.");
        }

        if (data[10] != 0)
        {
            throw new ImageFormatException($"PNG IHDR: compression method {data[10]} is not valid; only 0 (deflate) is defined.");
        }

        if (data[11] != 0)
        {
            throw new ImageFormatException($"PNG IHDR: filter method {data[11]} is not valid; only 0 is defined.");
        }

        if (data[12] > 1)
        {
            throw new ImageFormatException(
                $"PNG IHDR: interlace method {data[12]} is not valid; only 0 (none) and 1 (Adam7) are defined.");
        }

        ImageLimits.EnsureWithin(width, height, maxPixels);
        return new PngHeader((int)width, (int)height, bitDepth, colorType, data[12] == 1);
    }

    /// <summary>The bytes of one filtered row of <paramref name="pixels"/> pixels, not counting the filter-type byte.</summary>
    /// <param name="pixels">Pixels in the row.</param>
    /// <returns>The row length in bytes.</returns>
    public int RowBytes(int pixels)
    {
        var bytes = (((long)pixels * BitsPerPixel) + 7) / 8;
        if (bytes >= Array.MaxLength)
        {
            throw new ImageFormatException($"PNG IHDR: a row of {pixels} pixels at {BitsPerPixel} bits each is too long to decode.");
        }

        return (int)bytes;
    }

    /// <summary>Describes the color type for messages.</summary>
    /// <param name="colorType">The color type.</param>
    /// <returns>A short description.</returns>
    public static string Describe(PngColorType colorType) => colorType switch
    {
        PngColorType.Grayscale => "gray",
        PngColorType.Rgb => "RGB",
        PngColorType.Palette => "palette",
        PngColorType.GrayscaleAlpha => "gray+alpha",
        _ => "RGBA",
    };

    private static byte[] AllowedBitDepths(PngColorType colorType) => colorType switch
    {
        PngColorType.Grayscale => [1, 2, 4, 8, 16],
        PngColorType.Palette => [1, 2, 4, 8],
        _ => [8, 16],
    };

    private static void CheckDimension(string name, uint value)
    {
        if (value == 0)
        {
            throw new ImageFormatException($"PNG IHDR: {name} is 0; width and height must be at least 1.");
        }

        if (value > int.MaxValue)
        {
            throw new ImageFormatException($"PNG IHDR: {name} is {value}; the PNG maximum is 2^31-1.");
        }
    }
}
