using System.Buffers;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Runtime.Storage;

/// <summary>
/// Serializes grain states to UTF-8 JSON (System.Text.Json, member names as declared, properties only,
/// named floating-point literals allowed) and back. Thread-safe.
/// </summary>
/// <remarks>
/// Serialization writes into a per-thread buffer reused across calls, so a write allocates nothing but the copy
/// the caller keeps (if any). The memory <see cref="Serialize{T}"/> returns is valid only until the next
/// <see cref="Serialize{T}"/> on the same thread: copy or consume it before awaiting anything.
/// </remarks>
internal sealed class GrainStateSerializer
{
    // A buffer grown past this by an unusually large state is dropped after use rather than kept per thread.
    private const int MaxRetainedBufferBytes = 1024 * 1024;
    private const int InitialBufferBytes = 4096;

    [ThreadStatic]
    private static ThreadBuffer? _threadBuffer;

    private readonly JsonSerializerOptions _options;

    /// <summary>Creates a serializer with <see cref="CreateDefaultOptions"/>.</summary>
    public GrainStateSerializer()
        : this(CreateDefaultOptions())
    {
    }

    /// <summary>Creates a serializer with the given options (made read-only).</summary>
    public GrainStateSerializer(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsReadOnly)
        {
            options.MakeReadOnly(populateMissingResolver: true);
        }

        _options = options;
    }

    /// <summary>Gets the serializer options.</summary>
    public JsonSerializerOptions Options => _options;

    /// <summary>The options stored states use: names as declared, properties only, NaN and infinities allowed.</summary>
    public static JsonSerializerOptions CreateDefaultOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            PropertyNamingPolicy = null,
            IncludeFields = false,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Serializes <paramref name="value"/> into this thread's buffer.</summary>
    /// <returns>The UTF-8 JSON, valid until the next call on this thread.</returns>
    public ReadOnlyMemory<byte> Serialize<T>(T value)
    {
        var buffer = _threadBuffer ??= new ThreadBuffer();
        buffer.Output.ResetWrittenCount();
        buffer.Writer.Reset(buffer.Output);
        JsonSerializer.Serialize(buffer.Writer, value, _options);
        var written = buffer.Output.WrittenMemory;
        if (buffer.Output.Capacity > MaxRetainedBufferBytes)
        {
            // The returned memory stays valid: the next call allocates a new buffer instead of reusing this one.
            _threadBuffer = null;
        }

        return written;
    }

    /// <summary>Serializes <paramref name="value"/> into a new array the caller owns.</summary>
    public byte[] SerializeToArray<T>(T value) => Serialize(value).ToArray();

    /// <summary>Deserializes a stored state; a JSON <c>null</c> yields a new <typeparamref name="T"/>.</summary>
    /// <exception cref="SerializationException">The payload is not a valid <typeparamref name="T"/>; the message names the grain, the state and the type.</exception>
    public T Deserialize<T>(ReadOnlySpan<byte> payload, string stateName, GrainId grainId)
        where T : new()
    {
        try
        {
            return JsonSerializer.Deserialize<T>(payload, _options) ?? new T();
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new SerializationException(
                $"The stored state '{stateName}' of grain '{grainId}' ({payload.Length} bytes) cannot be deserialized as {typeof(T).FullName ?? typeof(T).Name}: {ex.Message}",
                ex);
        }
    }

    private sealed class ThreadBuffer
    {
        public ThreadBuffer()
        {
            Output = new ArrayBufferWriter<byte>(InitialBufferBytes);
            // The serializer only emits well-formed JSON: re-validating every token would cost time on each write.
            Writer = new Utf8JsonWriter(Output, new JsonWriterOptions { SkipValidation = true });
        }

        public ArrayBufferWriter<byte> Output { get; }

        public Utf8JsonWriter Writer { get; }
    }
}
