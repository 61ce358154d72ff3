using System.Text;

namespace Harness.Inference.Tokenization;

/// <summary>
/// Turns the bytes of generated tokens into text as they arrive. A character split across tokens comes out once its
/// last byte has arrived; invalid bytes become U+FFFD exactly as <see cref="UTF8Encoding"/> decodes them. One instance
/// decodes one sequence and is not thread-safe.
/// </summary>
public sealed class Utf8TokenDecoder
{
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetDecoder();
    private char[] _chars = new char[64];
    private bool _stripLeadingSpace;

    /// <summary>Initializes a new instance of the <see cref="Utf8TokenDecoder"/> class that keeps every byte.</summary>
    public Utf8TokenDecoder()
        : this(stripLeadingSpace: false)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="Utf8TokenDecoder"/> class.</summary>
    /// <param name="stripLeadingSpace">
    /// Whether to drop one space if it is the first byte of the sequence, as the decoders of SentencePiece-style
    /// tokenizers do (see <see cref="BpeTokenizer.StripsLeadingSpace"/>).
    /// </param>
    public Utf8TokenDecoder(bool stripLeadingSpace)
    {
        _stripLeadingSpace = stripLeadingSpace;
    }

    /// <summary>
    /// Creates the decoder for a sequence of <paramref name="tokenizer"/>'s tokens, so that the text streamed equals
    /// Hugging Face's <c>decode(ids, skip_special_tokens=True)</c> of the same ids.
    /// </summary>
    /// <param name="tokenizer">The tokenizer the ids come from.</param>
    /// <returns>A new decoder.</returns>
    public static Utf8TokenDecoder Create(ITokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        return new Utf8TokenDecoder(tokenizer is BpeTokenizer { StripsLeadingSpace: true });
    }

    /// <summary>Adds the bytes of the next token.</summary>
    /// <param name="tokenBytes">The token's bytes, from <see cref="ITokenizer.GetTokenBytes(int)"/>.</param>
    /// <returns>The characters completed by these bytes; empty while a character is still incomplete.</returns>
    public string Append(ReadOnlySpan<byte> tokenBytes)
    {
        if (_stripLeadingSpace && !tokenBytes.IsEmpty)
        {
            _stripLeadingSpace = false;
            if (tokenBytes[0] == (byte)' ')
            {
                tokenBytes = tokenBytes[1..];
            }
        }

        return Decode(tokenBytes, flush: false);
    }

    /// <summary>Ends the sequence.</summary>
    /// <returns>What is left: U+FFFD for an incomplete character at the end, else empty.</returns>
    public string Flush() => Decode([], flush: true);

    private string Decode(ReadOnlySpan<byte> bytes, bool flush)
    {
        var count = _decoder.GetCharCount(bytes, flush);
        if (count == 0)
        {
            // A byte held back for an incomplete character is still consumed into the decoder's state.
            _decoder.GetChars(bytes, [], flush);
            return string.Empty;
        }

        if (count > _chars.Length)
        {
            _chars = new char[Math.Max(count, _chars.Length * 2)];
        }

        var written = _decoder.GetChars(bytes, _chars, flush);
        return new string(_chars, 0, written);
    }
}
