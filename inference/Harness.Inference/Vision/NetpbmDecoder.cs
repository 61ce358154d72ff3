namespace Harness.Inference.Vision;

/// <summary>
/// Decodes binary Netpbm images: PPM (P6, RGB) and PGM (P5, gray) with one byte per sample (maxval 1 to 255;
/// values are scaled to 0-255). The header is ASCII: magic, width, height, maxval, separated by whitespace with
/// <c>#</c> comments, then exactly one whitespace byte before the raster.
/// </summary>
internal static class NetpbmDecoder
{
    /// <summary>Decodes a P5 or P6 image.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="maxPixels">The limit on width × height.</param>
    /// <returns>The image as RGB.</returns>
    /// <exception cref="ImageFormatException">The header or raster is malformed, or the image is too large.</exception>
    public static RgbImage Decode(ReadOnlySpan<byte> bytes, long maxPixels)
    {
        ImageLimits.ValidateLimit(maxPixels);
        if (bytes.Length < 2 || bytes[0] != (byte)'P' || (bytes[1] != (byte)'5' && bytes[1] != (byte)'6'))
        {
            throw new ImageFormatException("not a binary PPM/PGM: the file does not start with P6 or P5.");
        }

        var channels = bytes[1] == (byte)'6' ? 3 : 1;
        var format = channels == 3 ? "PPM" : "PGM";
        var position = 2;
        var width = ReadNumber(bytes, ref position, format, "width");
        var height = ReadNumber(bytes, ref position, format, "height");
        var maxValue = ReadNumber(bytes, ref position, format, "maxval");
        if (width == 0 || height == 0)
        {
            throw new ImageFormatException($"{format}: image is {width}x{height}; width and height must be at least 1.");
        }

        if (maxValue is 0 or > 255)
        {
            throw new ImageFormatException(
                $"{format}: maxval {maxValue} is not supported; only 1 to 255 (one byte per sample) is read.");
        }

        if (position >= bytes.Length || !IsWhitespace(bytes[position]))
        {
            throw new ImageFormatException($"{format}: the header must end with one whitespace byte after maxval.");
        }

        position++;
        ImageLimits.EnsureWithin(width, height, maxPixels);
        var samples = (int)(width * height * channels);
        var raster = bytes[position..];
        if (raster.Length < samples)
        {
            throw new ImageFormatException(
                $"{format}: pixel data is truncated; a {width}x{height} image needs {samples} bytes, found {raster.Length}.");
        }

        var image = new RgbImage((int)width, (int)height);
        var pixels = image.Pixels;
        for (var i = 0; i < samples; i++)
        {
            var value = raster[i];
            if (value > maxValue)
            {
                throw new ImageFormatException($"{format}: sample {i} is {value}, above maxval {maxValue}.");
            }

            var scaled = maxValue == 255 ? value : (byte)(((value * 255) + (maxValue / 2)) / maxValue);
            if (channels == 3)
            {
                pixels[i] = scaled;
            }
            else
            {
                pixels[3 * i] = scaled;
                pixels[(3 * i) + 1] = scaled;
                pixels[(3 * i) + 2] = scaled;
            }
        }

        return image;
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C;

    private static long ReadNumber(ReadOnlySpan<byte> bytes, ref int position, string format, string field)
    {
        while (position < bytes.Length && (IsWhitespace(bytes[position]) || bytes[position] == (byte)'#'))
        {
            if (bytes[position] == (byte)'#')
            {
                while (position < bytes.Length && bytes[position] != (byte)'\n' && bytes[position] != (byte)'\r')
                {
                    position++;
                }
            }
            else
            {
                position++;
            }
        }

        var start = position;
        long value = 0;
        while (position < bytes.Length && char.IsAsciiDigit((char)bytes[position]))
        {
            value = (value * 10) + (bytes[position] - '0');
            if (value > int.MaxValue)
            {
                throw new ImageFormatException($"{format}: {field} is larger than {int.MaxValue}.");
            }

            position++;
        }

        if (position == start)
        {
            var found = position < bytes.Length ? $"byte 0x{bytes[position]:X2}" : "the end of the data";
            throw new ImageFormatException($"{format}: expected the {field} as a decimal number in the header, found {found}.");
        }

        return value;
    }
}
