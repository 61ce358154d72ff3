namespace Harness.Bench;

/// <summary>Counts activations of the placement benchmark grain (one instance shared by the in-process silos).</summary>
internal sealed class PlacementBenchProbe
{
    private long _activations;

    public long Activations => Interlocked.Read(ref _activations);

    public void Activated() => Interlocked.Increment(ref _activations);
}
