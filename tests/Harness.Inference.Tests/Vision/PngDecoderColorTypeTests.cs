using Harness.Inference.Vision;
using Xunit;

namespace Harness.Inference.Tests.Vision;

public sealed class PngDecoderColorTypeTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 2)]
    [InlineData(0, 4)]
    [InlineData(0, 8)]
    [InlineData(0, 16)]
    [InlineData(2, 8)]
    [InlineData(2, 16)]
    [InlineData(4, 8)]
    [InlineData(4, 16)]
    [InlineData(6, 8)]
    [InlineData(6, 16)]
    public void Decodes_every_color_type_and_bit_depth(int colorType, int bitDepth)
    {
        // 13 pixels wide: sub-byte rows end mid-byte, which exercises the padding bits.
        var image = TestImage.Random(13, 5, colorType, bitDepth, seed: (colorType * 100) + bitDepth);

        var decoded = PngDecoder.Decode(PngTestBuilder.Encode(image));

        Assert.Equal(13, decoded.Width);
        Assert.Equal(5, decoded.Height);
        Assert.Equal(ExpectedRgb.Of(image).Pixels, decoded.Pixels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Decodes_palette_images_of_every_bit_depth(int bitDepth)
    {
        var entries = Math.Min(1 << bitDepth, 200);
        var palette = RandomPalette(entries, seed: bitDepth);
        var image = TestImage.Random(11, 4, 3, bitDepth, seed: bitDepth, paletteEntries: entries);

        var decoded = PngDecoder.Decode(PngTestBuilder.Encode(image, beforeIdat: PngTestBuilder.Chunk("PLTE", palette)));

        Assert.Equal(ExpectedRgb.Of(image, palette).Pixels, decoded.Pixels);
    }

    [Fact]
    public void Low_bit_gray_scales_to_full_range_and_sixteen_bit_keeps_the_high_byte()
    {
        // One row per case, spelled out: 2-bit samples 0..3 map to 0, 85, 170, 255.
        var twoBit = new TestImage(4, 1, 0, 2, [0, 1, 2, 3]);
        Assert.Equal(new byte[] { 0, 0, 0, 85, 85, 85, 170, 170, 170, 255, 255, 255 }, PngDecoder.Decode(PngTestBuilder.Encode(twoBit)).Pixels);

        var sixteen = new TestImage(1, 1, 2, 16, [0x1234, 0xABFF, 0x00FF]);
        Assert.Equal(new byte[] { 0x12, 0xAB, 0x00 }, PngDecoder.Decode(PngTestBuilder.Encode(sixteen)).Pixels);
    }

    [Fact]
    public void Decodes_a_png_made_by_another_encoder()
    {
        // A widely published 1x1 RGBA PNG (blue at alpha 127, Sub-filtered, zlib level 9): real-world CRCs and zlib.
        var png = Convert.FromBase64String(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

        var decoded = PngDecoder.Decode(png);

        // Over white: 255 - 127/255 * 255 = 128 for red and green; blue stays 255.
        Assert.Equal((1, 1), (decoded.Width, decoded.Height));
        Assert.Equal(((byte)128, (byte)128, (byte)255), decoded.GetPixel(0, 0));
    }

    [Fact]
    public void Image_data_split_over_several_idat_chunks_is_joined()
    {
        var image = TestImage.Random(20, 9, 2, 8, seed: 5);
        var compressed = PngTestBuilder.Zlib(PngTestBuilder.Scanlines(image));
        var png = PngTestBuilder.Png(
            PngTestBuilder.Ihdr(20, 9, 8, 2),
            PngTestBuilder.Chunk("IDAT", compressed.AsSpan(0, 1)),
            PngTestBuilder.Chunk("IDAT", []),
            PngTestBuilder.Chunk("IDAT", compressed.AsSpan(1, 10)),
            PngTestBuilder.Chunk("IDAT", compressed.AsSpan(11)),
            PngTestBuilder.Iend());

        Assert.Equal(ExpectedRgb.Of(image).Pixels, PngDecoder.Decode(png).Pixels);
    }

    [Fact]
    public void Ancillary_chunks_are_skipped_and_bytes_after_iend_ignored()
    {
        var image = TestImage.Random(3, 3, 2, 8, seed: 6);
        var png = PngTestBuilder.Png(
            PngTestBuilder.Ihdr(3, 3, 8, 2),
            PngTestBuilder.Chunk("gAMA", [0, 0, 0xB1, 0x8F]),
            PngTestBuilder.Chunk("tEXt", "Comment\0hello"u8),
            PngTestBuilder.Chunk("IDAT", PngTestBuilder.Zlib(PngTestBuilder.Scanlines(image))),
            PngTestBuilder.Chunk("tIME", [7, 0xE9, 1, 2, 3, 4, 5]),
            PngTestBuilder.Iend(),
            [1, 2, 3]);

        Assert.Equal(ExpectedRgb.Of(image).Pixels, PngDecoder.Decode(png).Pixels);
    }

    internal static byte[] RandomPalette(int entries, int seed)
    {
        var palette = new byte[entries * 3];
        new Random(seed).NextBytes(palette);
        return palette;
    }
}
