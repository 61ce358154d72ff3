using System.Buffers;
using System.Text;

namespace Harness.Inference.Tokenization;

/// <summary>How a vocabulary token's text maps to the bytes it stands for, as the tokenizer's decoder would do it.</summary>
internal sealed class TokenDecoding
{
    /// <param name="byteLevel">Tokens are bytes spelled in the GPT-2 alphabet.</param>
    /// <param name="space">The character that stands for a space (SentencePiece's ▁), if any.</param>
    /// <param name="byteFallback">Tokens <c>&lt;0xNN&gt;</c> stand for the byte NN.</param>
    /// <param name="stripsLeadingSpace">The decoder drops one leading space of the decoded text.</param>
    public TokenDecoding(bool byteLevel, char? space, bool byteFallback, bool stripsLeadingSpace)
    {
        ByteLevel = byteLevel;
        Space = space;
        ByteFallback = byteFallback;
        StripsLeadingSpace = stripsLeadingSpace;
    }

    public bool ByteLevel { get; }

    public char? Space { get; }

    public bool ByteFallback { get; }

    public bool StripsLeadingSpace { get; }

    public void Write(string token, IBufferWriter<byte> output)
    {
        if (ByteLevel)
        {
            WriteByteLevel(token, output);
        }
        else if (ByteFallback && TryParseByteToken(token, out var value))
        {
            output.GetSpan(1)[0] = value;
            output.Advance(1);
        }
        else
        {
            Encoding.UTF8.GetBytes(Space is { } space ? token.Replace(space, ' ') : token, output);
        }
    }

    private static void WriteByteLevel(string token, IBufferWriter<byte> output)
    {
        // A character outside the alphabet (possible in hand-made vocabularies) stands for its own UTF-8 bytes.
        var span = token.AsSpan();
        while (!span.IsEmpty)
        {
            if (ByteLevelAlphabet.TryGetByte(span[0], out var value))
            {
                output.GetSpan(1)[0] = value;
                output.Advance(1);
                span = span[1..];
            }
            else
            {
                Rune.DecodeFromUtf16(span, out var rune, out var consumed);
                output.Advance(rune.EncodeToUtf8(output.GetSpan(4)));
                span = span[consumed..];
            }
        }
    }

    private static bool TryParseByteToken(string token, out byte value)
    {
        value = 0;
        return token.Length == 6
            && token.StartsWith("<0x", StringComparison.Ordinal)
            && token[5] == '>'
            && byte.TryParse(token.AsSpan(3, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out value);
    }
}
