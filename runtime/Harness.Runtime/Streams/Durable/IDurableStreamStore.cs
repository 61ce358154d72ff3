namespace Harness.Runtime.Streams.Durable;

/// <summary>
/// Where a durable stream provider keeps its events, its consumers' checkpoints and its sweepers' partition leases.
/// Every silo of a cluster uses the same store. Implementations: <see cref="InMemoryDurableStreamStore"/> (one
/// process) and the PostgreSQL store (<c>AddPostgresStreams</c>).
/// </summary>
public interface IDurableStreamStore
{
    /// <summary>
    /// Appends an event and returns its sequence number: per stream 1, 2, 3, ... without gaps, in append order even
    /// with concurrent appenders, and an event is readable only once every event before it is. The append that
    /// creates the stream also records a checkpoint at 0 for each of <paramref name="consumers"/>.
    /// </summary>
    /// <param name="provider">The stream provider's name.</param>
    /// <param name="streamId">The stream.</param>
    /// <param name="payload">The serialized item; copied if the store keeps it.</param>
    /// <param name="consumers">The stream's implicit subscribers (grain ids), registered when the stream is created.</param>
    /// <param name="cancellationToken">Cancels the append (it may still have taken place).</param>
    Task<long> AppendAsync(string provider, StreamId streamId, ReadOnlyMemory<byte> payload, IReadOnlyList<GrainId> consumers, CancellationToken cancellationToken);

    /// <summary>Reads up to <paramref name="maxCount"/> events after <paramref name="afterSequence"/>, in sequence order.</summary>
    Task<IReadOnlyList<DurableStreamEvent>> ReadAsync(string provider, StreamId streamId, long afterSequence, int maxCount, CancellationToken cancellationToken);

    /// <summary>Gets the sequence number of the last event <paramref name="consumer"/> processed (0: none), or null if it has no checkpoint.</summary>
    Task<long?> GetCheckpointAsync(string provider, StreamId streamId, GrainId consumer, CancellationToken cancellationToken);

    /// <summary>
    /// Records that <paramref name="consumer"/> processed every event up to <paramref name="sequence"/>, creating its
    /// checkpoint if needed. Monotonic: a lower value than the stored one changes nothing.
    /// </summary>
    Task AdvanceCheckpointAsync(string provider, StreamId streamId, GrainId consumer, long sequence, CancellationToken cancellationToken);

    /// <summary>
    /// Finds up to <paramref name="maxCount"/> consumers (by their checkpoints) whose stream has events after their
    /// checkpoint, among the streams whose partition (<see cref="DurableStreamPartitions.Of"/>) is in <paramref name="partitions"/>.
    /// </summary>
    Task<IReadOnlyList<DurableStreamConsumer>> FindLaggingAsync(string provider, int partitionCount, IReadOnlyList<int> partitions, int maxCount, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the lease on a partition for <paramref name="duration"/> if it is free, expired or already
    /// <paramref name="owner"/>'s; returns whether <paramref name="owner"/> holds it now.
    /// </summary>
    Task<bool> TryAcquireLeaseAsync(string provider, int partition, string owner, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Extends <paramref name="owner"/>'s lease by <paramref name="duration"/> from now; false if another owner took it.</summary>
    Task<bool> RenewLeaseAsync(string provider, int partition, string owner, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives up <paramref name="owner"/>'s lease so another owner can take it at once; nothing happens if it is not the owner.</summary>
    Task ReleaseLeaseAsync(string provider, int partition, string owner, CancellationToken cancellationToken);
}
