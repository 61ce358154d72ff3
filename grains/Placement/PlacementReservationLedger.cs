using Harness.Runtime.Placement;

namespace Harness.Grains.Placement;

/// <summary>
/// Device memory this silo's director placed recently, per silo and device, each reservation held for a fixed
/// window (timestamps of one monotonic clock). It bridges the gap until the device's advertisement includes the
/// placement. Not thread-safe: the director serializes access.
/// </summary>
internal sealed class PlacementReservationLedger(long windowTicks)
{
    private readonly Dictionary<DeviceKey, DeviceReservations> _devices = [];
    private long _nextSweep;

    /// <summary>Gets the number of devices with a reservation entry (swept ones excluded).</summary>
    public int DeviceCount => _devices.Count;

    /// <summary>Gets the bytes reserved on a device and not yet expired at <paramref name="now"/>.</summary>
    public long GetReserved(SiloAddress silo, string deviceId, long now) =>
        _devices.TryGetValue(new DeviceKey(silo, deviceId), out var device) ? device.Prune(now) : 0;

    /// <summary>Reserves <paramref name="bytes"/> on a device from <paramref name="now"/> for the window.</summary>
    public void Reserve(SiloAddress silo, string deviceId, long bytes, long now)
    {
        var key = new DeviceKey(silo, deviceId);
        if (!_devices.TryGetValue(key, out var device))
        {
            device = new DeviceReservations();
            _devices.Add(key, device);
        }

        device.Add(now + windowTicks, bytes);
        if (now >= _nextSweep)
        {
            Sweep(now);
        }
    }

    /// <summary>Forgets devices whose reservations have all expired (silos that left, devices no longer chosen).</summary>
    private void Sweep(long now)
    {
        _nextSweep = now + windowTicks;
        foreach (var (key, device) in _devices)
        {
            if (device.Prune(now) == 0 && device.IsEmpty)
            {
                _devices.Remove(key);
            }
        }
    }

    private readonly record struct DeviceKey(SiloAddress Silo, string DeviceId);

    /// <summary>One device's reservations, oldest first: with one window for all, expiry order is arrival order.</summary>
    private sealed class DeviceReservations
    {
        private readonly Queue<(long ExpiresAt, long Bytes)> _entries = new();
        private long _total;

        public bool IsEmpty => _entries.Count == 0;

        public void Add(long expiresAt, long bytes)
        {
            _entries.Enqueue((expiresAt, bytes));
            _total += bytes;
        }

        public long Prune(long now)
        {
            while (_entries.TryPeek(out var head) && head.ExpiresAt <= now)
            {
                _entries.Dequeue();
                _total -= head.Bytes;
            }

            return _total;
        }
    }
}
