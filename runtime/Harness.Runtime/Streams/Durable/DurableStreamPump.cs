using Harness.Runtime.Activation;

namespace Harness.Runtime.Streams.Durable;

/// <summary>
/// Delivers one durable stream to one activation of an implicitly subscribed grain: reads the grain's checkpoint,
/// then the events after it in batches, delivers each as a turn of the grain and advances the checkpoint after
/// each. Runs off the activation's turns (it is not grain code), until caught up; a wake restarts it. Ends with the
/// activation: the next activation pumps from the checkpoint.
/// </summary>
/// <remarks>
/// At-least-once: an event whose delivery finished but whose checkpoint was not stored (the silo died in between,
/// or the activation moved) is delivered again. A delivery that throws (or a store operation that fails) is retried
/// with doubling delays capped by <see cref="DurableStreamOptions.MaxRetryDelay"/>, each failure logged, as long as the
/// activation lives: an event is never skipped, so a poison event holds its stream up until the grain handles it.
/// </remarks>
internal sealed class DurableStreamPump
{
    private readonly DurableStreamProvider _provider;
    private readonly ActivationData _activation;
    private readonly StreamId _streamId;
    private readonly Lock _lock = new();
    private bool _running;
    private bool _wakePending;
    private long? _position;

    public DurableStreamPump(DurableStreamProvider provider, ActivationData activation, StreamId streamId)
    {
        _provider = provider;
        _activation = activation;
        _streamId = streamId;
    }

    private enum Outcome
    {
        Delivered,
        Failed,
        Gone,
    }

    /// <summary>The <see cref="ActivationData.TurnLocalData"/> key of an activation's pump for a stream.</summary>
    public static object PumpKey(string providerName, StreamId streamId) => new PumpKeyRecord(providerName, streamId);

    /// <summary>The <see cref="ActivationData.TurnLocalData"/> key of an activation's observer binding for a stream.</summary>
    public static object BindingKey(string providerName, StreamId streamId) => new BindingKeyRecord(providerName, streamId);

    /// <summary>Starts pumping, or makes a running pump look for new events once more before it stops.</summary>
    public void Wake()
    {
        lock (_lock)
        {
            if (_running)
            {
                _wakePending = true;
                return;
            }

            _running = true;
            _wakePending = false;
        }

        // Off the turn, without the wake's execution context (its trace span) flowing into every delivery.
        ThreadPool.UnsafeQueueUserWorkItem(static pump => _ = pump.RunAsync(), this, preferLocal: false);
    }

    /// <summary>Runs inside the grain's turn: attaches the observer on first use (the OnSubscribed handshake), then delivers.</summary>
    public async ValueTask DeliverInTurnAsync(Grain grain, ReadOnlyMemory<byte> payload)
    {
        var data = grain.Activation.TurnLocalData;
        var key = BindingKey(_provider.Name, _streamId);
        if (!data.TryGetValue(key, out var binding))
        {
            if (grain is not IStreamSubscriptionObserver subscriber)
            {
                throw new StreamDeliveryException(
                    $"Grain class {grain.GetType().FullName} is implicitly subscribed to stream namespace '{_streamId.Namespace}' but does not implement IStreamSubscriptionObserver.");
            }

            // Grain code: its continuations stay in the turn (no ConfigureAwait).
            await subscriber.OnSubscribed(new DurableSubscriptionHandleFactory(_provider.Name, _streamId, grain.Activation), CancellationToken.None);
            if (!data.TryGetValue(key, out binding))
            {
                throw new StreamDeliveryException(
                    $"Grain {grain.GrainId} did not attach an observer to durable stream {_streamId} in OnSubscribed: call handleFactory.Create<T>().ResumeAsync(observer).");
            }
        }

        await ((IDurableStreamBinding)binding).DeliverAsync(payload, CancellationToken.None);
    }

    private async Task RunAsync()
    {
        try
        {
            while (true)
            {
                if (_position is not { } position)
                {
                    if (await LoadCheckpointAsync().ConfigureAwait(false) is not { } loaded)
                    {
                        return;
                    }

                    _position = position = loaded;
                }

                var events = await ReadAsync(position).ConfigureAwait(false);
                if (events is null)
                {
                    return;
                }

                if (events.Count == 0)
                {
                    lock (_lock)
                    {
                        if (!_wakePending)
                        {
                            _running = false;
                            return;
                        }

                        _wakePending = false;
                    }

                    continue;
                }

                foreach (var @event in events)
                {
                    if (!await DeliverAsync(@event).ConfigureAwait(false) || !await AdvanceAsync(@event.Sequence).ConfigureAwait(false))
                    {
                        return;
                    }

                    _position = @event.Sequence;
                }
            }
        }
        catch (Exception exception)
        {
            // Nothing above should throw; if it did, the pump must not die silently with _running set.
            _provider.LogPumpFailed(_provider.Name, _streamId, _activation.GrainId, exception);
            lock (_lock)
            {
                _running = false;
            }
        }
    }

    /// <summary>Reads the checkpoint, creating it at 0 for a consumer the stream has not registered; null if the activation went away.</summary>
    private async Task<long?> LoadCheckpointAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var checkpoint = await _provider.Store.GetCheckpointAsync(_provider.Name, _streamId, _activation.GrainId, CancellationToken.None).ConfigureAwait(false);
                if (checkpoint is null)
                {
                    // First woken before its stream registered it (e.g. a subscriber class added later): from now on
                    // the sweeper knows it too.
                    await _provider.Store.AdvanceCheckpointAsync(_provider.Name, _streamId, _activation.GrainId, 0, CancellationToken.None).ConfigureAwait(false);
                }

                return checkpoint ?? 0;
            }
            catch (Exception exception)
            {
                if (!await BackOffAsync("read checkpoint", attempt, exception).ConfigureAwait(false))
                {
                    return null;
                }
            }
        }
    }

    private async Task<IReadOnlyList<DurableStreamEvent>?> ReadAsync(long position)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (_activation.IsInvalid)
            {
                return null;
            }

            try
            {
                return await _provider.Store.ReadAsync(_provider.Name, _streamId, position, _provider.Options.BatchSize, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                if (!await BackOffAsync("read events", attempt, exception).ConfigureAwait(false))
                {
                    return null;
                }
            }
        }
    }

    private async Task<bool> AdvanceAsync(long sequence)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _provider.Store.AdvanceCheckpointAsync(_provider.Name, _streamId, _activation.GrainId, sequence, CancellationToken.None).ConfigureAwait(false);
                return true;
            }
            catch (Exception exception)
            {
                // Given up only with the activation: the next one redelivers this event (at-least-once).
                if (!await BackOffAsync("store checkpoint", attempt, exception).ConfigureAwait(false))
                {
                    return false;
                }
            }
        }
    }

    private async Task<bool> DeliverAsync(DurableStreamEvent @event)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (outcome, failure) = await DeliverOnceAsync(@event).ConfigureAwait(false);
            if (outcome != Outcome.Failed)
            {
                return outcome == Outcome.Delivered;
            }

            var delay = _provider.RetryDelay(attempt);
            _provider.LogDeliveryFailed(_provider.Name, _streamId, @event.Sequence, _activation.GrainId, attempt, delay, failure!);
            if (!await DelayAsync(delay).ConfigureAwait(false))
            {
                return false;
            }
        }
    }

    private async Task<(Outcome Outcome, Exception? Failure)> DeliverOnceAsync(DurableStreamEvent @event)
    {
        var request = DurableStreamDeliveryRequest.Rent(this, _activation.GrainId, @event.Payload);
        var completion = request.AsValueTask();
        if (!_activation.TryEnqueue(request))
        {
            // Never started: drop both the callee's and the caller's reference.
            request.Release();
            request.Release();
            return (Outcome.Gone, null);
        }

        if (!request.IsCompleted)
        {
            _provider.Runtime.Timeouts.Track(request);
        }

        try
        {
            return (await completion.ConfigureAwait(false) ? Outcome.Delivered : Outcome.Gone, null);
        }
        catch (Exception exception)
        {
            return (_activation.IsInvalid ? Outcome.Gone : Outcome.Failed, exception);
        }
    }

    private async Task<bool> BackOffAsync(string operation, int attempt, Exception exception)
    {
        var delay = _provider.RetryDelay(attempt);
        _provider.LogStoreFailed(_provider.Name, _streamId, operation, _activation.GrainId, attempt, delay, exception);
        return await DelayAsync(delay).ConfigureAwait(false);
    }

    /// <summary>Waits before a retry; false if the activation went away meanwhile (the pump then ends).</summary>
    private async Task<bool> DelayAsync(TimeSpan delay)
    {
        if (!_activation.IsInvalid)
        {
            await Task.Delay(delay, _provider.Runtime.TimeProvider).ConfigureAwait(false);
        }

        return !_activation.IsInvalid;
    }

    private sealed record PumpKeyRecord(string Provider, StreamId StreamId);

    private sealed record BindingKeyRecord(string Provider, StreamId StreamId);
}
