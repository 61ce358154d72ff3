using Harness.Runtime.Activation;

namespace Harness.Runtime.Streams.Durable;

/// <summary>Hands an implicitly subscribed grain the handle of its durable stream subscription to resume.</summary>
internal sealed class DurableSubscriptionHandleFactory(string providerName, StreamId streamId, ActivationData activation) : IStreamSubscriptionHandleFactory
{
    public StreamId StreamId => streamId;

    public string ProviderName => providerName;

    public StreamSubscriptionHandle<T> Create<T>() => new DurableSubscriptionHandle<T>(providerName, streamId, activation);
}
