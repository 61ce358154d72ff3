using Harness.GrainInterfaces.Devices;

namespace Harness.Client.Api;

/// <summary>One device as <c>GET /api/devices</c> reports it: its status, or why its silo did not answer.</summary>
/// <param name="Silo">The silo hosting the device.</param>
/// <param name="Status">The device's status, or null when the silo failed to answer.</param>
/// <param name="DeviceId">The device's id when <paramref name="Status"/> is null.</param>
/// <param name="Error">Why the silo failed to answer, or null.</param>
public sealed record DeviceReport(string Silo, DeviceStatus? Status, string? DeviceId = null, string? Error = null);
