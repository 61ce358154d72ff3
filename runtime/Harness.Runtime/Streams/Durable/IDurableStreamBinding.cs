namespace Harness.Runtime.Streams.Durable;

/// <summary>An activation's observer for one durable stream, with the item type it was resumed with.</summary>
internal interface IDurableStreamBinding
{
    /// <summary>Deserializes the payload and hands the item to the observer (inside the grain's turn).</summary>
    Task DeliverAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);
}
