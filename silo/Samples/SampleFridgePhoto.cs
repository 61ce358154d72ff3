using Harness.Inference.Vision;

namespace Harness.Silo.Samples;

/// <summary>
/// The photo the fridge example looks at: a small drawing of an open fridge (shelves, eggs, tomatoes, a milk bottle,
/// greens), made at start so the example needs no network and the vision step reads a real PNG.
/// </summary>
internal static class SampleFridgePhoto
{
    private const int Width = 96;
    private const int Height = 72;

    /// <summary>Gets the PNG bytes.</summary>
    public static byte[] Png { get; } = PngEncoder.Encode(Draw());

    private static RgbImage Draw()
    {
        var pixels = new byte[Width * Height * 3];
        Fill(pixels, 0, 0, Width, Height, (236, 240, 243));
        Fill(pixels, 0, 0, 4, Height, (180, 186, 190));
        Fill(pixels, Width - 4, 0, 4, Height, (180, 186, 190));
        foreach (var shelf in new[] { 22, 46, 68 })
        {
            Fill(pixels, 4, shelf, Width - 8, 2, (150, 160, 168));
        }

        for (var i = 0; i < 4; i++)
        {
            Disc(pixels, 12 + (i * 7), 17, 3, (245, 232, 200));
        }

        Disc(pixels, 52, 16, 5, (214, 40, 40));
        Disc(pixels, 64, 16, 5, (200, 30, 35));
        Fill(pixels, 14, 28, 10, 18, (250, 250, 250));
        Fill(pixels, 16, 25, 6, 3, (30, 90, 200));
        Fill(pixels, 36, 38, 26, 8, (60, 150, 60));
        Fill(pixels, 70, 36, 14, 10, (250, 210, 60));
        Disc(pixels, 24, 61, 5, (230, 150, 40));
        Fill(pixels, 46, 56, 30, 10, (120, 80, 50));
        return new RgbImage(Width, Height, pixels);
    }

    private static void Fill(byte[] pixels, int x, int y, int width, int height, (byte R, byte G, byte B) color)
    {
        for (var row = y; row < y + height; row++)
        {
            for (var column = x; column < x + width; column++)
            {
                Set(pixels, column, row, color);
            }
        }
    }

    private static void Disc(byte[] pixels, int cx, int cy, int radius, (byte R, byte G, byte B) color)
    {
        for (var row = cy - radius; row <= cy + radius; row++)
        {
            for (var column = cx - radius; column <= cx + radius; column++)
            {
                if (((column - cx) * (column - cx)) + ((row - cy) * (row - cy)) <= radius * radius)
                {
                    Set(pixels, column, row, color);
                }
            }
        }
    }

    private static void Set(byte[] pixels, int x, int y, (byte R, byte G, byte B) color)
    {
        if (x < 0 || y < 0 || x >= Width || y >= Height)
        {
            return;
        }

        var offset = ((y * Width) + x) * 3;
        (pixels[offset], pixels[offset + 1], pixels[offset + 2]) = color;
    }
}
