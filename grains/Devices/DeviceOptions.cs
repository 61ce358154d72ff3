namespace Harness.Grains.Devices;

/// <summary>Device discovery and lease policy (configuration section <c>Harness:Devices</c>).</summary>
public sealed class DeviceOptions
{
    /// <summary>The configuration section.</summary>
    public const string ConfigurationSectionName = "Harness:Devices";

    /// <summary>The id of the always-present CPU device.</summary>
    public const string CpuDeviceId = "cpu";

    /// <summary>Gets or sets a value indicating whether to look for NVIDIA GPUs through NVML (default true).</summary>
    public bool UseNvml { get; set; } = true;

    /// <summary>Gets the devices declared in configuration; one with an NVML device's id overrides it.</summary>
    public List<DeviceDeclaration> Declared { get; } = [];

    /// <summary>Gets or sets the CPU device's memory budget in MiB; null for the memory available to the process.</summary>
    public long? CpuMemoryMb { get; set; }

    /// <summary>Gets or sets the most of a contended device's VRAM background leases may hold (0..1, default 0.25).</summary>
    public double BackgroundShare { get; set; } = 0.25;

    /// <summary>Gets or sets how often a device grain sweeps expired leases (default 1 s).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long a request waits in the queue when it names no timeout (default 5 min).</summary>
    public TimeSpan DefaultWaitTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
