namespace Harness.Grains.Tests.Placement;

/// <summary>
/// The VRAM the test grains hold per silo, from the moment a lease is granted to just before it is released: a
/// subset of the device's own lease interval, so a sum over the device's VRAM here means the device oversubscribed.
/// </summary>
public sealed class VramRecorder
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _peak = new(StringComparer.Ordinal);

    public void Acquired(string silo, long vramMb)
    {
        lock (_lock)
        {
            var held = _held.GetValueOrDefault(silo) + vramMb;
            _held[silo] = held;
            _peak[silo] = Math.Max(_peak.GetValueOrDefault(silo), held);
        }
    }

    public void Releasing(string silo, long vramMb)
    {
        lock (_lock)
        {
            _held[silo] -= vramMb;
        }
    }

    public long Peak(string silo)
    {
        lock (_lock)
        {
            return _peak.GetValueOrDefault(silo);
        }
    }
}
