using System.Globalization;

namespace Harness.Inference.Vision;

/// <summary>
/// The entry point for image bytes of unknown format: sniffs the format from the first bytes, decodes PNG and
/// binary PPM/PGM, and refuses JPEG, GIF, WebP and BMP with a message that says what to send instead.
/// </summary>
public static class ImageDecoder
{
    private const int BytesShown = 8;

    /// <summary>Decodes an image of any supported format.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="maxPixels">
    /// Refuse images whose width × height exceeds this, before allocating for them; default
    /// <see cref="ImageLimits.DefaultMaxPixels"/>.
    /// </param>
    /// <returns>The image as RGB.</returns>
    /// <exception cref="ImageFormatException">
    /// The format is not supported or not an image, the data is corrupt, or the image is too large.
    /// </exception>
    public static RgbImage Decode(ReadOnlySpan<byte> bytes, long maxPixels = ImageLimits.DefaultMaxPixels)
    {
        var kind = Sniff(bytes);
        return kind switch
        {
            ImageFormatKind.Png => PngDecoder.Decode(bytes, maxPixels),
            ImageFormatKind.Ppm or ImageFormatKind.Pgm => NetpbmDecoder.Decode(bytes, maxPixels),
            ImageFormatKind.Unknown => throw new ImageFormatException(
                $"not an image ({DescribeStart(bytes)}); the CPU image encoder reads PNG and binary PPM/PGM."),
            _ => throw new ImageFormatException(
                $"{Name(kind)} images are not supported: the CPU image encoder reads PNG and binary PPM/PGM. " +
                "Send the image as PNG, or use a vision-capable OpenAI-compatible backend."),
        };
    }

    /// <summary>
    /// The media type of an image, recognised from its first bytes, for building <c>data:</c> URLs. Recognises
    /// more formats than <see cref="Decode"/> decodes, since remote backends read them.
    /// </summary>
    /// <param name="bytes">The file, or at least its first 12 bytes.</param>
    /// <returns>
    /// "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/x-portable-pixmap",
    /// "image/x-portable-graymap", or null when the bytes are none of these.
    /// </returns>
    public static string? SniffMediaType(ReadOnlySpan<byte> bytes) => Sniff(bytes) switch
    {
        ImageFormatKind.Png => "image/png",
        ImageFormatKind.Jpeg => "image/jpeg",
        ImageFormatKind.Gif => "image/gif",
        ImageFormatKind.WebP => "image/webp",
        ImageFormatKind.Bmp => "image/bmp",
        ImageFormatKind.Ppm => "image/x-portable-pixmap",
        ImageFormatKind.Pgm => "image/x-portable-graymap",
        _ => null,
    };

    /// <summary>Recognises a format by its magic bytes.</summary>
    /// <param name="bytes">The file.</param>
    /// <returns>The format, or <see cref="ImageFormatKind.Unknown"/>.</returns>
    internal static ImageFormatKind Sniff(ReadOnlySpan<byte> bytes)
    {
        if (PngSignature.Matches(bytes))
        {
            return ImageFormatKind.Png;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ImageFormatKind.Jpeg;
        }

        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return ImageFormatKind.Gif;
        }

        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return ImageFormatKind.WebP;
        }

        // "BM" alone is too common at the start of text; BMP's reserved header bytes 6-9 are zero.
        if (bytes.Length >= 14 && bytes.StartsWith("BM"u8) && bytes.Slice(6, 4).IndexOfAnyExcept((byte)0) < 0)
        {
            return ImageFormatKind.Bmp;
        }

        if (bytes.Length >= 3 && bytes[0] == (byte)'P' && IsNetpbmSeparator(bytes[2]))
        {
            if (bytes[1] == (byte)'6')
            {
                return ImageFormatKind.Ppm;
            }

            if (bytes[1] == (byte)'5')
            {
                return ImageFormatKind.Pgm;
            }
        }

        return ImageFormatKind.Unknown;
    }

    private static bool IsNetpbmSeparator(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'#';

    private static string Name(ImageFormatKind kind) => kind switch
    {
        ImageFormatKind.Jpeg => "JPEG",
        ImageFormatKind.Gif => "GIF",
        ImageFormatKind.WebP => "WebP",
        ImageFormatKind.Bmp => "BMP",
        _ => kind.ToString(),
    };

    private static string DescribeStart(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return "no bytes";
        }

        var shown = bytes[..Math.Min(bytes.Length, BytesShown)].ToArray();
        var hex = string.Join(' ', shown.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));

        // Two common slips: passing the text of a data: URL, or base64 that was never decoded.
        var hint = bytes.StartsWith("data:"u8) ? ", which is a data: URL; pass the decoded bytes"
            : bytes.StartsWith("iVBORw0KGgo"u8) ? ", which is base64 of a PNG; pass the decoded bytes"
            : string.Empty;
        return $"first bytes {hex}{hint}";
    }
}
