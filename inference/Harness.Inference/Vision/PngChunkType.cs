namespace Harness.Inference.Vision;

/// <summary>
/// The chunk types the decoder acts on, as the big-endian integer of their four ASCII letters, plus the
/// properties the spec encodes in letter case.
/// </summary>
internal static class PngChunkType
{
    public const uint Ihdr = 0x49484452;
    public const uint Plte = 0x504C5445;
    public const uint Idat = 0x49444154;
    public const uint Iend = 0x49454E44;
    public const uint Trns = 0x74524E53;

    /// <summary>
    /// Whether a decoder must understand the chunk to show the image: bit 5 of the first letter clear (uppercase).
    /// Unknown critical chunks make the image undecodable; unknown ancillary ones are skipped.
    /// </summary>
    /// <param name="type">The chunk type.</param>
    /// <returns>True for a critical chunk.</returns>
    public static bool IsCritical(uint type) => (type & 0x20000000u) == 0;

    /// <summary>Whether all four bytes are ASCII letters, as the spec requires of a chunk type.</summary>
    /// <param name="type">The chunk type.</param>
    /// <returns>True when valid.</returns>
    public static bool IsValid(uint type)
    {
        for (var shift = 0; shift < 32; shift += 8)
        {
            var c = (char)((type >> shift) & 0xFF);
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The chunk's name for messages: its letters, or its hex value when it is not letters.</summary>
    /// <param name="type">The chunk type.</param>
    /// <returns>A printable name.</returns>
    public static string Name(uint type)
    {
        if (!IsValid(type))
        {
            return $"0x{type:X8}";
        }

        return string.Create(4, type, static (chars, t) =>
        {
            for (var i = 0; i < 4; i++)
            {
                chars[i] = (char)((t >> (24 - (8 * i))) & 0xFF);
            }
        });
    }
}
