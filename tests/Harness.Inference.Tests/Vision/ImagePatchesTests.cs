using Harness.Inference.Vision;
using Xunit;

namespace Harness.Inference.Tests.Vision;

public sealed class ImagePatchesTests
{
    private const double Tolerance = 1e-6;

    [Fact]
    public void Counts_and_lengths()
    {
        Assert.Equal(256, ImagePatches.PatchCount(224, 14));
        Assert.Equal(588, ImagePatches.PatchLength(14));
        Assert.Equal(1, ImagePatches.PatchCount(4, 4));
    }

    [Fact]
    public void Same_size_image_is_cut_into_row_major_patches_of_row_column_channel()
    {
        var image = Numbered4x4();
        var patches = new float[4 * 12];

        ImagePatches.Extract(image, imageSize: 4, patchSize: 2, patches);

        // Patch 0 holds pixels (0,0), (1,0), (0,1), (1,1): red 0, 10, 40, 50, each as (r, g, b).
        Assert.Equal(Normalised(0), patches[0], Tolerance);
        Assert.Equal(Normalised(255), patches[1], Tolerance);
        Assert.Equal(Normalised(0), patches[2], Tolerance);
        Assert.Equal(Normalised(10), patches[3], Tolerance);
        Assert.Equal(Normalised(40), patches[6], Tolerance);
        Assert.Equal(Normalised(50), patches[9], Tolerance);

        // Patch 1 is to the right of patch 0 and starts at pixel (2,0); patch 2 is below and starts at (0,2).
        Assert.Equal(Normalised(20), patches[12], Tolerance);
        Assert.Equal(Normalised(80), patches[24], Tolerance);

        for (var y = 0; y < 4; y++)
        {
            for (var x = 0; x < 4; x++)
            {
                var offset = (((((y / 2) * 2) + (x / 2)) * 4) + (((y % 2) * 2) + (x % 2))) * 3;
                var (r, g, b) = image.GetPixel(x, y);
                Assert.Equal(Normalised(r), patches[offset], Tolerance);
                Assert.Equal(Normalised(g), patches[offset + 1], Tolerance);
                Assert.Equal(Normalised(b), patches[offset + 2], Tolerance);
            }
        }
    }

    [Fact]
    public void One_pixel_patches_are_the_pixels_in_raster_order()
    {
        var image = Numbered4x4();
        var patches = new float[16 * 3];

        ImagePatches.Extract(image, imageSize: 4, patchSize: 1, patches);

        for (var i = 0; i < image.Pixels.Length; i++)
        {
            Assert.Equal(Normalised(image.Pixels[i]), patches[i], Tolerance);
        }

        // Black maps to -1 and white to +1: mean 0.5 and standard deviation 0.5 on the [0, 1] scale.
        Assert.Equal(-1.0, patches[0], Tolerance);
        Assert.Equal(1.0, patches[1], Tolerance);
    }

    [Fact]
    public void Upscaling_2x2_to_4x4_is_bilinear_with_pixel_centres()
    {
        // Red: 0 100 / 200 255. Output pixel i sits at source (i + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25,
        // clamped at the edges, so the weights along each axis are [1, 0], [.75, .25], [.25, .75], [0, 1].
        var image = new RgbImage(2, 2);
        image.SetPixel(0, 0, 0, 77, 255);
        image.SetPixel(1, 0, 100, 77, 155);
        image.SetPixel(0, 1, 200, 77, 55);
        image.SetPixel(1, 1, 255, 77, 0);
        double[,] red =
        {
            { 0, 25, 75, 100 },
            { 50, 72.1875, 116.5625, 138.75 },
            { 150, 166.5625, 199.6875, 216.25 },
            { 200, 213.75, 241.25, 255 },
        };
        var patches = new float[4 * 12];

        ImagePatches.Extract(image, imageSize: 4, patchSize: 2, patches);

        for (var y = 0; y < 4; y++)
        {
            for (var x = 0; x < 4; x++)
            {
                var offset = (((((y / 2) * 2) + (x / 2)) * 4) + (((y % 2) * 2) + (x % 2))) * 3;
                Assert.Equal(Normalised(red[y, x]), patches[offset], Tolerance);
                Assert.Equal(Normalised(77), patches[offset + 1], Tolerance);

                // Blue is 255 - red, and interpolation is linear.
                Assert.Equal(Normalised(255 - red[y, x]), patches[offset + 2], Tolerance);
            }
        }

        Assert.Equal((72.1875 / 127.5) - 1, patches[9], Tolerance);
    }

    [Fact]
    public void Downscaling_averages_over_the_widened_triangle_as_pil_does()
    {
        // Shrinking 4 to 2 widens the triangle to radius 2: output 0 is centred at source 1.0 and weighs source
        // pixels 0, 1, 2 (centres 0.5, 1.5, 2.5) by 0.75, 0.75, 0.25, normalised to 3/7, 3/7, 1/7; output 1 mirrors
        // it. Red = 10x + 40y is linear, so each output is 10·x̄ + 40·ȳ with x̄ = 5/7 or 16/7.
        var image = Numbered4x4();
        var patches = new float[4 * 3];

        ImagePatches.Extract(image, imageSize: 2, patchSize: 1, patches);

        Assert.Equal(Normalised(250.0 / 7), patches[0], Tolerance);
        Assert.Equal(Normalised(360.0 / 7), patches[3], Tolerance);
        Assert.Equal(Normalised(690.0 / 7), patches[6], Tolerance);
        Assert.Equal(Normalised(800.0 / 7), patches[9], Tolerance);
    }

    [Theory]
    [InlineData(4, new byte[] { 165, 98, 188, 143, 165, 100, 64, 89, 164, 168, 163, 175, 171, 106, 202, 80, 154, 124, 70, 86, 152, 173, 147, 103, 164, 91, 153, 68, 132, 123, 87, 92, 132, 188, 111, 102, 146, 57, 55, 111, 106, 98, 108, 105, 112, 207, 67, 171 })]
    [InlineData(2, new byte[] { 130, 130, 151, 115, 119, 143, 115, 100, 112, 136, 96, 124 })]
    public void Matches_pillow_bilinear_resize_up_to_its_8_bit_rounding(int size, byte[] pillow)
    {
        // Expected bytes from Pillow 9.4: Image.fromarray(pixels).resize((size, size), Image.BILINEAR). Pillow rounds
        // to 8 bits after each axis; this code keeps floats, so values agree to within one step of 255.
        byte[] pixels =
        [
            139, 74, 229, 241, 169, 65, 6, 160, 149, 106, 38, 175, 188, 205, 175,
            229, 98, 249, 10, 148, 95, 86, 147, 198, 66, 39, 106, 213, 171, 45,
            167, 57, 69, 81, 55, 14, 153, 178, 215, 76, 52, 39, 250, 72, 215,
        ];
        var patches = new float[size * size * 3];

        ImagePatches.Extract(new RgbImage(5, 3, pixels), size, 1, patches);

        for (var i = 0; i < patches.Length; i++)
        {
            Assert.Equal(pillow[i], (patches[i] + 1) * 127.5, 1.0);
        }
    }

    [Fact]
    public void Resample_weights_match_the_hand_computed_ones()
    {
        using var shrink = ResampleKernel.Create(4, 2);
        Assert.Equal(0, shrink.Start(0));
        AssertWeights(shrink.Weights(0), 3 / 7f, 3 / 7f, 1 / 7f);
        Assert.Equal(1, shrink.Start(1));
        AssertWeights(shrink.Weights(1), 1 / 7f, 3 / 7f, 3 / 7f);

        using var grow = ResampleKernel.Create(2, 4);
        AssertWeights(grow.Weights(0), 1f);
        AssertWeights(grow.Weights(1), 0.75f, 0.25f);
        AssertWeights(grow.Weights(2), 0.25f, 0.75f);
        Assert.Equal(1, grow.Start(3));
        AssertWeights(grow.Weights(3), 1f);
    }

    [Fact]
    public void Tall_and_wide_images_give_transposed_results()
    {
        // Tall images resample columns first and wide ones rows first; both orders must agree.
        var wide = new RgbImage(7, 3);
        new Random(4).NextBytes(wide.Pixels);
        var tall = new RgbImage(3, 7);
        for (var y = 0; y < 3; y++)
        {
            for (var x = 0; x < 7; x++)
            {
                var (r, g, b) = wide.GetPixel(x, y);
                tall.SetPixel(y, x, r, g, b);
            }
        }

        var fromWide = new float[5 * 5 * 3];
        var fromTall = new float[5 * 5 * 3];
        ImagePatches.Extract(wide, imageSize: 5, patchSize: 1, fromWide);
        ImagePatches.Extract(tall, imageSize: 5, patchSize: 1, fromTall);

        for (var y = 0; y < 5; y++)
        {
            for (var x = 0; x < 5; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    Assert.Equal(fromWide[(((y * 5) + x) * 3) + c], fromTall[(((x * 5) + y) * 3) + c], 1e-5);
                }
            }
        }
    }

    [Fact]
    public void Large_shrink_keeps_a_flat_image_flat()
    {
        var image = new RgbImage(1000, 37);
        for (var i = 0; i < image.Pixels.Length; i += 3)
        {
            image.Pixels[i] = 200;
            image.Pixels[i + 1] = 10;
            image.Pixels[i + 2] = 128;
        }

        var patches = new float[ImagePatches.PatchCount(28, 14) * ImagePatches.PatchLength(14)];
        ImagePatches.Extract(image, 28, 14, patches);

        for (var i = 0; i < patches.Length; i += 3)
        {
            Assert.Equal(Normalised(200), patches[i], 1e-5);
            Assert.Equal(Normalised(10), patches[i + 1], 1e-5);
            Assert.Equal(Normalised(128), patches[i + 2], 1e-5);
        }
    }

    [Fact]
    public void Floats_beyond_the_patches_are_left_alone()
    {
        var patches = new float[(4 * 12) + 2];
        patches.AsSpan().Fill(float.NaN);

        ImagePatches.Extract(Numbered4x4(), 4, 2, patches);

        Assert.DoesNotContain(patches[..^2], float.IsNaN);
        Assert.True(float.IsNaN(patches[^1]) && float.IsNaN(patches[^2]));
    }

    [Fact]
    public void Invalid_sizes_name_the_parameters()
    {
        var image = Numbered4x4();

        var notMultiple = Assert.Throws<ArgumentException>(() => ImagePatches.Extract(image, 10, 3, new float[300]));
        Assert.Equal("imageSize", notMultiple.ParamName);
        Assert.Contains("imageSize (10) must be a multiple of patchSize (3)", notMultiple.Message);

        Assert.Equal("patchSize", Assert.Throws<ArgumentException>(() => ImagePatches.PatchCount(4, 0)).ParamName);
        Assert.Equal("imageSize", Assert.Throws<ArgumentException>(() => ImagePatches.PatchCount(-4, 2)).ParamName);
        Assert.Equal("patchSize", Assert.Throws<ArgumentException>(() => ImagePatches.PatchLength(0)).ParamName);

        var shortBuffer = Assert.Throws<ArgumentException>(() => ImagePatches.Extract(image, 4, 2, new float[47]));
        Assert.Equal("destination", shortBuffer.ParamName);
        Assert.Contains("destination has 47 floats; 4 patches of 12 need 48", shortBuffer.Message);
    }

    private static void AssertWeights(ReadOnlySpan<float> actual, params float[] expected) =>
        Assert.Equal(expected, actual.ToArray());

    /// <summary>Red 10x + 40y, green 255 minus red, blue 10xy.</summary>
    private static RgbImage Numbered4x4()
    {
        var image = new RgbImage(4, 4);
        for (var y = 0; y < 4; y++)
        {
            for (var x = 0; x < 4; x++)
            {
                var red = (byte)((10 * x) + (40 * y));
                image.SetPixel(x, y, red, (byte)(255 - red), (byte)(10 * x * y));
            }
        }

        return image;
    }

    private static double Normalised(double value) => ((value / 255.0) - 0.5) / 0.5;
}
