namespace Harness.Client.Api;

/// <summary>One device of a silo, as <c>GET /api/silos</c> lists it.</summary>
/// <param name="Id">The device's id on its silo.</param>
/// <param name="Kind">The device's kind (e.g. "cuda", "cpu").</param>
/// <param name="Name">The device's name.</param>
/// <param name="TotalMemoryMib">The device's memory.</param>
/// <param name="FreeMemoryMib">The memory not leased.</param>
/// <param name="Utilization">The share of memory in use, 0 to 1.</param>
/// <param name="ResidentModels">The models loaded on the device.</param>
public sealed record SiloDeviceSummary(string Id, string Kind, string? Name, long TotalMemoryMib, long FreeMemoryMib, double Utilization, IReadOnlyList<string>? ResidentModels);
