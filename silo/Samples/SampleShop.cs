using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace Harness.Silo.Samples;

/// <summary>The sample shop's orders, in memory.</summary>
internal sealed class SampleShop(TimeProvider time)
{
    private readonly ConcurrentQueue<SampleOrder> _orders = new();
    private int _nextOrder;

    /// <summary>Accepts an order.</summary>
    public SampleOrder Accept(JsonElement body)
    {
        var order = new SampleOrder(
            string.Create(CultureInfo.InvariantCulture, $"order-{Interlocked.Increment(ref _nextOrder)}"),
            time.GetUtcNow(),
            body);
        _orders.Enqueue(order);
        return order;
    }

    /// <summary>Lists the orders, oldest first.</summary>
    public IReadOnlyList<SampleOrder> List() => [.. _orders];
}
