using System.Buffers.Binary;
using System.Runtime.Serialization;
using System.Text;

namespace Harness.Runtime.Serialization;

/// <summary>
/// Reads what <see cref="MessageWriter"/> wrote. A reader is reused message after message
/// (<see cref="Reset(ReadOnlyMemory{byte})"/>); a truncated or malformed message throws <see cref="SerializationException"/>.
/// </summary>
public sealed class MessageReader
{
    // Strings and byte arrays above this are refused: a corrupt length must not allocate gigabytes.
    private const int MaxLength = 64 * 1024 * 1024;
    private ReadOnlyMemory<byte> _memory;
    private int _position;

    /// <summary>Creates a reader with nothing to read.</summary>
    public MessageReader()
    {
    }

    /// <summary>Creates a reader over <paramref name="memory"/>.</summary>
    public MessageReader(ReadOnlyMemory<byte> memory)
    {
        _memory = memory;
    }

    /// <summary>Gets the number of bytes not yet read.</summary>
    public int Remaining => _memory.Length - _position;

    /// <summary>Starts reading <paramref name="memory"/>.</summary>
    public void Reset(ReadOnlyMemory<byte> memory)
    {
        _memory = memory;
        _position = 0;
    }

    /// <summary>Reads a byte.</summary>
    public byte ReadByte() => Take(1)[0];

    /// <summary>Reads a Boolean.</summary>
    public bool ReadBoolean() => ReadByte() switch
    {
        0 => false,
        1 => true,
        var b => throw new SerializationException($"Malformed message: {b} is not a Boolean."),
    };

    /// <summary>Reads a 16-bit integer.</summary>
    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));

    /// <summary>Reads a 32-bit integer.</summary>
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    /// <summary>Reads a 64-bit integer.</summary>
    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    /// <summary>Reads an unsigned 32-bit integer.</summary>
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    /// <summary>Reads a 32-bit float.</summary>
    public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    /// <summary>Reads a 64-bit float.</summary>
    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    /// <summary>Reads a decimal.</summary>
    public decimal ReadDecimal()
    {
        Span<int> bits = [ReadInt32(), ReadInt32(), ReadInt32(), ReadInt32()];
        return new decimal(bits);
    }

    /// <summary>Reads a LEB128 length or count.</summary>
    public int ReadLength()
    {
        uint result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = ReadByte();
            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result <= MaxLength ? (int)result : throw new SerializationException($"Malformed message: length {result} exceeds the limit of {MaxLength} bytes.");
            }
        }

        throw new SerializationException("Malformed message: a length is longer than 5 bytes.");
    }

    /// <summary>Reads a string (or null).</summary>
    public string? ReadString()
    {
        var length = ReadLength();
        return length == 0 ? null : Encoding.UTF8.GetString(Take(length - 1));
    }

    /// <summary>Reads a string that must not be null.</summary>
    public string ReadRequiredString() => ReadString() ?? throw new SerializationException("Malformed message: a required string is null.");

    /// <summary>Reads a byte array (or null).</summary>
    public byte[]? ReadBytes()
    {
        var length = ReadLength();
        return length == 0 ? null : Take(length - 1).ToArray();
    }

    /// <summary>Reads a Guid.</summary>
    public Guid ReadGuid() => new(Take(16));

    /// <summary>Reads a <see cref="GrainId"/>.</summary>
    public GrainId ReadGrainId() => new(ReadRequiredString(), ReadRequiredString());

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw new SerializationException($"Malformed message: needed {count} more bytes, {Remaining} left.");
        }

        var span = _memory.Span.Slice(_position, count);
        _position += count;
        return span;
    }
}
