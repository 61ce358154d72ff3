namespace Harness.Inference.Tokenization;

/// <summary>
/// GPT-2's reversible map from bytes to printable characters (<c>bytes_to_unicode</c>): byte-level vocabularies spell
/// tokens with these characters, so a space is <c>Ġ</c> and a newline <c>Ċ</c>.
/// </summary>
internal static class ByteLevelAlphabet
{
    // Every mapped character is below U+0144, so a small array inverts the map.
    private const int CharLimit = 0x144;

    private static readonly char[] ByteToChar = BuildByteToChar();
    private static readonly short[] CharToByte = BuildCharToByte();

    /// <summary>Gets the character that spells <paramref name="value"/>.</summary>
    public static char ToChar(byte value) => ByteToChar[value];

    /// <summary>Gets the byte that <paramref name="c"/> spells, if it is in the alphabet.</summary>
    public static bool TryGetByte(char c, out byte value)
    {
        if (c < CharLimit && CharToByte[c] >= 0)
        {
            value = (byte)CharToByte[c];
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Spells <paramref name="bytes"/> in the alphabet; <paramref name="chars"/> must be as long.</summary>
    public static void Spell(ReadOnlySpan<byte> bytes, Span<char> chars)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = ByteToChar[bytes[i]];
        }
    }

    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char)b : (char)next++;
        }

        return map;
    }

    private static short[] BuildCharToByte()
    {
        var map = new short[CharLimit];
        Array.Fill(map, (short)-1);
        for (var b = 0; b < 256; b++)
        {
            map[ByteToChar[b]] = (short)b;
        }

        return map;
    }
}
