namespace Harness.Runtime.Serialization;

/// <summary>A key, then a value.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
internal sealed class KeyValuePairCodec<TKey, TValue> : ICodec<KeyValuePair<TKey, TValue>>
{
    public void Write(MessageWriter writer, KeyValuePair<TKey, TValue> value)
    {
        Codec<TKey>.Write(writer, value.Key);
        Codec<TValue>.Write(writer, value.Value);
    }

    public KeyValuePair<TKey, TValue> Read(MessageReader reader) => new(Codec<TKey>.Read(reader), Codec<TValue>.Read(reader));
}
