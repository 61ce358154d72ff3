namespace Harness.Runtime.Serialization;

/// <summary>Length + 1 (0 for null), then the elements.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class ArrayCodec<T> : ICodec<T[]?>
{
    public void Write(MessageWriter writer, T[]? value)
    {
        if (value is null)
        {
            writer.WriteLength(0);
            return;
        }

        writer.WriteLength(value.Length + 1);
        var codec = Codec<T>.Instance;
        foreach (var item in value)
        {
            codec.Write(writer, item);
        }
    }

    public T[]? Read(MessageReader reader)
    {
        var length = reader.ReadLength();
        if (length == 0)
        {
            return null;
        }

        var codec = Codec<T>.Instance;
        var result = new T[length - 1];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = codec.Read(reader);
        }

        return result;
    }
}
