using Harness.Inference.Vision;
using Xunit;

namespace Harness.Inference.Tests.Vision;

public sealed class PngDecoderTransparencyTests
{
    [Fact]
    public void Palette_alpha_from_trns_is_composited_over_white()
    {
        // Entry 0 opaque red, 1 fully transparent green, 2 half-transparent black, 3 has no tRNS entry (opaque).
        byte[] palette = [255, 0, 0, 0, 255, 0, 0, 0, 0, 10, 20, 30];
        byte[] alpha = [255, 0, 128];
        var image = new TestImage(4, 1, 3, 2, [0, 1, 2, 3]);

        var decoded = PngDecoder.Decode(PngTestBuilder.Encode(
            image, beforeIdat: [PngTestBuilder.Chunk("PLTE", palette), PngTestBuilder.Chunk("tRNS", alpha)]));

        // Black at alpha 128 over white: 255 × 127 / 255 = 127.
        Assert.Equal(new byte[] { 255, 0, 0, 255, 255, 255, 127, 127, 127, 10, 20, 30 }, decoded.Pixels);
    }

    [Fact]
    public void Random_palette_with_partial_trns_matches_the_reference()
    {
        var palette = PngDecoderColorTypeTests.RandomPalette(16, seed: 3);
        byte[] alpha = [0, 1, 2, 100, 127, 128, 200, 254, 255, 17];
        var image = TestImage.Random(17, 6, 3, 4, seed: 3, paletteEntries: 16);

        var decoded = PngDecoder.Decode(PngTestBuilder.Encode(
            image, beforeIdat: [PngTestBuilder.Chunk("PLTE", palette), PngTestBuilder.Chunk("tRNS", alpha)]));

        Assert.Equal(ExpectedRgb.Of(image, palette, alpha).Pixels, decoded.Pixels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Gray_color_key_makes_matching_pixels_white(int bitDepth)
    {
        var key = 0;
        var image = TestImage.Random(10, 4, 0, bitDepth, seed: bitDepth);
        byte[] trns = [(byte)(key >> 8), (byte)key];

        var decoded = PngDecoder.Decode(PngTestBuilder.Encode(image, beforeIdat: PngTestBuilder.Chunk("tRNS", trns)));

        // Sample 0 is black without tRNS; every test image has one (TestImage.Random forces it).
        Assert.Equal(((byte)255, (byte)255, (byte)255), decoded.GetPixel(0, 0));
        Assert.Equal(ExpectedRgb.Of(image, colorKey: [key]).Pixels, decoded.Pixels);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void Rgb_color_key_matches_only_all_three_samples(int bitDepth)
    {
        var max = (1 << bitDepth) - 1;
        var image = new TestImage(3, 1, 2, bitDepth, [1, 2, 3, 1, 2, max, 1, 2, 3]);
        byte[] trns = [0, 1, 0, 2, 0, 3];

        var decoded = PngDecoder.Decode(PngTestBuilder.Encode(image, beforeIdat: PngTestBuilder.Chunk("tRNS", trns)));

        Assert.Equal(((byte)255, (byte)255, (byte)255), decoded.GetPixel(0, 0));
        Assert.NotEqual(((byte)255, (byte)255, (byte)255), decoded.GetPixel(1, 0));
        Assert.Equal(ExpectedRgb.Of(image, colorKey: [1, 2, 3]).Pixels, decoded.Pixels);
    }

    [Fact]
    public void Alpha_channel_is_composited_over_white()
    {
        // RGBA: opaque blue, transparent blue, half-transparent (alpha 51 = 20%) red.
        var image = new TestImage(3, 1, 6, 8, [0, 0, 255, 255, 0, 0, 255, 0, 255, 0, 0, 51]);

        var decoded = PngDecoder.Decode(PngTestBuilder.Encode(image));

        // 20% red over white: red 255, green and blue 255 × 0.8 = 204.
        Assert.Equal(new byte[] { 0, 0, 255, 255, 255, 255, 255, 204, 204 }, decoded.Pixels);
    }

    [Fact]
    public void Sixteen_bit_gray_alpha_composites_at_full_precision()
    {
        // Gray 0 at alpha 0x8000 (just over half): 65535 × 0x7FFF / 65535 = 0x7FFF → high byte 0x7F.
        var image = new TestImage(1, 1, 4, 16, [0, 0x8000]);

        Assert.Equal(new byte[] { 0x7F, 0x7F, 0x7F }, PngDecoder.Decode(PngTestBuilder.Encode(image)).Pixels);
    }
}
