namespace Harness.Inference.Tests.Vision;

/// <summary>An image as PNG samples at their stored bit depth, for building test files.</summary>
internal sealed record TestImage(int Width, int Height, int ColorType, int BitDepth, int[] Samples)
{
    public int Channels => PngTestBuilder.ChannelsOf(ColorType);

    /// <summary>An image of random samples; palette images get indices below <paramref name="paletteEntries"/>.</summary>
    public static TestImage Random(int width, int height, int colorType, int bitDepth, int seed, int paletteEntries = 0)
    {
        var random = new Random(seed);
        var channels = PngTestBuilder.ChannelsOf(colorType);
        var limit = colorType == 3 ? paletteEntries : 1 << bitDepth;
        var samples = new int[width * height * channels];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = random.Next(limit);
        }

        // Make sure the extremes appear, so scaling of 0 and the maximum is always exercised.
        samples[0] = 0;
        samples[^1] = limit - 1;
        return new TestImage(width, height, colorType, bitDepth, samples);
    }

    public ReadOnlySpan<int> PixelSamples(int x, int y) => Samples.AsSpan(((y * Width) + x) * Channels, Channels);
}
