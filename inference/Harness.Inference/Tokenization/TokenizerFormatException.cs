namespace Harness.Inference.Tokenization;

/// <summary>
/// Thrown when a tokenizer file cannot be used. The message names the file and the JSON path of the offending field,
/// e.g. <c>tokenizer.json: $.model.type is "Unigram"; only "BPE" is supported</c>.
/// </summary>
public sealed class TokenizerFormatException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="TokenizerFormatException"/> class.</summary>
    public TokenizerFormatException()
        : base("The tokenizer file is invalid.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TokenizerFormatException"/> class.</summary>
    /// <param name="message">The message.</param>
    public TokenizerFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TokenizerFormatException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TokenizerFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TokenizerFormatException"/> class.</summary>
    /// <param name="fileName">The file, as the caller named it.</param>
    /// <param name="fieldPath">The JSON path of the offending field, e.g. <c>$.model.merges[3]</c>.</param>
    /// <param name="problem">What is wrong with the field, phrased to follow its path.</param>
    /// <param name="innerException">The cause, if any.</param>
    public TokenizerFormatException(string fileName, string fieldPath, string problem, Exception? innerException = null)
        : base($"{fileName}: {fieldPath} {problem}", innerException)
    {
        FileName = fileName;
        FieldPath = fieldPath;
    }

    /// <summary>Gets the file the problem is in, or <see langword="null"/> when not known.</summary>
    public string? FileName { get; }

    /// <summary>Gets the JSON path of the offending field, or <see langword="null"/> when not known.</summary>
    public string? FieldPath { get; }
}
