namespace Harness.Runtime.Streams;

/// <summary>Creates the handle of an implicit subscription, on which the grain calls <c>ResumeAsync</c> with its observer.</summary>
public interface IStreamSubscriptionHandleFactory
{
    /// <summary>Gets the stream.</summary>
    StreamId StreamId { get; }

    /// <summary>Gets the provider's name.</summary>
    string ProviderName { get; }

    /// <summary>Creates the subscription handle for items of <typeparamref name="T"/>.</summary>
    StreamSubscriptionHandle<T> Create<T>();
}
