using System.Collections.Concurrent;

namespace Harness.Grains.Devices;

/// <summary>The VRAM leased on each local device, kept by the device grains and read by the membership heartbeat.</summary>
public sealed class DeviceLeaseLedger
{
    private readonly ConcurrentDictionary<string, long> _leasedMb = new(StringComparer.Ordinal);

    /// <summary>Records the VRAM now leased on a device.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <param name="leasedMb">The VRAM leased, in MiB.</param>
    public void SetLeased(string deviceId, long leasedMb) => _leasedMb[deviceId] = leasedMb;

    /// <summary>Reads the VRAM leased on a device (zero when none or unknown).</summary>
    /// <param name="deviceId">The device id.</param>
    /// <returns>The VRAM leased, in MiB.</returns>
    public long GetLeased(string deviceId) => _leasedMb.GetValueOrDefault(deviceId);
}
