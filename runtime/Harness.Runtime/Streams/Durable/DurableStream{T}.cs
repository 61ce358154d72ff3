using Harness.Runtime.Serialization;

namespace Harness.Runtime.Streams.Durable;

/// <summary>A stream of the durable provider: publishing serializes the item with its codec and appends it.</summary>
/// <typeparam name="T">The item type: a type grain calls can carry (it has a codec).</typeparam>
internal sealed class DurableStream<T>(DurableStreamProvider provider, StreamId streamId) : IAsyncStream<T>
{
    public StreamId StreamId => streamId;

    /// <summary>
    /// Stores the item and wakes the stream's implicit subscribers. Completes once the item is durably stored (not
    /// when subscribers processed it); items published one after another, each after the previous call completed,
    /// reach every subscriber in that order.
    /// </summary>
    public async Task OnNextAsync(T item, CancellationToken cancellationToken = default)
    {
        using var writer = new MessageWriter();
        Codec<T>.Write(writer, item);
        await provider.PublishAsync(streamId, writer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    public Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException(
            $"Stream provider '{provider.Name}' (durable) supports implicit subscriptions only: mark the grain class [ImplicitStreamSubscription(\"{streamId.Namespace}\")] and implement IStreamSubscriptionObserver, or use a memory stream provider for explicit subscriptions.");

    public Task<IReadOnlyList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StreamSubscriptionHandle<T>>>([]);
}
