using System.Buffers;
using System.Text;

namespace Harness.Inference.Tokenization;

/// <summary>The bytes and the special flag of every token id, in one flat buffer.</summary>
internal sealed class TokenTable
{
    private readonly byte[] _bytes;
    private readonly int[] _offsets;
    private readonly bool[] _special;

    private TokenTable(byte[] bytes, int[] offsets, bool[] special)
    {
        _bytes = bytes;
        _offsets = offsets;
        _special = special;
    }

    public int Count => _special.Length;

    /// <summary>
    /// Builds the table. Added tokens take precedence over vocabulary entries with the same id; special ones stand for
    /// no bytes, other added tokens for the UTF-8 of their text. Ids no token has stand for no bytes.
    /// </summary>
    public static TokenTable Build(int count, IReadOnlyDictionary<string, int> vocab, IReadOnlyList<AddedToken> added, TokenDecoding decoding)
    {
        var texts = new string?[count];
        foreach (var (token, id) in vocab)
        {
            texts[id] = token;
        }

        var special = new bool[count];
        var addedText = new string?[count];
        foreach (var token in added)
        {
            addedText[token.Id] = token.Content;
            special[token.Id] = token.Special;
        }

        var output = new ArrayBufferWriter<byte>();
        var offsets = new int[count + 1];
        for (var id = 0; id < count; id++)
        {
            offsets[id] = output.WrittenCount;
            if (addedText[id] is { } content)
            {
                if (!special[id])
                {
                    Encoding.UTF8.GetBytes(content, output);
                }
            }
            else if (texts[id] is { } text)
            {
                decoding.Write(text, output);
            }
        }

        offsets[count] = output.WrittenCount;
        return new TokenTable(output.WrittenSpan.ToArray(), offsets, special);
    }

    public ReadOnlySpan<byte> GetBytes(int id)
    {
        CheckId(id);
        return _bytes.AsSpan(_offsets[id], _offsets[id + 1] - _offsets[id]);
    }

    public bool IsSpecial(int id)
    {
        CheckId(id);
        return _special[id];
    }

    private void CheckId(int id)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, Count);
    }
}
