using System.Text.Json.Serialization;
using Harness.GrainInterfaces.Devices;

namespace Harness.Silo.Api;

/// <summary>One device as <c>GET /api/devices</c> reports it: its status, or why its silo did not answer.</summary>
/// <param name="Silo">The address of the silo owning the device.</param>
/// <param name="DeviceId">The device id within the silo.</param>
/// <param name="Status">The device grain's status; absent when the silo failed to answer.</param>
/// <param name="Error">Why the silo failed to answer; absent when it did.</param>
internal sealed record DeviceReport(
    string Silo,
    string DeviceId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DeviceStatus? Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);
