using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;

namespace Harness.Grains.Devices;

/// <summary>
/// The devices' gauges (meter <c>Harness.Devices</c>): memory in use and in all, and utilisation, per device of this
/// silo. Created with the silo (a hosted service only so that it exists from the start).
/// </summary>
internal sealed class DeviceMeters : IHostedService
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Harness.Devices";

    private const long MiB = 1024 * 1024;

    public DeviceMeters(IMeterFactory meters, DeviceInventory inventory, DeviceLeaseLedger ledger)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge(
            "harness.device.memory.used",
            () => inventory.Devices.Select(d => new Measurement<long>(ledger.GetUsed(d.Id) * MiB, Tag(d.Id))),
            "By",
            "Device memory in use: leases and resident model weights (idle ones included until evicted).");
        meter.CreateObservableGauge(
            "harness.device.memory.total",
            () => inventory.Devices.Select(d => new Measurement<long>(d.VramMb * MiB, Tag(d.Id))),
            "By",
            "Device memory in all (VRAM, or the RAM budget of the CPU device).");
        meter.CreateObservableGauge(
            "harness.device.utilization",
            () => inventory.Devices.Select(d => new Measurement<double>(ledger.TakeUtilization(d.Id), Tag(d.Id))),
            "1",
            "Fraction of the time since the previous reading during which the device ran at least one generation.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static KeyValuePair<string, object?> Tag(string deviceId) => new("device", deviceId);
}
