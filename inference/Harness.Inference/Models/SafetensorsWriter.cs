using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Harness.Inference.Models;

/// <summary>Writes tensors to a safetensors file (used to generate models; the header is in the order given).</summary>
public static class SafetensorsWriter
{
    /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/>, converting each to its dtype.</summary>
    /// <param name="path">The file to create or overwrite.</param>
    /// <param name="tensors">The tensors: name, dtype, shape and values (as many as the shape holds).</param>
    public static void Write(string path, IReadOnlyList<(string Name, SafetensorsDType DType, long[] Shape, float[] Values)> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            json.WriteString("format", "pt");
            json.WriteEndObject();
            long offset = 0;
            foreach (var (name, dtype, shape, values) in tensors)
            {
                var elements = shape.Aggregate(1L, (p, d) => p * d);
                if (elements != values.Length)
                {
                    throw new ArgumentException($"Tensor {name}: shape [{string.Join(", ", shape)}] holds {elements} values, {values.Length} given.", nameof(tensors));
                }

                var bytes = values.LongLength * (dtype == SafetensorsDType.F32 ? 4 : 2);
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype.ToString());
                json.WriteStartArray("shape");
                foreach (var dimension in shape)
                {
                    json.WriteNumberValue(dimension);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }

            json.WriteEndObject();
        }

        // The data starts 8-byte aligned: the header is padded with spaces, as the reference writer does.
        var headerBytes = header.ToArray();
        var padded = (headerBytes.Length + 7) / 8 * 8;
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)padded);
        file.Write(prefix);
        file.Write(headerBytes);
        file.Write(Encoding.ASCII.GetBytes(new string(' ', padded - headerBytes.Length)));
        foreach (var (_, dtype, _, values) in tensors)
        {
            WriteValues(file, dtype, values);
        }
    }

    private static void WriteValues(Stream file, SafetensorsDType dtype, float[] values)
    {
        if (dtype == SafetensorsDType.F32)
        {
            file.Write(MemoryMarshal.AsBytes(values.AsSpan()));
            return;
        }

        var buffer = new byte[Math.Min(values.Length, 1 << 16) * 2];
        for (var start = 0; start < values.Length; start += buffer.Length / 2)
        {
            var count = Math.Min(buffer.Length / 2, values.Length - start);
            for (var i = 0; i < count; i++)
            {
                var value = values[start + i];
                var bits = dtype == SafetensorsDType.F16
                    ? BitConverter.HalfToUInt16Bits((Half)value)
                    : ToBFloat16(value);
                BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(i * 2), bits);
            }

            file.Write(buffer, 0, count * 2);
        }
    }

    /// <summary>Rounds to nearest even, as PyTorch's conversion does.</summary>
    private static ushort ToBFloat16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x40);
        }

        var rounding = 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)((bits + rounding) >> 16);
    }
}
