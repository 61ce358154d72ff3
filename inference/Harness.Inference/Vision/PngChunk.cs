namespace Harness.Inference.Vision;

/// <summary>One chunk of a PNG file whose length and CRC have been checked.</summary>
/// <param name="Type">The chunk type (see <see cref="PngChunkType"/>).</param>
/// <param name="Offset">Offset of the chunk data in the file.</param>
/// <param name="Length">Length of the chunk data in bytes.</param>
internal readonly record struct PngChunk(uint Type, int Offset, int Length)
{
    /// <summary>Gets the chunk's name for messages.</summary>
    public string Name => PngChunkType.Name(Type);

    /// <summary>Selects the chunk data from the file it was read from.</summary>
    /// <param name="file">The whole PNG file.</param>
    /// <returns>The chunk data.</returns>
    public ReadOnlySpan<byte> Data(ReadOnlySpan<byte> file) => file.Slice(Offset, Length);
}
