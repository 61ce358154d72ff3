namespace Harness.Inference.Vision;

/// <summary>The PNG color types, with the value IHDR stores.</summary>
internal enum PngColorType : byte
{
    /// <summary>One gray sample per pixel.</summary>
    Grayscale = 0,

    /// <summary>Red, green and blue samples.</summary>
    Rgb = 2,

    /// <summary>One palette index per pixel.</summary>
    Palette = 3,

    /// <summary>Gray and alpha samples.</summary>
    GrayscaleAlpha = 4,

    /// <summary>Red, green, blue and alpha samples.</summary>
    Rgba = 6,
}
