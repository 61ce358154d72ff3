using System.Collections.Frozen;
using Harness.Runtime.CodeGeneration;

namespace Harness.Runtime.Serialization;

/// <summary>Codecs of the framework types grain calls commonly carry.</summary>
internal static class BuiltInCodecs
{
    private static readonly FrozenDictionary<Type, object> Codecs = new Dictionary<Type, object>
    {
        [typeof(bool)] = new Codec<bool>((w, v) => w.WriteBoolean(v), r => r.ReadBoolean()),
        [typeof(byte)] = new Codec<byte>((w, v) => w.WriteByte(v), r => r.ReadByte()),
        [typeof(sbyte)] = new Codec<sbyte>((w, v) => w.WriteByte(unchecked((byte)v)), r => unchecked((sbyte)r.ReadByte())),
        [typeof(short)] = new Codec<short>((w, v) => w.WriteInt16(v), r => r.ReadInt16()),
        [typeof(ushort)] = new Codec<ushort>((w, v) => w.WriteInt16(unchecked((short)v)), r => unchecked((ushort)r.ReadInt16())),
        [typeof(char)] = new Codec<char>((w, v) => w.WriteInt16(unchecked((short)v)), r => unchecked((char)r.ReadInt16())),
        [typeof(int)] = new Codec<int>((w, v) => w.WriteInt32(v), r => r.ReadInt32()),
        [typeof(uint)] = new Codec<uint>((w, v) => w.WriteUInt32(v), r => r.ReadUInt32()),
        [typeof(long)] = new Codec<long>((w, v) => w.WriteInt64(v), r => r.ReadInt64()),
        [typeof(ulong)] = new Codec<ulong>((w, v) => w.WriteInt64(unchecked((long)v)), r => unchecked((ulong)r.ReadInt64())),
        [typeof(float)] = new Codec<float>((w, v) => w.WriteSingle(v), r => r.ReadSingle()),
        [typeof(double)] = new Codec<double>((w, v) => w.WriteDouble(v), r => r.ReadDouble()),
        [typeof(decimal)] = new Codec<decimal>((w, v) => w.WriteDecimal(v), r => r.ReadDecimal()),
        [typeof(string)] = new Codec<string?>((w, v) => w.WriteString(v), r => r.ReadString()),
        [typeof(byte[])] = new Codec<byte[]?>((w, v) => w.WriteBytes(v), r => r.ReadBytes()),
        [typeof(Guid)] = new Codec<Guid>((w, v) => w.WriteGuid(v), r => r.ReadGuid()),
        [typeof(TimeSpan)] = new Codec<TimeSpan>((w, v) => w.WriteInt64(v.Ticks), r => new TimeSpan(r.ReadInt64())),
        [typeof(DateTime)] = new Codec<DateTime>((w, v) => w.WriteInt64(v.ToBinary()), r => DateTime.FromBinary(r.ReadInt64())),
        [typeof(DateTimeOffset)] = new Codec<DateTimeOffset>(
            (w, v) =>
            {
                w.WriteInt64(v.Ticks);
                w.WriteInt16((short)v.Offset.TotalMinutes);
            },
            r => new DateTimeOffset(r.ReadInt64(), TimeSpan.FromMinutes(r.ReadInt16()))),
        [typeof(Uri)] = new Codec<Uri?>((w, v) => w.WriteString(v?.OriginalString), r => r.ReadString() is { } s ? new Uri(s, UriKind.RelativeOrAbsolute) : null),
        [typeof(GrainId)] = new Codec<GrainId>(
            (w, v) => w.WriteString(v.IsDefault ? null : v.ToString()),
            r => r.ReadString() is { } s ? GrainId.Parse(s) : default),
        [typeof(VoidResult)] = new Codec<VoidResult>((_, _) => { }, _ => default),

        // A token never crosses a process: the callee gets CancellationToken.None.
        [typeof(CancellationToken)] = new Codec<CancellationToken>((_, _) => { }, _ => CancellationToken.None),
    }.ToFrozenDictionary();

    public static object? TryGet(Type type) => Codecs.TryGetValue(type, out var codec) ? codec : null;

    private sealed class Codec<T>(Action<MessageWriter, T> write, Func<MessageReader, T> read) : ICodec<T>
    {
        public void Write(MessageWriter writer, T value) => write(writer, value);

        public T Read(MessageReader reader) => read(reader);
    }
}
