using Harness.Runtime.Activation;

namespace Harness.Runtime.Streams;

/// <summary>Hands an implicitly subscribed grain the handle to resume.</summary>
internal sealed class ImplicitSubscriptionHandleFactory(string providerName, StreamId streamId, ActivationData activation) : IStreamSubscriptionHandleFactory
{
    public StreamId StreamId => streamId;

    public string ProviderName => providerName;

    public StreamSubscriptionHandle<T> Create<T>() => new ImplicitSubscriptionHandle<T>(providerName, streamId, activation);
}
