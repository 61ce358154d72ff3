using System.Buffers;
using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace Harness.Inference.Models;

/// <summary>
/// A safetensors file: an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and byte
/// range, then the data. Tensors are read on demand into 32-bit floats, widening F16 and BF16.
/// </summary>
internal sealed class SafetensorsFile : IDisposable
{
    /// <summary>The largest header accepted (the format's own limit is 100 MB).</summary>
    private const long MaxHeaderBytes = 100L * 1024 * 1024;

    private const int ConversionChunkElements = 1 << 18;

    private readonly SafeFileHandle _handle;

    private SafetensorsFile(string path, SafeFileHandle handle, Dictionary<string, SafetensorsTensor> tensors)
    {
        Path = path;
        _handle = handle;
        Tensors = tensors;
    }

    /// <summary>Gets the file's path.</summary>
    public string Path { get; }

    /// <summary>Gets the tensors by name.</summary>
    public IReadOnlyDictionary<string, SafetensorsTensor> Tensors { get; }

    /// <summary>Opens a file and reads its header.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The open file.</returns>
    /// <exception cref="ModelFormatException">The header is malformed or names data outside the file.</exception>
    public static SafetensorsFile Open(string path)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException($"{path}: cannot be opened: {exception.Message}", exception);
        }

        try
        {
            return new SafetensorsFile(path, handle, ReadHeader(path, handle));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads a tensor into <paramref name="destination"/>, which must hold exactly its elements.</summary>
    /// <param name="tensor">The tensor (one of <see cref="Tensors"/>).</param>
    /// <param name="destination">Where its values go.</param>
    public void Read(SafetensorsTensor tensor, Span<float> destination)
    {
        if (destination.Length != tensor.ElementCount)
        {
            throw new ArgumentException($"Tensor {tensor.Name} has {tensor.ElementCount} elements; the destination holds {destination.Length}.", nameof(destination));
        }

        if (tensor.DType == SafetensorsDType.F32)
        {
            ReadExactly(MemoryMarshal.AsBytes(destination), tensor.Offset, tensor.Name);
            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("Reading safetensors needs a little-endian machine.");
            }

            return;
        }

        var buffer = ArrayPool<ushort>.Shared.Rent(ConversionChunkElements);
        try
        {
            var offset = tensor.Offset;
            for (var done = 0; done < destination.Length;)
            {
                var count = Math.Min(ConversionChunkElements, destination.Length - done);
                var chunk = buffer.AsSpan(0, count);
                ReadExactly(MemoryMarshal.AsBytes(chunk), offset, tensor.Name);
                var target = destination.Slice(done, count);
                if (tensor.DType == SafetensorsDType.F16)
                {
                    TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<ushort, Half>(chunk), target);
                }
                else
                {
                    for (var i = 0; i < count; i++)
                    {
                        target[i] = BitConverter.Int32BitsToSingle(chunk[i] << 16);
                    }
                }

                done += count;
                offset += count * 2L;
            }
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _handle.Dispose();

    private static Dictionary<string, SafetensorsTensor> ReadHeader(string path, SafeFileHandle handle)
    {
        var length = RandomAccess.GetLength(handle);
        Span<byte> prefix = stackalloc byte[8];
        if (length < 8 || RandomAccess.Read(handle, prefix, 0) != 8)
        {
            throw new ModelFormatException($"{path}: too short to be a safetensors file ({length} bytes).");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength == 0 || headerLength > MaxHeaderBytes || (long)headerLength > length - 8)
        {
            throw new ModelFormatException($"{path}: the header length {headerLength} is not valid for a file of {length} bytes.");
        }

        var header = new byte[headerLength];
        if (RandomAccess.Read(handle, header, 8) != header.Length)
        {
            throw new ModelFormatException($"{path}: the header is truncated.");
        }

        var dataStart = 8 + (long)headerLength;
        var dataLength = length - dataStart;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException exception)
        {
            throw new ModelFormatException($"{path}: the header is not valid JSON: {exception.Message}", exception);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ModelFormatException($"{path}: the header must be a JSON object.");
            }

            var tensors = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    continue;
                }

                tensors.Add(property.Name, ReadEntry(path, property, dataStart, dataLength));
            }

            return tensors;
        }
    }

    private static SafetensorsTensor ReadEntry(string path, JsonProperty property, long dataStart, long dataLength)
    {
        var name = property.Name;
        var entry = property.Value;
        if (entry.ValueKind != JsonValueKind.Object
            || !entry.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !entry.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !entry.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array
            || offsetsElement.GetArrayLength() != 2)
        {
            throw new ModelFormatException($"{path}: tensor {name}: the header entry needs \"dtype\", \"shape\" and two \"data_offsets\".");
        }

        var dtypeText = dtypeElement.GetString();
        var (dtype, size) = dtypeText switch
        {
            "F32" => (SafetensorsDType.F32, 4),
            "F16" => (SafetensorsDType.F16, 2),
            "BF16" => (SafetensorsDType.BF16, 2),
            _ => throw new ModelFormatException($"{path}: tensor {name} has dtype {dtypeText}; supported: F32, F16, BF16."),
        };

        var shape = new long[shapeElement.GetArrayLength()];
        var index = 0;
        foreach (var dimension in shapeElement.EnumerateArray())
        {
            if (!dimension.TryGetInt64(out var value) || value < 0)
            {
                throw new ModelFormatException($"{path}: tensor {name}: shape[{index}] must be a non-negative integer, not {dimension.GetRawText()}.");
            }

            shape[index++] = value;
        }

        var begin = offsetsElement[0].TryGetInt64(out var b) ? b : -1;
        var end = offsetsElement[1].TryGetInt64(out var e) ? e : -1;
        if (begin < 0 || end < begin || end > dataLength)
        {
            throw new ModelFormatException($"{path}: tensor {name}: data_offsets [{offsetsElement[0]}, {offsetsElement[1]}] lie outside the {dataLength} data bytes.");
        }

        var tensor = new SafetensorsTensor(name, dtype, shape, dataStart + begin, end - begin);
        if (tensor.ElementCount * size != tensor.ByteLength)
        {
            throw new ModelFormatException($"{path}: tensor {name}: shape {tensor.ShapeText} of {dtypeText} needs {tensor.ElementCount * size} bytes, its data_offsets give {tensor.ByteLength}.");
        }

        return tensor;
    }

    private void ReadExactly(Span<byte> destination, long offset, string tensor)
    {
        while (destination.Length > 0)
        {
            var read = RandomAccess.Read(_handle, destination, offset);
            if (read <= 0)
            {
                throw new ModelFormatException($"{Path}: tensor {tensor}: the file ended before its data did.");
            }

            destination = destination[read..];
            offset += read;
        }
    }
}
