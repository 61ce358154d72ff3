namespace Harness.Inference.Vision;

/// <summary>The image formats <see cref="ImageDecoder"/> recognises by their first bytes.</summary>
internal enum ImageFormatKind
{
    /// <summary>Not a recognised image.</summary>
    Unknown,

    /// <summary>PNG; decoded.</summary>
    Png,

    /// <summary>Binary PPM (P6); decoded.</summary>
    Ppm,

    /// <summary>Binary PGM (P5); decoded.</summary>
    Pgm,

    /// <summary>JPEG; recognised, not decoded.</summary>
    Jpeg,

    /// <summary>GIF; recognised, not decoded.</summary>
    Gif,

    /// <summary>WebP; recognised, not decoded.</summary>
    WebP,

    /// <summary>BMP; recognised, not decoded.</summary>
    Bmp,
}
