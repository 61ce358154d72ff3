using Harness.Runtime.Activation;

namespace Harness.Runtime.Streams;

/// <summary>
/// An explicit subscription. Made inside a grain, it belongs to that grain: items arrive as its turns, and
/// after a reactivation the grain must <see cref="ResumeAsync"/> it (the old observer died with the old activation).
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class MemoryStreamSubscription<T>(MemoryStreamProvider provider, StreamState state, Guid handleId, ActivationData? owner)
    : StreamSubscriptionHandle<T>
{
    private Func<Grain, T, ValueTask>? _deliverInTurn;
    private (IAsyncObserver<T> Observer, ActivationData? Activation) _binding;

    public override Guid HandleId => handleId;

    public override StreamId StreamId => state.StreamId;

    public GrainId? Owner { get; } = owner?.GrainId;

    public bool IsActive { get; private set; } = true;

    public void Bind(IAsyncObserver<T> observer) => _binding = (observer, StreamContext.CurrentActivation());

    public override Task UnsubscribeAsync(CancellationToken cancellationToken = default)
    {
        IsActive = false;
        state.Remove(this);
        return Task.CompletedTask;
    }

    public override Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (!IsActive)
        {
            throw new InvalidOperationException($"Subscription {HandleId} to stream {StreamId} was unsubscribed.");
        }

        Bind(observer);
        return Task.FromResult<StreamSubscriptionHandle<T>>(this);
    }

    public async ValueTask DeliverAsync(T item)
    {
        if (Owner is not { } owner)
        {
            if (IsActive)
            {
                await _binding.Observer.OnNextAsync(item, CancellationToken.None).ConfigureAwait(false);
            }

            return;
        }

        var request = new StreamDeliveryRequest<T>(owner, _deliverInTurn ??= DeliverInTurn, item);
        provider.Runtime.Dispatcher.SendInternal(request);
        await request.AsValueTask().ConfigureAwait(false);
    }

    private ValueTask DeliverInTurn(Grain grain, T item)
    {
        // The grain may have unsubscribed in a turn that ran after this delivery was queued.
        if (!IsActive)
        {
            return default;
        }

        var binding = _binding;
        if (!ReferenceEquals(binding.Activation, grain.Activation))
        {
            throw new StreamDeliveryException(
                $"Grain {grain.GrainId} was reactivated and has not resumed subscription {HandleId} to stream {StreamId}: call ResumeAsync on the handles from GetAllSubscriptionHandles in OnActivateAsync.");
        }

        return new ValueTask(binding.Observer.OnNextAsync(item, CancellationToken.None));
    }
}
