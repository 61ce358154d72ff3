using System.Text;

namespace Harness.Inference.Tokenization;

/// <summary>
/// The tokenizer of a model folder without <c>tokenizer.json</c>: ids 0 to 255 are the UTF-8 bytes of the text, then
/// <c>&lt;bos&gt;</c> = 256 and <c>&lt;eos&gt;</c> = 257. The text <c>&lt;bos&gt;</c> or <c>&lt;eos&gt;</c> in the
/// input encodes to the special id, like special added tokens of Hugging Face tokenizers.
/// </summary>
public sealed class ByteTokenizer : ITokenizer
{
    /// <summary>The id of <c>&lt;bos&gt;</c>.</summary>
    public const int BeginOfSequence = 256;

    /// <summary>The id of <c>&lt;eos&gt;</c>.</summary>
    public const int EndOfSequence = 257;

    private static readonly byte[] Bytes = BuildBytes();

    private static readonly AddedTokenMatcher Specials = new(
    [
        new AddedToken(BeginOfSequence, "<bos>", Special: true),
        new AddedToken(EndOfSequence, "<eos>", Special: true),
    ]);

    /// <inheritdoc/>
    public int VocabularySize => 258;

    /// <inheritdoc/>
    public int? BeginOfSequenceId => BeginOfSequence;

    /// <inheritdoc/>
    public int? EndOfSequenceId => EndOfSequence;

    /// <inheritdoc/>
    public void Encode(string text, List<int> ids)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(ids);
        var position = 0;
        while (position < text.Length)
        {
            var match = Specials.FindNext(text, position, out var special);
            var end = match < 0 ? text.Length : match;
            AppendBytes(text.AsSpan(position, end - position), ids);
            if (match < 0)
            {
                break;
            }

            ids.Add(special.Id);
            position = match + special.Content.Length;
        }
    }

    /// <inheritdoc/>
    public ReadOnlySpan<byte> GetTokenBytes(int id)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, VocabularySize);
        return id < 256 ? Bytes.AsSpan(id, 1) : [];
    }

    /// <inheritdoc/>
    public bool IsSpecial(int id)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, VocabularySize);
        return id >= 256;
    }

    private static void AppendBytes(ReadOnlySpan<char> text, List<int> ids)
    {
        // Runes turn lone surrogates into U+FFFD, as Encoding.UTF8 does.
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var count = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < count; i++)
            {
                ids.Add(utf8[i]);
            }
        }
    }

    private static byte[] BuildBytes()
    {
        var bytes = new byte[256];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)i;
        }

        return bytes;
    }
}
