namespace Harness.Runtime.Serialization;

/// <summary>A presence byte, then the value.</summary>
/// <typeparam name="T">The underlying type.</typeparam>
internal sealed class NullableCodec<T> : ICodec<T?>
    where T : struct
{
    public void Write(MessageWriter writer, T? value)
    {
        writer.WriteBoolean(value.HasValue);
        if (value.HasValue)
        {
            Codec<T>.Write(writer, value.Value);
        }
    }

    public T? Read(MessageReader reader) => reader.ReadBoolean() ? Codec<T>.Read(reader) : null;
}
