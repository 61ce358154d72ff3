namespace Harness.Runtime.Streams;

/// <summary>Identifies a stream: a namespace (which implicit subscribers listen to) and a key.</summary>
/// <param name="Namespace">The stream namespace.</param>
/// <param name="Key">The key within the namespace; implicit subscribers are the grains with this key.</param>
public readonly record struct StreamId(string Namespace, string Key)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Namespace}/{Key}";
}
