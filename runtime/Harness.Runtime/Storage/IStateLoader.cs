namespace Harness.Runtime.Storage;

/// <summary>A persistent state the runtime reads before a grain's <c>OnActivateAsync</c>.</summary>
internal interface IStateLoader
{
    Task ReadStateAsync(CancellationToken cancellationToken);
}
