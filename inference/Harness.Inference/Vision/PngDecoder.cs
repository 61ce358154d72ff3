namespace Harness.Inference.Vision;

/// <summary>
/// Decodes PNG files to 8-bit RGB: every color type and bit depth of the spec, palette and tRNS transparency, all
/// five filters and Adam7 interlacing. Every chunk's CRC is checked. Transparency is composited over white (a
/// vision model sees no alpha, and transparent areas are meant as background); 16-bit samples keep their high byte.
/// Ancillary chunks other than tRNS (gamma, color profiles, text) are checked and ignored.
/// </summary>
public static class PngDecoder
{
    /// <summary>Decodes a PNG file.</summary>
    /// <param name="png">The whole file.</param>
    /// <param name="maxPixels">
    /// Refuse images whose width × height exceeds this, before allocating for them; default
    /// <see cref="ImageLimits.DefaultMaxPixels"/>.
    /// </param>
    /// <returns>The image as RGB.</returns>
    /// <exception cref="ImageFormatException">The data is not a valid PNG, or the image is too large.</exception>
    public static RgbImage Decode(ReadOnlySpan<byte> png, long maxPixels = ImageLimits.DefaultMaxPixels)
    {
        ImageLimits.ValidateLimit(maxPixels);
        if (!PngSignature.Matches(png))
        {
            throw new ImageFormatException("not a PNG: the file does not start with the 8-byte PNG signature.");
        }

        var reader = new PngChunkReader(png);
        if (!reader.TryRead(out var first) || first.Type != PngChunkType.Ihdr)
        {
            var found = first.Type == 0 ? "nothing" : first.Name;
            throw new ImageFormatException($"PNG: the first chunk must be IHDR, found {found}.");
        }

        var header = PngHeader.Parse(first.Data(png), maxPixels);
        PngChunk? palette = null;
        PngChunk? transparency = null;
        var idat = new List<PngChunk>();
        var idatEnded = false;
        var sawEnd = false;
        while (!sawEnd && reader.TryRead(out var chunk))
        {
            if (chunk.Type != PngChunkType.Idat && idat.Count > 0)
            {
                idatEnded = true;
            }

            switch (chunk.Type)
            {
                case PngChunkType.Ihdr:
                    throw new ImageFormatException("PNG IHDR: appears more than once.");
                case PngChunkType.Plte:
                    CheckPalette(header, chunk, palette, idat.Count > 0);
                    palette = chunk;
                    break;
                case PngChunkType.Trns:
                    CheckTransparency(header, chunk, palette, transparency, idat.Count > 0);
                    transparency = chunk;
                    break;
                case PngChunkType.Idat:
                    if (idatEnded)
                    {
                        throw new ImageFormatException("PNG IDAT: IDAT chunks must be consecutive, but another chunk separates them.");
                    }

                    if (header.ColorType == PngColorType.Palette && palette is null)
                    {
                        throw new ImageFormatException("PNG IDAT: color type 3 (palette) needs a PLTE chunk before the image data.");
                    }

                    idat.Add(chunk);
                    break;
                case PngChunkType.Iend:
                    sawEnd = true;
                    break;
                default:
                    if (PngChunkType.IsCritical(chunk.Type))
                    {
                        throw new ImageFormatException($"PNG chunk {chunk.Name}: a critical chunk this decoder does not know.");
                    }

                    break;
            }
        }

        if (idat.Count == 0)
        {
            throw new ImageFormatException("PNG has no IDAT chunk: there is no image data.");
        }

        if (!sawEnd)
        {
            throw new ImageFormatException("PNG ends without an IEND chunk (the file is truncated).");
        }

        var converter = new PngPixelConverter(
            header,
            palette is { } p ? p.Data(png) : [],
            transparency is { } t ? t.Data(png) : []);
        var image = new RgbImage(header.Width, header.Height);
        PngScanlineDecoder.Decode(header, Concatenate(png, idat), converter, image);
        return image;
    }

    private static void CheckPalette(PngHeader header, PngChunk chunk, PngChunk? previous, bool afterImageData)
    {
        if (header.ColorType is PngColorType.Grayscale or PngColorType.GrayscaleAlpha)
        {
            throw new ImageFormatException(
                $"PNG PLTE: not allowed for color type {(int)header.ColorType} ({PngHeader.Describe(header.ColorType)}).");
        }

        if (previous is not null)
        {
            throw new ImageFormatException("PNG PLTE: appears more than once.");
        }

        if (afterImageData)
        {
            throw new ImageFormatException("PNG PLTE: must come before the IDAT chunks.");
        }

        if (chunk.Length == 0 || chunk.Length % 3 != 0 || chunk.Length > 256 * 3)
        {
            throw new ImageFormatException(
                $"PNG PLTE: length is {chunk.Length} bytes; it must be 3 bytes per entry, 1 to 256 entries.");
        }
    }

    private static void CheckTransparency(
        PngHeader header, PngChunk chunk, PngChunk? palette, PngChunk? previous, bool afterImageData)
    {
        if (previous is not null)
        {
            throw new ImageFormatException("PNG tRNS: appears more than once.");
        }

        if (afterImageData)
        {
            throw new ImageFormatException("PNG tRNS: must come before the IDAT chunks.");
        }

        switch (header.ColorType)
        {
            case PngColorType.Grayscale when chunk.Length != 2:
                throw new ImageFormatException($"PNG tRNS: length is {chunk.Length} bytes; for gray images it must be 2.");
            case PngColorType.Rgb when chunk.Length != 6:
                throw new ImageFormatException($"PNG tRNS: length is {chunk.Length} bytes; for RGB images it must be 6.");
            case PngColorType.Palette when palette is null:
                throw new ImageFormatException("PNG tRNS: for palette images it must come after PLTE.");
            case PngColorType.Palette when chunk.Length > palette.Value.Length / 3:
                throw new ImageFormatException(
                    $"PNG tRNS: has {chunk.Length} alpha values but PLTE has only {palette.Value.Length / 3} entries.");
            case PngColorType.GrayscaleAlpha or PngColorType.Rgba:
                throw new ImageFormatException(
                    $"PNG tRNS: not allowed for color type {(int)header.ColorType} ({PngHeader.Describe(header.ColorType)}), which has an alpha channel.");
        }
    }

    private static byte[] Concatenate(ReadOnlySpan<byte> png, List<PngChunk> chunks)
    {
        var total = 0L;
        foreach (var chunk in chunks)
        {
            total += chunk.Length;
        }

        // The chunks lie inside one span, so their total fits in an array.
        var data = new byte[total];
        var offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.Data(png).CopyTo(data.AsSpan(offset));
            offset += chunk.Length;
        }

        return data;
    }
}
