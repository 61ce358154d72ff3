namespace Harness.Runtime.Streams;

/// <summary>A stream of the in-silo provider.</summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class MemoryStream<T>(MemoryStreamProvider provider, StreamState state) : IAsyncStream<T>
{
    private readonly Func<Grain, T, ValueTask> _deliverImplicit = (grain, item) => DeliverImplicitInTurnAsync(provider, state.StreamId, grain, item);

    public StreamId StreamId => state.StreamId;

    public Task OnNextAsync(T item, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        state.Enqueue(() => DeliverAsync(item, done));
        return done.Task.WaitAsync(cancellationToken);
    }

    public Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var subscription = new MemoryStreamSubscription<T>(provider, state, Guid.NewGuid(), StreamContext.CurrentActivation());
        subscription.Bind(observer);
        state.Add(subscription);
        return Task.FromResult<StreamSubscriptionHandle<T>>(subscription);
    }

    public Task<IReadOnlyList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles(CancellationToken cancellationToken = default)
    {
        var owner = StreamContext.CurrentActivation()?.GrainId;
        IReadOnlyList<StreamSubscriptionHandle<T>> handles =
            [.. state.Subscriptions.OfType<MemoryStreamSubscription<T>>().Where(s => s.Owner == owner)];
        return Task.FromResult(handles);
    }

    private static async ValueTask DeliverImplicitInTurnAsync(MemoryStreamProvider provider, StreamId streamId, Grain grain, T item)
    {
        var key = ImplicitSubscriptionHandle<T>.Key(provider.Name, streamId);
        var data = grain.Activation.TurnLocalData;
        if (!data.TryGetValue(key, out var observer))
        {
            if (grain is not IStreamSubscriptionObserver subscriber)
            {
                throw new StreamDeliveryException(
                    $"Grain class {grain.GetType().FullName} is implicitly subscribed to stream namespace '{streamId.Namespace}' but does not implement IStreamSubscriptionObserver.");
            }

            await subscriber.OnSubscribed(new ImplicitSubscriptionHandleFactory(provider.Name, streamId, grain.Activation), CancellationToken.None);
            if (!data.TryGetValue(key, out observer))
            {
                throw new StreamDeliveryException(
                    $"Grain {grain.GrainId} did not attach an observer to stream {streamId} in OnSubscribed: call handleFactory.Create<T>().ResumeAsync(observer).");
            }
        }

        await ((IAsyncObserver<T>)observer).OnNextAsync(item, CancellationToken.None);
    }

    private async Task DeliverAsync(T item, TaskCompletionSource done)
    {
        List<Exception>? failures = null;
        foreach (var candidate in state.Subscriptions)
        {
            if (candidate is not MemoryStreamSubscription<T> subscription)
            {
                (failures ??= []).Add(new StreamDeliveryException($"Stream {StreamId} has a subscriber for another item type than {typeof(T).Name}."));
                continue;
            }

            if (!subscription.IsActive)
            {
                continue;
            }

            try
            {
                await subscription.DeliverAsync(item).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                provider.LogDeliveryFailed(StreamId, subscription.HandleId.ToString(), exception);
                (failures ??= []).Add(exception);
            }
        }

        foreach (var grainClass in provider.ImplicitSubscribers(StreamId.Namespace))
        {
            var grainId = new GrainId(grainClass.GrainType, StreamId.Key);
            try
            {
                var request = new StreamDeliveryRequest<T>(grainId, _deliverImplicit, item);
                provider.Runtime.Dispatcher.SendInternal(request);
                await request.AsValueTask().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                provider.LogDeliveryFailed(StreamId, grainId.ToString(), exception);
                (failures ??= []).Add(exception);
            }
        }

        if (failures is null)
        {
            done.TrySetResult();
        }
        else
        {
            done.TrySetException(new StreamDeliveryException($"Stream {StreamId}: {failures.Count} subscriber(s) failed to process an item.", new AggregateException(failures)));
        }
    }
}
