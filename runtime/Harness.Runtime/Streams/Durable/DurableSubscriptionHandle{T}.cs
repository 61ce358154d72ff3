using Harness.Runtime.Activation;

namespace Harness.Runtime.Streams.Durable;

/// <summary>The handle of an implicit durable subscription: resuming it attaches the activation's observer for the stream.</summary>
/// <typeparam name="T">The item type; it must be the type the stream's publishers publish.</typeparam>
internal sealed class DurableSubscriptionHandle<T>(string providerName, StreamId streamId, ActivationData activation) : StreamSubscriptionHandle<T>
{
    public override Guid HandleId { get; } = Guid.NewGuid();

    public override StreamId StreamId => streamId;

    public override Task UnsubscribeAsync(CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException(
            $"Implicit subscriptions (stream namespace '{streamId.Namespace}', durable stream provider '{providerName}') cannot be unsubscribed; they follow the grain class's [ImplicitStreamSubscription].");

    public override Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observer);
        activation.TurnLocalData[DurableStreamPump.BindingKey(providerName, streamId)] = new DurableStreamBinding<T>(observer);
        return Task.FromResult<StreamSubscriptionHandle<T>>(this);
    }
}
