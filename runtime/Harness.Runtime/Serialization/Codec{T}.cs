namespace Harness.Runtime.Serialization;

/// <summary>
/// The codec of <typeparamref name="T"/>, resolved once per type (a generated or registered codec, a built-in
/// one, or one composed for enums, nullables, arrays, lists and dictionaries) and cached in this generic class:
/// writing a value costs a field read and an interface call, never a lookup.
/// </summary>
/// <typeparam name="T">The type.</typeparam>
public static class Codec<T>
{
    private static ICodec<T>? _instance;

    /// <summary>Gets the codec; throws <see cref="NotSupportedException"/> naming the type if none exists.</summary>
    public static ICodec<T> Instance => _instance ??= CodecRegistry.Resolve<T>();

    /// <summary>Writes a value.</summary>
    public static void Write(MessageWriter writer, T value) => Instance.Write(writer, value);

    /// <summary>Reads a value.</summary>
    public static T Read(MessageReader reader) => Instance.Read(reader);
}
