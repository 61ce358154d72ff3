using Harness.Runtime.Placement;

namespace Harness.Grains.Devices;

/// <summary>Advertises the silo's devices, with their VRAM not held and their resident models, through membership heartbeats.</summary>
/// <param name="inventory">The silo's devices.</param>
/// <param name="ledger">The VRAM leased per device.</param>
public sealed class DeviceCapabilitiesProvider(DeviceInventory inventory, DeviceLeaseLedger ledger) : ISiloCapabilitiesProvider
{
    private const long MiB = 1024 * 1024;

    /// <inheritdoc/>
    public IReadOnlyList<DeviceCapability> GetDevices() =>
        [.. inventory.Devices.Select(d =>
        {
            var leased = Math.Min(ledger.GetLeased(d.Id), d.VramMb);
            return new DeviceCapability(d.Id, d.Kind, d.Name, d.VramMb * MiB, (d.VramMb - leased) * MiB, (double)leased / d.VramMb, ledger.GetResidentModels(d.Id));
        })];
}
