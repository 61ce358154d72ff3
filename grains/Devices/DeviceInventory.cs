using Harness.GrainInterfaces.Devices;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Devices;

/// <summary>
/// The devices of this silo, found once at start: NVML GPUs first, then devices declared in configuration (one with
/// an NVML device's id replaces it), then the CPU (unless declared) with the configured RAM budget or the memory
/// available to the process. One per silo.
/// </summary>
public sealed class DeviceInventory
{
    private const long MiB = 1024 * 1024;
    private readonly Dictionary<string, DeviceInfo> _byId;

    /// <summary>Initializes a new instance of the <see cref="DeviceInventory"/> class.</summary>
    /// <param name="options">The device options.</param>
    /// <param name="nvml">NVML discovery.</param>
    public DeviceInventory(IOptions<DeviceOptions> options, NvmlDeviceDiscovery nvml)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(nvml);
        var settings = options.Value;
        var devices = new List<DeviceInfo>(settings.UseNvml ? nvml.Discover() : []);
        foreach (var declared in settings.Declared)
        {
            var device = new DeviceInfo
            {
                Id = declared.Id,
                Kind = declared.Kind,
                Name = string.IsNullOrWhiteSpace(declared.Name) ? declared.Id : declared.Name,
                VramMb = declared.VramMb,
                Endpoint = string.IsNullOrWhiteSpace(declared.Endpoint) ? null : declared.Endpoint,
                Source = "configuration",
            };
            var existing = devices.FindIndex(d => string.Equals(d.Id, device.Id, StringComparison.Ordinal));
            if (existing >= 0)
            {
                devices[existing] = device;
            }
            else
            {
                devices.Add(device);
            }
        }

        if (!devices.Exists(d => string.Equals(d.Id, DeviceOptions.CpuDeviceId, StringComparison.Ordinal)))
        {
            devices.Add(new DeviceInfo
            {
                Id = DeviceOptions.CpuDeviceId,
                Kind = "cpu",
                Name = $"CPU ({Environment.ProcessorCount} cores)",
                VramMb = settings.CpuMemoryMb ?? Math.Max(1, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / MiB),
                Source = "builtin",
            });
        }

        Devices = devices;
        _byId = devices.ToDictionary(d => d.Id, StringComparer.Ordinal);
    }

    /// <summary>Gets the devices, NVML ones first and the CPU last.</summary>
    public IReadOnlyList<DeviceInfo> Devices { get; }

    /// <summary>Finds a device by id.</summary>
    /// <param name="id">The device id.</param>
    /// <returns>The device, or null.</returns>
    public DeviceInfo? Find(string id) => _byId.GetValueOrDefault(id);
}
