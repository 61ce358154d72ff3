namespace Harness.Silo.Api;

/// <summary>A device as its silo advertises it in the membership table (<c>GET /api/silos</c>).</summary>
/// <param name="Id">The device id within the silo.</param>
/// <param name="Kind">The device kind (<c>gpu</c>, <c>cpu</c>, ...).</param>
/// <param name="Name">The human-readable name.</param>
/// <param name="TotalMemoryMib">The device memory in MiB.</param>
/// <param name="FreeMemoryMib">The memory not leased or occupied, in MiB.</param>
/// <param name="Utilization">The busy fraction, 0..1.</param>
/// <param name="ResidentModels">The models whose weights are loaded on the device.</param>
internal sealed record SiloDeviceReport(
    string Id,
    string Kind,
    string Name,
    long TotalMemoryMib,
    long FreeMemoryMib,
    double Utilization,
    IReadOnlyList<string> ResidentModels);
