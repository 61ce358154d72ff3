namespace Harness.Runtime.Streams;

/// <summary>A stream's subscriptions and its ordered delivery queue.</summary>
internal sealed class StreamState(StreamId streamId)
{
    private readonly Lock _lock = new();
    private readonly Queue<Func<Task>> _deliveries = new();
    private object[] _subscriptions = [];
    private bool _pumping;

    public StreamId StreamId => streamId;

    /// <summary>Gets the current subscriptions (copy-on-write: a snapshot per item).</summary>
    public object[] Subscriptions => Volatile.Read(ref _subscriptions);

    public void Add(object subscription)
    {
        lock (_lock)
        {
            _subscriptions = [.. _subscriptions, subscription];
        }
    }

    public void Remove(object subscription)
    {
        lock (_lock)
        {
            _subscriptions = [.. _subscriptions.Where(s => !ReferenceEquals(s, subscription))];
        }
    }

    /// <summary>Queues one item's delivery; deliveries of a stream run strictly one after another.</summary>
    public void Enqueue(Func<Task> delivery)
    {
        lock (_lock)
        {
            _deliveries.Enqueue(delivery);
            if (_pumping)
            {
                return;
            }

            _pumping = true;
        }

        _ = Task.Run(PumpAsync);
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            Func<Task> next;
            lock (_lock)
            {
                if (!_deliveries.TryDequeue(out next!))
                {
                    _pumping = false;
                    return;
                }
            }

            try
            {
                await next().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // A delivery reports its own failures to its publisher; whatever escapes must not stop the stream.
            }
        }
    }
}
