using System.ComponentModel;

namespace Harness.Runtime.CodeGeneration;

/// <summary>
/// A bounded, lock-free pool of request objects of one generated type, so that a grain call allocates no
/// message in steady state. One pool per request type, shared process-wide like the type itself: a pooled
/// request carries no state once returned (arguments and results are cleared).
/// </summary>
/// <typeparam name="T">The generated request type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RequestPool<T>
    where T : Request, new()
{
    // Sized for the concurrency of a 2-16 core silo; beyond it requests are simply allocated and collected.
    private const int Capacity = 256;
    private static readonly T?[] Items = new T?[Capacity];
    private static T? _first;

    /// <summary>Takes a request from the pool, or creates one.</summary>
    public static T Rent()
    {
        var item = _first;
        if (item is null || Interlocked.CompareExchange(ref _first, null, item) != item)
        {
            item = RentSlow();
        }

        item.OnRented();
        return item;
    }

    /// <summary>Gives a request back; called by the runtime once both the caller and the callee are done with it.</summary>
    public static void Return(T item)
    {
        if (_first is null && Interlocked.CompareExchange(ref _first, item, null) is null)
        {
            return;
        }

        var items = Items;
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i] is null && Interlocked.CompareExchange(ref items[i], item, null) is null)
            {
                return;
            }
        }
    }

    private static T RentSlow()
    {
        var items = Items;
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            if (item is not null && Interlocked.CompareExchange(ref items[i], null, item) == item)
            {
                return item;
            }
        }

        return new T();
    }
}
