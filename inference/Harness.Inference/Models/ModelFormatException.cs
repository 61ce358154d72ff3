namespace Harness.Inference.Models;

/// <summary>A model folder, config or weights file that cannot be used; the message names the file and the field or tensor.</summary>
public sealed class ModelFormatException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ModelFormatException"/> class.</summary>
    public ModelFormatException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModelFormatException"/> class.</summary>
    /// <param name="message">What is wrong, naming the file and the field or tensor.</param>
    public ModelFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModelFormatException"/> class.</summary>
    /// <param name="message">What is wrong, naming the file and the field or tensor.</param>
    /// <param name="innerException">The cause.</param>
    public ModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
