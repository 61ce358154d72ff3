namespace Harness.Runtime.Streams;

/// <summary>
/// Subscribes a grain class to every stream of a namespace: an item published on stream (namespace, key)
/// activates the grain with that key, which receives it through <see cref="IStreamSubscriptionObserver"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class ImplicitStreamSubscriptionAttribute(string streamNamespace) : Attribute
{
    /// <summary>Gets the namespace.</summary>
    public string Namespace { get; } = streamNamespace;
}
