namespace Harness.Runtime.Streams;

/// <summary>A subscription to a stream.</summary>
/// <typeparam name="T">The item type.</typeparam>
public abstract class StreamSubscriptionHandle<T>
{
    /// <summary>Gets the subscription's id.</summary>
    public abstract Guid HandleId { get; }

    /// <summary>Gets the stream.</summary>
    public abstract StreamId StreamId { get; }

    /// <summary>Ends the subscription; no item is delivered to it after this completes.</summary>
    public abstract Task UnsubscribeAsync(CancellationToken cancellationToken = default);

    /// <summary>Attaches a (new) observer to this subscription, e.g. after the grain was reactivated.</summary>
    public abstract Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, CancellationToken cancellationToken = default);
}
