namespace Harness.Runtime.Streams.Durable;

/// <summary>A stored stream event.</summary>
/// <param name="Sequence">The event's sequence number within its stream (1, 2, 3, ...).</param>
/// <param name="Payload">The serialized item.</param>
public readonly record struct DurableStreamEvent(long Sequence, ReadOnlyMemory<byte> Payload);
