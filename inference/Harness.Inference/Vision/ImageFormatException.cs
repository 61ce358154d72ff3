namespace Harness.Inference.Vision;

/// <summary>
/// Thrown when bytes given as an image cannot be decoded: an unsupported format, corrupt or truncated data, or an
/// image larger than the configured pixel limit. The message names what is wrong.
/// </summary>
public sealed class ImageFormatException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ImageFormatException"/> class.</summary>
    public ImageFormatException()
        : base("The image could not be decoded.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ImageFormatException"/> class.</summary>
    /// <param name="message">What is wrong with the image.</param>
    public ImageFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ImageFormatException"/> class.</summary>
    /// <param name="message">What is wrong with the image.</param>
    /// <param name="innerException">The error that revealed the problem.</param>
    public ImageFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
