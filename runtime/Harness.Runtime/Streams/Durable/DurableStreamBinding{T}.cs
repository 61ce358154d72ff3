using Harness.Runtime.Serialization;

namespace Harness.Runtime.Streams.Durable;

/// <summary>Deserializes a stream's payloads as <typeparamref name="T"/> (the codec the publisher wrote them with) for the observer.</summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class DurableStreamBinding<T>(IAsyncObserver<T> observer) : IDurableStreamBinding
{
    // Used only inside the activation's turns, one at a time.
    private readonly MessageReader _reader = new();

    public Task DeliverAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        _reader.Reset(payload);
        var item = Codec<T>.Read(_reader);
        _reader.Reset(default);
        return observer.OnNextAsync(item, cancellationToken);
    }
}
