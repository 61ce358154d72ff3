using Harness.Inference.Vision;
using Xunit;

namespace Harness.Inference.Tests.Vision;

public sealed class PngDecoderInterlaceTests
{
    [Theory]
    [InlineData(1, 1, 2, 8)]
    [InlineData(2, 3, 0, 1)]
    [InlineData(5, 5, 0, 2)]
    [InlineData(8, 8, 6, 8)]
    [InlineData(9, 17, 0, 4)]
    [InlineData(13, 11, 2, 16)]
    [InlineData(33, 7, 4, 8)]
    [InlineData(4, 33, 6, 16)]
    public void Adam7_image_equals_its_non_interlaced_twin(int width, int height, int colorType, int bitDepth)
    {
        var image = TestImage.Random(width, height, colorType, bitDepth, seed: width * height);

        // Varying filters check that each pass starts with a zero "row above".
        var interlaced = PngDecoder.Decode(PngTestBuilder.Encode(image, adam7: true, filterForRow: row => (byte)((row * 3) % 5)));
        var plain = PngDecoder.Decode(PngTestBuilder.Encode(image, filterForRow: row => (byte)(row % 5)));

        Assert.Equal(plain.Pixels, interlaced.Pixels);
        Assert.Equal(ExpectedRgb.Of(image).Pixels, interlaced.Pixels);
    }

    [Fact]
    public void Adam7_palette_image_equals_its_non_interlaced_twin()
    {
        var palette = PngDecoderColorTypeTests.RandomPalette(4, seed: 9);
        var image = TestImage.Random(10, 10, 3, 2, seed: 9, paletteEntries: 4);
        var plte = PngTestBuilder.Chunk("PLTE", palette);

        var interlaced = PngDecoder.Decode(PngTestBuilder.Encode(image, adam7: true, filterForRow: _ => 4, plte));
        var plain = PngDecoder.Decode(PngTestBuilder.Encode(image, beforeIdat: plte));

        Assert.Equal(plain.Pixels, interlaced.Pixels);
    }

    [Fact]
    public void Adam7_passes_follow_the_spec_diagram()
    {
        // The decoder's start/step tables against the spec's 8x8 pattern, pixel by pixel.
        int[] pattern =
        [
            1, 6, 4, 6, 2, 6, 4, 6,
            7, 7, 7, 7, 7, 7, 7, 7,
            5, 6, 5, 6, 5, 6, 5, 6,
            7, 7, 7, 7, 7, 7, 7, 7,
            3, 6, 4, 6, 3, 6, 4, 6,
            7, 7, 7, 7, 7, 7, 7, 7,
            5, 6, 5, 6, 5, 6, 5, 6,
            7, 7, 7, 7, 7, 7, 7, 7,
        ];
        for (var pass = 0; pass < Adam7.Passes; pass++)
        {
            var (w, h) = Adam7.PassSize(pass, 8, 8);
            for (var j = 0; j < h; j++)
            {
                for (var i = 0; i < w; i++)
                {
                    var x = Adam7.XStart[pass] + (i * Adam7.XStep[pass]);
                    var y = Adam7.YStart[pass] + (j * Adam7.YStep[pass]);
                    Assert.Equal(pass + 1, pattern[(y * 8) + x]);
                }
            }

            Assert.Equal(pattern.Count(p => p == pass + 1), w * h);
        }
    }
}
