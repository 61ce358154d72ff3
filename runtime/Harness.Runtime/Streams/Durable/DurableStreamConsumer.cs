namespace Harness.Runtime.Streams.Durable;

/// <summary>A consumer (an implicitly subscribed grain) of a durable stream.</summary>
/// <param name="StreamId">The stream.</param>
/// <param name="Consumer">The subscribed grain.</param>
public readonly record struct DurableStreamConsumer(StreamId StreamId, GrainId Consumer);
