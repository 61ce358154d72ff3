using System.Buffers.Binary;

namespace Harness.Inference.Vision;

/// <summary>
/// Walks the chunks of a PNG file after its signature, checking each chunk's framing and CRC before handing it out,
/// so that everything downstream sees only intact chunks.
/// </summary>
internal ref struct PngChunkReader
{
    private const int MaxChunkLength = int.MaxValue;
    private readonly ReadOnlySpan<byte> _file;
    private int _position;

    /// <summary>Initializes a new instance of the <see cref="PngChunkReader"/> struct.</summary>
    /// <param name="file">The whole PNG file, signature included.</param>
    public PngChunkReader(ReadOnlySpan<byte> file)
    {
        _file = file;
        _position = PngSignature.Length;
    }

    /// <summary>Reads the next chunk.</summary>
    /// <param name="chunk">The chunk, when there is one.</param>
    /// <returns>False when the file ends exactly at a chunk boundary.</returns>
    /// <exception cref="ImageFormatException">The chunk is cut short, misframed or fails its CRC.</exception>
    public bool TryRead(out PngChunk chunk)
    {
        chunk = default;
        var remaining = _file.Length - _position;
        if (remaining == 0)
        {
            return false;
        }

        if (remaining < 8)
        {
            throw new ImageFormatException(
                $"PNG is truncated: {remaining} bytes after the last chunk, too few for a chunk header.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(_file.Slice(_position, 4));
        var type = BinaryPrimitives.ReadUInt32BigEndian(_file.Slice(_position + 4, 4));
        var name = PngChunkType.Name(type);
        if (!PngChunkType.IsValid(type))
        {
            throw new ImageFormatException(
                $"PNG chunk at offset {_position} has type {name}, which is not four ASCII letters (corrupt data).");
        }

        if (length > MaxChunkLength)
        {
            throw new ImageFormatException($"PNG chunk {name}: length {length} exceeds the PNG maximum of 2^31-1.");
        }

        var available = (long)remaining - 12;
        if (length > available)
        {
            throw new ImageFormatException(
                $"PNG chunk {name}: truncated; it declares {length} data bytes but only {Math.Max(available, 0)} remain before its CRC.");
        }

        var dataOffset = _position + 8;
        var stored = BinaryPrimitives.ReadUInt32BigEndian(_file.Slice(dataOffset + (int)length, 4));
        var computed = PngCrc.Compute(_file.Slice(_position + 4, 4 + (int)length));
        if (stored != computed)
        {
            throw new ImageFormatException(
                $"PNG chunk {name}: CRC mismatch (stored 0x{stored:X8}, computed 0x{computed:X8}); the file is corrupt.");
        }

        chunk = new PngChunk(type, dataOffset, (int)length);
        _position = dataOffset + (int)length + 4;
        return true;
    }
}
