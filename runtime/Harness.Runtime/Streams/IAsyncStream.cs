namespace Harness.Runtime.Streams;

/// <summary>A stream of items of <typeparamref name="T"/>: publish with <see cref="OnNextAsync"/>, subscribe with <see cref="SubscribeAsync"/>.</summary>
/// <typeparam name="T">The item type.</typeparam>
public interface IAsyncStream<T>
{
    /// <summary>Gets the stream's id.</summary>
    StreamId StreamId { get; }

    /// <summary>
    /// Publishes an item. Items published by one producer, each after the previous call completed, reach every
    /// subscriber in that order. Completes when every current subscriber has processed the item.
    /// </summary>
    Task OnNextAsync(T item, CancellationToken cancellationToken = default);

    /// <summary>
    /// Subscribes an observer. Called from inside a grain, deliveries run as turns of that grain; otherwise
    /// they run one at a time on the thread pool.
    /// </summary>
    Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, CancellationToken cancellationToken = default);

    /// <summary>Gets the current explicit subscriptions of the calling grain (or all external ones).</summary>
    Task<IReadOnlyList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles(CancellationToken cancellationToken = default);
}
