namespace Harness.Runtime.Serialization;

/// <summary>Lists and the list-like interfaces, read back as a <see cref="List{T}"/>: count + 1 (0 for null), then the elements.</summary>
/// <typeparam name="TCollection">The declared type (List, IList, IReadOnlyList, ICollection, IReadOnlyCollection, IEnumerable).</typeparam>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class ListCodec<TCollection, T> : ICodec<TCollection?>
    where TCollection : class, IEnumerable<T>
{
    public void Write(MessageWriter writer, TCollection? value)
    {
        if (value is null)
        {
            writer.WriteLength(0);
            return;
        }

        var codec = Codec<T>.Instance;
        if (value is List<T> list)
        {
            writer.WriteLength(list.Count + 1);
            foreach (var item in list)
            {
                codec.Write(writer, item);
            }

            return;
        }

        var items = value as IReadOnlyCollection<T> ?? [.. value];
        writer.WriteLength(items.Count + 1);
        foreach (var item in items)
        {
            codec.Write(writer, item);
        }
    }

    public TCollection? Read(MessageReader reader)
    {
        var length = reader.ReadLength();
        if (length == 0)
        {
            return null;
        }

        var codec = Codec<T>.Instance;
        var result = new List<T>(length - 1);
        for (var i = 0; i < length - 1; i++)
        {
            result.Add(codec.Read(reader));
        }

        return (TCollection)(object)result;
    }
}
