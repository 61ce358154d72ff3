using System.IO.Compression;

namespace Harness.Inference.Vision;

/// <summary>
/// Inflates the concatenated IDAT data and reconstructs it row by row, one pass for a plain image or seven for
/// Adam7, writing RGB pixels into the image. Only two rows are held at a time, so memory stays at the output image
/// plus the compressed input.
/// </summary>
internal static class PngScanlineDecoder
{
    /// <summary>Decodes all scanlines into <paramref name="image"/>.</summary>
    /// <param name="header">The image header.</param>
    /// <param name="compressed">The zlib stream: all IDAT data, in order.</param>
    /// <param name="converter">Turns reconstructed rows into RGB.</param>
    /// <param name="image">Receives the pixels; sized from the header.</param>
    /// <exception cref="ImageFormatException">The data is corrupt, ends early, or has a bad filter type.</exception>
    public static void Decode(PngHeader header, byte[] compressed, PngPixelConverter converter, RgbImage image)
    {
        var passes = header.Interlaced ? Adam7.Passes : 1;
        var expected = ExpectedBytes(header);
        var maxRow = header.RowBytes(header.Width);
        var current = new byte[maxRow + 1];
        var prior = new byte[maxRow + 1];
        var rgbRow = header.Interlaced ? new byte[header.Width * 3] : [];
        long consumed = 0;

        using var zlib = new ZLibStream(new MemoryStream(compressed, writable: false), CompressionMode.Decompress);
        for (var pass = 0; pass < passes; pass++)
        {
            var (passWidth, passHeight) = header.Interlaced
                ? Adam7.PassSize(pass, header.Width, header.Height)
                : (header.Width, header.Height);
            if (passWidth == 0 || passHeight == 0)
            {
                continue;
            }

            var rowBytes = header.RowBytes(passWidth);
            Array.Clear(prior);
            for (var y = 0; y < passHeight; y++)
            {
                var line = current.AsSpan(0, rowBytes + 1);
                ReadExactly(zlib, line, consumed, expected);
                consumed += line.Length;
                var filterType = line[0];
                if (filterType > PngFilter.Paeth)
                {
                    var where = header.Interlaced ? $"row {y} of Adam7 pass {pass + 1}" : $"row {y}";
                    throw new ImageFormatException(
                        $"PNG IDAT: {where} has filter type {filterType}; valid types are 0 to 4 (corrupt data).");
                }

                var row = line[1..];
                PngFilter.Unfilter(filterType, row, prior.AsSpan(1, rowBytes), header.FilterBytesPerPixel);
                if (header.Interlaced)
                {
                    converter.ConvertRow(row, passWidth, rgbRow);
                    Scatter(rgbRow, passWidth, pass, y, image);
                }
                else
                {
                    converter.ConvertRow(row, passWidth, image.Pixels.AsSpan(y * header.Width * 3, header.Width * 3));
                }

                (current, prior) = (prior, current);
            }
        }
    }

    private static long ExpectedBytes(PngHeader header)
    {
        if (!header.Interlaced)
        {
            return (long)header.Height * (header.RowBytes(header.Width) + 1);
        }

        long total = 0;
        for (var pass = 0; pass < Adam7.Passes; pass++)
        {
            var (w, h) = Adam7.PassSize(pass, header.Width, header.Height);
            if (w > 0 && h > 0)
            {
                total += (long)h * (header.RowBytes(w) + 1);
            }
        }

        return total;
    }

    private static void ReadExactly(Stream zlib, Span<byte> buffer, long consumed, long expected)
    {
        var filled = 0;
        try
        {
            while (filled < buffer.Length)
            {
                var read = zlib.Read(buffer[filled..]);
                if (read == 0)
                {
                    throw new ImageFormatException(
                        $"PNG IDAT: image data ends early; it inflates to {consumed + filled} bytes but the header implies {expected} (truncated or corrupt).");
                }

                filled += read;
            }
        }
        catch (InvalidDataException ex)
        {
            throw new ImageFormatException($"PNG IDAT: the zlib data is corrupt after {consumed + filled} bytes ({ex.Message}).", ex);
        }
    }

    private static void Scatter(ReadOnlySpan<byte> rgbRow, int passWidth, int pass, int passY, RgbImage image)
    {
        var y = Adam7.YStart[pass] + (passY * Adam7.YStep[pass]);
        var x0 = Adam7.XStart[pass];
        var step = Adam7.XStep[pass];
        var pixels = image.Pixels.AsSpan(y * image.Width * 3, image.Width * 3);
        for (var i = 0; i < passWidth; i++)
        {
            rgbRow.Slice(i * 3, 3).CopyTo(pixels.Slice((x0 + (i * step)) * 3, 3));
        }
    }
}
