namespace Harness.Runtime.Streams;

/// <summary>A named stream provider registered on the silo.</summary>
public interface IStreamProvider
{
    /// <summary>Gets the provider's name.</summary>
    string Name { get; }

    /// <summary>Gets a stream by id. Streams are virtual: they exist once anything subscribes or publishes.</summary>
    IAsyncStream<T> GetStream<T>(StreamId streamId);
}
