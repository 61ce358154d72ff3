namespace Harness.Runtime.Placement;

/// <summary>An accelerator (or the CPU) a silo advertises to placement.</summary>
/// <param name="Id">Stable device id within the silo.</param>
/// <param name="Kind">Device kind, e.g. "cpu", "gpu".</param>
/// <param name="Name">Human-readable name.</param>
/// <param name="TotalMemoryBytes">Device memory (VRAM for GPUs).</param>
/// <param name="FreeMemoryBytes">Device memory not leased or occupied.</param>
/// <param name="Utilization">Busy fraction, 0..1.</param>
/// <param name="ResidentModels">Models whose weights are loaded on the device.</param>
public sealed record DeviceCapability(
    string Id,
    string Kind,
    string Name,
    long TotalMemoryBytes,
    long FreeMemoryBytes,
    double Utilization,
    IReadOnlyList<string> ResidentModels);
