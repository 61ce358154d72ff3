using System.Text;

namespace Harness.Runtime.Streams.Durable;

/// <summary>
/// Splits streams into partitions that silos lease for sweeping. The hash is stable across processes and machines
/// (stores persist it), unlike <see cref="string.GetHashCode()"/>.
/// </summary>
public static class DurableStreamPartitions
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    /// <summary>Gets the stream's hash: FNV-1a (32 bits) of the UTF-8 namespace, a zero byte, and the UTF-8 key.</summary>
    public static uint Hash(StreamId streamId)
    {
        ArgumentNullException.ThrowIfNull(streamId.Namespace, nameof(streamId));
        ArgumentNullException.ThrowIfNull(streamId.Key, nameof(streamId));
        var hash = OffsetBasis;
        hash = Add(hash, streamId.Namespace);
        hash = unchecked(hash * Prime);
        return Add(hash, streamId.Key);
    }

    /// <summary>Gets the partition of a stream among <paramref name="partitionCount"/>: its hash modulo the count.</summary>
    public static int Of(StreamId streamId, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitionCount);
        return (int)(Hash(streamId) % (uint)partitionCount);
    }

    private static uint Add(uint hash, string value)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(value.Length) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(value, buffer)]
            : Encoding.UTF8.GetBytes(value);
        foreach (var b in bytes)
        {
            hash ^= b;
            hash = unchecked(hash * Prime);
        }

        return hash;
    }
}
