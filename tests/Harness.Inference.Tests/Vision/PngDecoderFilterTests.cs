using Harness.Inference.Vision;
using Xunit;

namespace Harness.Inference.Tests.Vision;

public sealed class PngDecoderFilterTests
{
    // Two gray rows, raw [10, 20, 30] over [40, 35, 250]; the second row's filtered bytes worked out by hand.
    // Sub:     40-0, 35-40, 250-35                       = 40, 251, 215
    // Up:      40-10, 35-20, 250-30                      = 30, 15, 220
    // Average: 40-(0+10)/2, 35-(40+20)/2, 250-(35+30)/2  = 35, 5, 218
    // Paeth:   predictors b=10, a=40, a=35               = 30, 251, 215
    [Theory]
    [InlineData(0, new byte[] { 40, 35, 250 })]
    [InlineData(1, new byte[] { 40, 251, 215 })]
    [InlineData(2, new byte[] { 30, 15, 220 })]
    [InlineData(3, new byte[] { 35, 5, 218 })]
    [InlineData(4, new byte[] { 30, 251, 215 })]
    public void Reconstructs_hand_filtered_rows(byte filterType, byte[] secondRow)
    {
        byte[] scanlines = [0, 10, 20, 30, filterType, .. secondRow];

        var decoded = Decode(3, 2, scanlines);

        Assert.Equal(new byte[] { 10, 20, 30, 40, 35, 250 }, Gray(decoded));
    }

    [Fact]
    public void Paeth_picks_the_upper_left_byte_when_it_is_closest()
    {
        // Raw [50, 10] over [100, 77]. Second row, x=1: a=100, b=10, c=50, p=60, |p-a|=40, |p-b|=50, |p-c|=10 → c.
        // x=0: a=0, b=50, c=0, p=50 → b. Filtered: 100-50=50, 77-50=27.
        byte[] scanlines = [0, 50, 10, 4, 50, 27];

        Assert.Equal(new byte[] { 50, 10, 100, 77 }, Gray(Decode(2, 2, scanlines)));
    }

    [Fact]
    public void First_row_filters_treat_the_row_above_as_zero()
    {
        // Up on the first row adds 0; Average adds half the left byte; Paeth reduces to Sub.
        Assert.Equal(new byte[] { 5, 7 }, Gray(Decode(2, 1, [2, 5, 7])));
        Assert.Equal(new byte[] { 8, 6 }, Gray(Decode(2, 1, [3, 8, 2])));
        Assert.Equal(new byte[] { 8, 9 }, Gray(Decode(2, 1, [4, 8, 1])));
    }

    [Theory]
    [InlineData(0, 8)]
    [InlineData(0, 1)]
    [InlineData(0, 16)]
    [InlineData(2, 8)]
    [InlineData(4, 8)]
    [InlineData(6, 16)]
    public void Every_filter_type_round_trips_at_every_pixel_width(int colorType, int bitDepth)
    {
        // Filter bytes look back one pixel (1, 2, 3, 4 or 8 bytes), or one byte for sub-byte depths.
        var image = TestImage.Random(9, 10, colorType, bitDepth, seed: 42);
        var expected = ExpectedRgb.Of(image).Pixels;

        for (byte filter = 0; filter <= 4; filter++)
        {
            var same = filter;
            Assert.Equal(expected, PngDecoder.Decode(PngTestBuilder.Encode(image, filterForRow: _ => same)).Pixels);
        }

        Assert.Equal(expected, PngDecoder.Decode(PngTestBuilder.Encode(image, filterForRow: row => (byte)(row % 5))).Pixels);
    }

    private static RgbImage Decode(int width, int height, byte[] scanlines) =>
        PngDecoder.Decode(PngTestBuilder.Png(
            PngTestBuilder.Ihdr((uint)width, (uint)height, 8, 0),
            PngTestBuilder.Chunk("IDAT", PngTestBuilder.Zlib(scanlines)),
            PngTestBuilder.Iend()));

    private static byte[] Gray(RgbImage image)
    {
        var gray = new byte[image.Width * image.Height];
        for (var i = 0; i < gray.Length; i++)
        {
            Assert.Equal(image.Pixels[3 * i], image.Pixels[(3 * i) + 1]);
            Assert.Equal(image.Pixels[3 * i], image.Pixels[(3 * i) + 2]);
            gray[i] = image.Pixels[3 * i];
        }

        return gray;
    }
}
