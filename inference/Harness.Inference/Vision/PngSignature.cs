namespace Harness.Inference.Vision;

/// <summary>The eight bytes every PNG file starts with.</summary>
internal static class PngSignature
{
    /// <summary>The signature's length in bytes.</summary>
    public const int Length = 8;

    /// <summary>Gets the signature: \x89 P N G \r \n \x1A \n.</summary>
    public static ReadOnlySpan<byte> Bytes => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Whether <paramref name="bytes"/> starts with the signature.</summary>
    /// <param name="bytes">The bytes to test.</param>
    /// <returns>True when they do.</returns>
    public static bool Matches(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Bytes);
}
