using Harness.Inference.Vision;

namespace Harness.Inference.Tests.Vision;

/// <summary>
/// What the decoder should produce for a <see cref="TestImage"/>, computed the plain way: samples scaled to 8 bits
/// (16-bit samples keep their high byte), transparency composited over white with rounding to nearest.
/// </summary>
internal static class ExpectedRgb
{
    public static byte ToByte(int sample, int bitDepth) =>
        bitDepth == 16 ? (byte)(sample >> 8) : (byte)(sample * 255 / ((1 << bitDepth) - 1));

    /// <summary>Color over white at the given alpha, both at full precision of <paramref name="bitDepth"/>.</summary>
    public static byte OverWhite(int color, int alpha, int bitDepth)
    {
        double max = bitDepth == 16 ? 65535 : 255;
        var blended = (int)Math.Round(((color * (double)alpha) + (max * (max - alpha))) / max);
        return bitDepth == 16 ? (byte)(blended >> 8) : (byte)blended;
    }

    public static RgbImage Of(TestImage image, byte[]? palette = null, byte[]? paletteAlpha = null, int[]? colorKey = null)
    {
        var result = new RgbImage(image.Width, image.Height);
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var s = image.PixelSamples(x, y);
                var d = image.BitDepth;
                (byte R, byte G, byte B) rgb = image.ColorType switch
                {
                    0 when colorKey is not null && s[0] == colorKey[0] => (255, 255, 255),
                    0 => (ToByte(s[0], d), ToByte(s[0], d), ToByte(s[0], d)),
                    2 when colorKey is not null && s[0] == colorKey[0] && s[1] == colorKey[1] && s[2] == colorKey[2] => (255, 255, 255),
                    2 => (ToByte(s[0], d), ToByte(s[1], d), ToByte(s[2], d)),
                    3 => Palette(palette!, paletteAlpha, s[0]),
                    4 => (OverWhite(s[0], s[1], d), OverWhite(s[0], s[1], d), OverWhite(s[0], s[1], d)),
                    _ => (OverWhite(s[0], s[3], d), OverWhite(s[1], s[3], d), OverWhite(s[2], s[3], d)),
                };
                result.SetPixel(x, y, rgb.R, rgb.G, rgb.B);
            }
        }

        return result;
    }

    private static (byte, byte, byte) Palette(byte[] palette, byte[]? alpha, int index)
    {
        var a = alpha is not null && index < alpha.Length ? alpha[index] : 255;
        return (OverWhite(palette[3 * index], a, 8), OverWhite(palette[(3 * index) + 1], a, 8), OverWhite(palette[(3 * index) + 2], a, 8));
    }
}
