namespace Harness.Runtime.Streams;

/// <summary>Implemented by implicitly subscribed grains: attaches their observer when a stream first reaches them.</summary>
public interface IStreamSubscriptionObserver
{
    /// <summary>Called, as a turn of the grain, before the first item of a stream is delivered to this activation.</summary>
    Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory, CancellationToken cancellationToken);
}
