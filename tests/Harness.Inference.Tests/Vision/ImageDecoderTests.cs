using System.Text;
using Harness.Inference.Vision;
using Xunit;

namespace Harness.Inference.Tests.Vision;

public sealed class ImageDecoderTests
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0];
    private static readonly byte[] Gif = [.. "GIF89a"u8, 1, 0, 1, 0, 0];
    private static readonly byte[] WebP = [.. "RIFF"u8, 0x24, 0, 0, 0, .. "WEBPVP8 "u8];
    private static readonly byte[] Bmp = [.. "BM"u8, 0x3A, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0];

    [Fact]
    public void Jpeg_is_refused_with_what_to_send_instead()
    {
        var error = Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(Jpeg));

        Assert.Equal(
            "JPEG images are not supported: the CPU image encoder reads PNG and binary PPM/PGM. " +
            "Send the image as PNG, or use a vision-capable OpenAI-compatible backend.",
            error.Message);
    }

    [Theory]
    [InlineData("GIF")]
    [InlineData("WebP")]
    [InlineData("BMP")]
    public void Other_known_formats_are_refused_by_name(string format)
    {
        var bytes = format switch { "GIF" => Gif, "WebP" => WebP, _ => Bmp };

        var error = Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(bytes));

        Assert.StartsWith($"{format} images are not supported: the CPU image encoder reads PNG", error.Message);
    }

    [Fact]
    public void Unknown_bytes_are_not_an_image()
    {
        Assert.Equal(
            "not an image (first bytes 48 65 6C 6C 6F 2C 20 77); the CPU image encoder reads PNG and binary PPM/PGM.",
            Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode("Hello, world"u8)).Message);
        Assert.Equal(
            "not an image (no bytes); the CPU image encoder reads PNG and binary PPM/PGM.",
            Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode([])).Message);
        Assert.Contains(
            "which is base64 of a PNG; pass the decoded bytes",
            Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode("iVBORw0KGgoAAAANSUhEUg"u8)).Message);
        Assert.Contains(
            "which is a data: URL",
            Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode("data:image/png;base64,iVBOR"u8)).Message);
    }

    [Fact]
    public void Sniffs_media_types()
    {
        var png = PngEncoder.Encode(new RgbImage(1, 1));

        Assert.Equal("image/png", ImageDecoder.SniffMediaType(png));
        Assert.Equal("image/jpeg", ImageDecoder.SniffMediaType(Jpeg));
        Assert.Equal("image/gif", ImageDecoder.SniffMediaType(Gif));
        Assert.Equal("image/gif", ImageDecoder.SniffMediaType("GIF87a"u8));
        Assert.Equal("image/webp", ImageDecoder.SniffMediaType(WebP));
        Assert.Equal("image/bmp", ImageDecoder.SniffMediaType(Bmp));
        Assert.Equal("image/x-portable-pixmap", ImageDecoder.SniffMediaType("P6\n1 1\n255\n\0\0\0"u8));
        Assert.Equal("image/x-portable-graymap", ImageDecoder.SniffMediaType("P5 1 1 255 \0"u8));
        Assert.Null(ImageDecoder.SniffMediaType("BMW makes cars"u8));
        Assert.Null(ImageDecoder.SniffMediaType("RIFF\0\0\0\0WAVE"u8));
        Assert.Null(ImageDecoder.SniffMediaType("P3\n1 1\n255\n0 0 0"u8));
        Assert.Null(ImageDecoder.SniffMediaType([]));
        Assert.Null(ImageDecoder.SniffMediaType(png.AsSpan(0, 7)));
    }

    [Fact]
    public void Decodes_png_through_the_sniffer()
    {
        var image = new RgbImage(3, 2);
        new Random(1).NextBytes(image.Pixels);

        Assert.Equal(image.Pixels, ImageDecoder.Decode(PngEncoder.Encode(image)).Pixels);
    }

    [Fact]
    public void Decodes_binary_ppm_with_comments()
    {
        byte[] ppm = [.. "P6\n# made by hand\n2 1 # two pixels\n255\n"u8, 255, 0, 0, 1, 2, 3];

        var image = ImageDecoder.Decode(ppm);

        Assert.Equal((2, 1), (image.Width, image.Height));
        Assert.Equal(new byte[] { 255, 0, 0, 1, 2, 3 }, image.Pixels);
    }

    [Fact]
    public void Decodes_binary_pgm_as_gray_rgb()
    {
        // The single whitespace after maxval is followed by a raster starting with a whitespace byte (32).
        byte[] pgm = [.. "P5 2 2 255 "u8, 32, 0, 128, 255];

        var image = ImageDecoder.Decode(pgm);

        Assert.Equal(new byte[] { 32, 32, 32, 0, 0, 0, 128, 128, 128, 255, 255, 255 }, image.Pixels);
    }

    [Fact]
    public void Smaller_maxval_is_scaled_to_full_range()
    {
        byte[] pgm = [.. "P5 3 1 15\n"u8, 0, 8, 15];

        Assert.Equal(new byte[] { 0, 0, 0, 136, 136, 136, 255, 255, 255 }, ImageDecoder.Decode(pgm).Pixels);
    }

    [Theory]
    [InlineData("P6\n2 2\n255\n\u0001\u0002\u0003", "PPM: pixel data is truncated; a 2x2 image needs 12 bytes, found 3.")]
    [InlineData("P6\n2 2\n65535\n", "PPM: maxval 65535 is not supported; only 1 to 255 (one byte per sample) is read.")]
    [InlineData("P5\n0 2\n255\n", "PGM: image is 0x2; width and height must be at least 1.")]
    [InlineData("P5\n2 x\n255\n", "PGM: expected the height as a decimal number in the header, found byte 0x78.")]
    [InlineData("P5\n2 2\n255", "PGM: the header must end with one whitespace byte after maxval.")]
    [InlineData("P5 1 1 9 \u000A", "PGM: sample 0 is 10, above maxval 9.")]
    [InlineData("P6 20000 20000 255 ", "image is 20000x20000 pixels; the limit is 16777216 pixels.")]
    public void Malformed_netpbm_is_refused(string text, string message)
    {
        var bytes = Encoding.Latin1.GetBytes(text);

        Assert.Equal(message, Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(bytes)).Message);
    }
}
