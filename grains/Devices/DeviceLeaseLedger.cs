using System.Collections.Concurrent;

namespace Harness.Grains.Devices;

/// <summary>The VRAM leased on each local device, kept by the device grains and read by the membership heartbeat.</summary>
public sealed class DeviceLeaseLedger
{
    private readonly ConcurrentDictionary<string, (long LeasedMb, string[] Models)> _devices = new(StringComparer.Ordinal);

    /// <summary>Records the VRAM now held on a device (by leases and by the weights of models in use) and its resident models.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <param name="leasedMb">The VRAM held, in MiB.</param>
    /// <param name="residentModels">The models whose weights are resident.</param>
    public void Set(string deviceId, long leasedMb, string[] residentModels) => _devices[deviceId] = (leasedMb, residentModels);

    /// <summary>Reads the VRAM held on a device (zero when none or unknown).</summary>
    /// <param name="deviceId">The device id.</param>
    /// <returns>The VRAM held, in MiB.</returns>
    public long GetLeased(string deviceId) => _devices.TryGetValue(deviceId, out var device) ? device.LeasedMb : 0;

    /// <summary>Reads the models resident on a device.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <returns>The model names.</returns>
    public IReadOnlyList<string> GetResidentModels(string deviceId) => _devices.TryGetValue(deviceId, out var device) ? device.Models : [];
}
