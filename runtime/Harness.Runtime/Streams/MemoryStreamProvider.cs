using System.Collections.Concurrent;
using Harness.Runtime.Activation;
using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Streams;

/// <summary>
/// An in-silo stream provider. Each stream delivers its items one at a time, in publication order, to every
/// subscriber (explicit ones and the implicitly subscribed grain with the stream's key); an item's
/// <c>OnNextAsync</c> completes when every subscriber has processed it. Nothing is persisted: items
/// in flight are lost with the silo.
/// </summary>
internal sealed partial class MemoryStreamProvider(string name, SiloRuntime runtime, ILogger<MemoryStreamProvider> logger) : IStreamProvider
{
    private readonly ConcurrentDictionary<StreamId, StreamState> _streams = new();

    public string Name => name;

    public SiloRuntime Runtime => runtime;

    public IAsyncStream<T> GetStream<T>(StreamId streamId)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId.Namespace, nameof(streamId));
        ArgumentNullException.ThrowIfNull(streamId.Key, nameof(streamId));
        return new MemoryStream<T>(this, _streams.GetOrAdd(streamId, static id => new StreamState(id)));
    }

    /// <summary>Grain types implicitly subscribed to a namespace.</summary>
    public IEnumerable<GrainClassInfo> ImplicitSubscribers(string streamNamespace) =>
        runtime.GrainTypes.Classes.Where(c => c.ImplicitStreamNamespaces.Contains(streamNamespace, StringComparer.Ordinal));

    [LoggerMessage(EventId = 400, Level = LogLevel.Error, Message = "Stream {StreamId} item could not be delivered to subscriber {Subscriber}")]
    public partial void LogDeliveryFailed(StreamId streamId, string subscriber, Exception exception);
}
