using System.Collections.Concurrent;
using Harness.Runtime.Activation;
using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Streams.Durable;

/// <summary>
/// A stream provider whose events are kept in an <see cref="IDurableStreamStore"/>: ordered per stream, delivered
/// at least once to every implicitly subscribed grain (<see cref="ImplicitStreamSubscriptionAttribute"/>), each grain
/// resuming after its own checkpoint wherever it is activated next, on this silo or another.
/// </summary>
/// <remarks>
/// <para>Publishing appends the event and sends a one-way wake to each subscriber grain of the namespace (the grain
/// with the stream's key); the woken activation pumps the stream from its checkpoint (<see cref="DurableStreamPump"/>).
/// Unlike the memory provider, <c>OnNextAsync</c> completes once the event is durably stored, not when subscribers
/// have processed it, and a subscriber's failure is retried rather than reported to the publisher.</para>
/// <para>Each silo's <see cref="DurableStreamSweeper"/> leases partitions of the streams and periodically wakes
/// consumers in them that lag behind (a lost wake, a silo that died mid-delivery).</para>
/// <para>Only implicit subscriptions: explicit <c>SubscribeAsync</c> throws <see cref="NotSupportedException"/>. A
/// subscriber must resume with the item type the publishers use (payloads are written with that type's codec).
/// Stored events are kept: nothing trims a stream yet.</para>
/// </remarks>
internal sealed partial class DurableStreamProvider : IStreamProvider
{
    private readonly ConcurrentDictionary<string, string[]> _subscriberTypes = new(StringComparer.Ordinal);
    private readonly ILogger<DurableStreamProvider> _logger;

    public DurableStreamProvider(string name, SiloRuntime runtime, IDurableStreamStore store, DurableStreamOptions options, ILogger<DurableStreamProvider> logger)
    {
        Name = name;
        Runtime = runtime;
        Store = store;
        Options = options;
        _logger = logger;
    }

    public string Name { get; }

    public SiloRuntime Runtime { get; }

    public IDurableStreamStore Store { get; }

    public DurableStreamOptions Options { get; }

    public IAsyncStream<T> GetStream<T>(StreamId streamId)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId.Namespace, nameof(streamId));
        ArgumentNullException.ThrowIfNull(streamId.Key, nameof(streamId));
        return new DurableStream<T>(this, streamId);
    }

    /// <summary>Appends a serialized item, then wakes the stream's subscribers; completes once the item is stored.</summary>
    public async Task PublishAsync(StreamId streamId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var types = SubscriberTypes(streamId.Namespace);
        var consumers = new GrainId[types.Length];
        for (var i = 0; i < types.Length; i++)
        {
            consumers[i] = new GrainId(types[i], streamId.Key);
        }

        await Store.AppendAsync(Name, streamId, payload, consumers, cancellationToken).ConfigureAwait(false);
        foreach (var consumer in consumers)
        {
            SendWake(streamId, consumer);
        }
    }

    /// <summary>Sends a one-way wake to <paramref name="consumer"/> (wherever it lives) for <paramref name="streamId"/>.</summary>
    public void SendWake(StreamId streamId, GrainId consumer)
    {
        var request = DurableStreamWakeRequest.Rent(Name, streamId, consumer);
        try
        {
            Runtime.Dispatcher.SendInternal(request);
        }
        catch (Exception exception)
        {
            // The event is stored: a lost wake only delays it until a sweeper finds the consumer lagging.
            LogWakeFailed(Name, streamId, consumer, exception);
        }
        finally
        {
            request.Release();
        }
    }

    /// <summary>Whether <paramref name="grainType"/> is an implicit subscriber of <paramref name="streamNamespace"/> on this silo.</summary>
    public bool IsSubscriber(string grainType, string streamNamespace) => SubscriberTypes(streamNamespace).Contains(grainType, StringComparer.Ordinal);

    /// <summary>Handles a wake inside a turn of <paramref name="activation"/>: makes sure a pump for the stream runs there.</summary>
    public void OnWake(ActivationData activation, StreamId streamId)
    {
        if (!activation.ClassInfo.ImplicitStreamNamespaces.Contains(streamId.Namespace, StringComparer.Ordinal))
        {
            throw new StreamDeliveryException(
                $"Grain class {activation.ClassInfo.GrainClass.FullName} is not implicitly subscribed to stream namespace '{streamId.Namespace}' (durable stream provider '{Name}').");
        }

        var data = activation.TurnLocalData;
        var key = DurableStreamPump.PumpKey(Name, streamId);
        if (!data.TryGetValue(key, out var pump))
        {
            data[key] = pump = new DurableStreamPump(this, activation, streamId);
        }

        ((DurableStreamPump)pump).Wake();
    }

    /// <summary>The wait before retry <paramref name="attempt"/> (1-based): doubling from RetryDelay, capped at MaxRetryDelay.</summary>
    public TimeSpan RetryDelay(int attempt)
    {
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var delay = Options.RetryDelay * factor;
        return delay < Options.MaxRetryDelay ? delay : Options.MaxRetryDelay;
    }

    [LoggerMessage(EventId = 420, Level = LogLevel.Warning, Message = "Durable stream provider {Provider}: event {Sequence} of stream {StreamId} could not be delivered to grain {GrainId} (attempt {Attempt}); retrying in {Delay}")]
    public partial void LogDeliveryFailed(string provider, StreamId streamId, long sequence, GrainId grainId, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 421, Level = LogLevel.Warning, Message = "Durable stream provider {Provider}: could not {Operation} of stream {StreamId} for grain {GrainId} (attempt {Attempt}); retrying in {Delay}")]
    public partial void LogStoreFailed(string provider, StreamId streamId, string operation, GrainId grainId, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 422, Level = LogLevel.Error, Message = "Durable stream provider {Provider}: the pump of stream {StreamId} in grain {GrainId} failed; the next wake restarts it")]
    public partial void LogPumpFailed(string provider, StreamId streamId, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 423, Level = LogLevel.Warning, Message = "Durable stream provider {Provider}: could not wake grain {GrainId} for stream {StreamId}; a sweeper will wake it")]
    public partial void LogWakeFailed(string provider, StreamId streamId, GrainId grainId, Exception exception);

    private string[] SubscriberTypes(string streamNamespace) =>
        _subscriberTypes.GetOrAdd(
            streamNamespace,
            static (ns, runtime) => [.. runtime.GrainTypes.Classes.Where(c => c.ImplicitStreamNamespaces.Contains(ns, StringComparer.Ordinal)).Select(c => c.GrainType)],
            Runtime);
}
