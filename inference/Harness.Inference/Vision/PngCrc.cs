namespace Harness.Inference.Vision;

/// <summary>
/// The CRC-32 that PNG chunks carry (ISO 3309 / ITU-T V.42, reflected polynomial 0xEDB88320), computed over the
/// chunk type and data. The framework's CRC-32 lives in a NuGet package this project does not take, hence a table.
/// </summary>
internal static class PngCrc
{
    /// <summary>The initial running value.</summary>
    public const uint Start = 0xFFFFFFFFu;

    private static readonly uint[] Table = BuildTable();

    /// <summary>Computes the CRC of <paramref name="bytes"/>.</summary>
    /// <param name="bytes">Chunk type followed by chunk data.</param>
    /// <returns>The CRC as stored, big-endian, after the chunk data.</returns>
    public static uint Compute(ReadOnlySpan<byte> bytes) => Finish(Update(Start, bytes));

    /// <summary>Folds more bytes into a running value.</summary>
    /// <param name="crc">The running value, <see cref="Start"/> at first.</param>
    /// <param name="bytes">The next bytes.</param>
    /// <returns>The new running value.</returns>
    public static uint Update(uint crc, ReadOnlySpan<byte> bytes)
    {
        var table = Table;
        foreach (var b in bytes)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    /// <summary>Turns a running value into the final CRC.</summary>
    /// <param name="crc">The running value.</param>
    /// <returns>The CRC.</returns>
    public static uint Finish(uint crc) => crc ^ 0xFFFFFFFFu;

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
