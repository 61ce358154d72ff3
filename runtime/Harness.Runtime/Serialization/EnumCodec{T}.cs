using System.Runtime.CompilerServices;

namespace Harness.Runtime.Serialization;

/// <summary>An enum as its underlying value (widened to 64 bits).</summary>
/// <typeparam name="T">The enum type.</typeparam>
internal sealed class EnumCodec<T> : ICodec<T>
    where T : struct, Enum
{
    private static readonly int Size = Unsafe.SizeOf<T>();

    public void Write(MessageWriter writer, T value) => writer.WriteInt64(Size switch
    {
        1 => Unsafe.As<T, byte>(ref value),
        2 => Unsafe.As<T, short>(ref value),
        4 => Unsafe.As<T, int>(ref value),
        _ => Unsafe.As<T, long>(ref value),
    });

    public T Read(MessageReader reader)
    {
        var raw = reader.ReadInt64();
        return Unsafe.As<long, T>(ref raw);
    }
}
