using Harness.Runtime.Activation;

namespace Harness.Runtime.Streams;

/// <summary>The handle of an implicit subscription: resuming it attaches the activation's observer for the stream.</summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class ImplicitSubscriptionHandle<T>(string providerName, StreamId streamId, ActivationData activation) : StreamSubscriptionHandle<T>
{
    public override Guid HandleId { get; } = Guid.NewGuid();

    public override StreamId StreamId => streamId;

    public static object Key(string providerName, StreamId streamId) => (providerName, streamId);

    public override Task UnsubscribeAsync(CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException($"Implicit subscriptions (stream namespace '{streamId.Namespace}') cannot be unsubscribed; they follow the grain class's [ImplicitStreamSubscription].");

    public override Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observer);
        activation.TurnLocalData[Key(providerName, streamId)] = observer;
        return Task.FromResult<StreamSubscriptionHandle<T>>(this);
    }
}
