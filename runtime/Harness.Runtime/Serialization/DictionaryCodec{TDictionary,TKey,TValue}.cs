namespace Harness.Runtime.Serialization;

/// <summary>Dictionaries, read back as a <see cref="Dictionary{TKey, TValue}"/>: count + 1 (0 for null), then key/value pairs.</summary>
/// <typeparam name="TDictionary">The declared type (Dictionary, IDictionary, IReadOnlyDictionary).</typeparam>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
internal sealed class DictionaryCodec<TDictionary, TKey, TValue> : ICodec<TDictionary?>
    where TDictionary : class, IEnumerable<KeyValuePair<TKey, TValue>>
    where TKey : notnull
{
    public void Write(MessageWriter writer, TDictionary? value)
    {
        if (value is null)
        {
            writer.WriteLength(0);
            return;
        }

        var pairs = value as IReadOnlyCollection<KeyValuePair<TKey, TValue>> ?? [.. value];
        writer.WriteLength(pairs.Count + 1);
        var keys = Codec<TKey>.Instance;
        var values = Codec<TValue>.Instance;
        foreach (var pair in pairs)
        {
            keys.Write(writer, pair.Key);
            values.Write(writer, pair.Value);
        }
    }

    public TDictionary? Read(MessageReader reader)
    {
        var length = reader.ReadLength();
        if (length == 0)
        {
            return null;
        }

        var keys = Codec<TKey>.Instance;
        var values = Codec<TValue>.Instance;
        var result = new Dictionary<TKey, TValue>(length - 1);
        for (var i = 0; i < length - 1; i++)
        {
            var key = keys.Read(reader);
            result[key] = values.Read(reader);
        }

        return (TDictionary)(object)result;
    }
}
