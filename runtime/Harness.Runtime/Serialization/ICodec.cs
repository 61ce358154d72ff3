namespace Harness.Runtime.Serialization;

/// <summary>Writes and reads values of one type in the wire format. The source generator emits one per serializable type.</summary>
/// <typeparam name="T">The type.</typeparam>
public interface ICodec<T>
{
    /// <summary>Writes <paramref name="value"/>.</summary>
    void Write(MessageWriter writer, T value);

    /// <summary>Reads a value.</summary>
    T Read(MessageReader reader);
}
