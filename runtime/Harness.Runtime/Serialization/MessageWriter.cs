using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Harness.Runtime.Serialization;

/// <summary>
/// Writes the binary wire format: fixed-width little-endian numbers, LEB128 lengths, UTF-8 strings.
/// A writer owns a pooled buffer and is reused message after message (<see cref="Reset"/>), so encoding a
/// message allocates nothing once the buffer has grown to the largest message size.
/// </summary>
public sealed class MessageWriter : IDisposable
{
    private const int InitialSize = 256;
    private byte[] _buffer;
    private int _position;

    /// <summary>Creates a writer with a pooled buffer.</summary>
    public MessageWriter()
    {
        _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    }

    /// <summary>Gets the number of bytes written.</summary>
    public int Length => _position;

    /// <summary>Gets the bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _position);

    /// <summary>Gets the bytes written so far.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _position);

    /// <summary>Forgets what was written, keeping the buffer.</summary>
    public void Reset() => _position = 0;

    /// <summary>Reserves <paramref name="count"/> bytes to be filled later (a frame's length prefix); returns their offset.</summary>
    public int Reserve(int count)
    {
        Ensure(count);
        var offset = _position;
        _position += count;
        return offset;
    }

    /// <summary>Overwrites a reserved 32-bit slot.</summary>
    public void PatchInt32(int offset, int value) => BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(offset, 4), value);

    /// <summary>Writes a byte.</summary>
    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_position++] = value;
    }

    /// <summary>Writes a Boolean as one byte.</summary>
    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    /// <summary>Writes a 16-bit integer.</summary>
    public void WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16LittleEndian(Take(2), value);
    }

    /// <summary>Writes a 32-bit integer.</summary>
    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(Take(4), value);
    }

    /// <summary>Writes a 64-bit integer.</summary>
    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(Take(8), value);
    }

    /// <summary>Writes an unsigned 32-bit integer.</summary>
    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(Take(4), value);
    }

    /// <summary>Writes a 32-bit float.</summary>
    public void WriteSingle(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(Take(4), value);
    }

    /// <summary>Writes a 64-bit float.</summary>
    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(Take(8), value);
    }

    /// <summary>Writes a decimal as its four 32-bit parts.</summary>
    public void WriteDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        foreach (var part in bits)
        {
            WriteInt32(part);
        }
    }

    /// <summary>Writes a non-negative length or count as LEB128 (one byte below 128).</summary>
    public void WriteLength(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        var v = (uint)value;
        while (v >= 0x80)
        {
            WriteByte((byte)(v | 0x80));
            v >>= 7;
        }

        WriteByte((byte)v);
    }

    /// <summary>Writes a string: a null marker, or its UTF-8 byte length and bytes.</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteLength(0);
            return;
        }

        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteLength(byteCount + 1);
        Encoding.UTF8.GetBytes(value, Take(byteCount));
    }

    /// <summary>Writes a byte sequence: a null marker, or its length and bytes.</summary>
    public void WriteBytes(byte[]? value)
    {
        if (value is null)
        {
            WriteLength(0);
            return;
        }

        WriteLength(value.Length + 1);
        value.CopyTo(Take(value.Length));
    }

    /// <summary>Writes raw bytes without a length.</summary>
    public void WriteRaw(ReadOnlySpan<byte> value) => value.CopyTo(Take(value.Length));

    /// <summary>Writes a Guid as 16 bytes.</summary>
    public void WriteGuid(Guid value)
    {
        value.TryWriteBytes(Take(16));
    }

    /// <summary>Writes a <see cref="GrainId"/>.</summary>
    public void WriteGrainId(GrainId value)
    {
        WriteString(value.Type);
        WriteString(value.Key);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private Span<byte> Take(int count)
    {
        Ensure(count);
        var span = _buffer.AsSpan(_position, count);
        _position += count;
        return span;
    }

    private void Ensure(int count)
    {
        if (_position + count <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _position + count));
        _buffer.AsSpan(0, _position).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
