namespace Harness.Runtime.Streams;

/// <summary>Receives a stream's items.</summary>
/// <typeparam name="T">The item type.</typeparam>
public interface IAsyncObserver<in T>
{
    /// <summary>Handles the next item.</summary>
    Task OnNextAsync(T item, CancellationToken cancellationToken);

    /// <summary>Handles the end of the stream.</summary>
    Task OnCompletedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Handles a delivery error.</summary>
    Task OnErrorAsync(Exception exception, CancellationToken cancellationToken) => Task.CompletedTask;
}
