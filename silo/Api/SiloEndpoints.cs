using Harness.Runtime.Hosting;
using Harness.Runtime.Membership;
using Harness.Runtime.Placement;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Harness.Silo.Api;

/// <summary>Maps <c>GET /api/silos</c>: every silo of the membership view, as this silo last read it.</summary>
internal static class SiloEndpoints
{
    private const long BytesPerMib = 1024 * 1024;

    public static RouteGroupBuilder MapSiloEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/silos", ListAsync)
            .WithTags("Silos")
            .WithName("ListSilos")
            .WithSummary("Lists the silos of the cluster with their status, devices and activation counts; self marks the one answering.")
            .Produces<IReadOnlyList<SiloReport>>();
        return api;
    }

    private static async Task<IResult> ListAsync(IClusterMembershipView membership, ISiloStatus self, CancellationToken cancellationToken)
    {
        var silos = await membership.GetSilosAsync(cancellationToken);
        var local = self.Address;
        return TypedResults.Ok(silos.Select(s => new SiloReport(
            s.Silo.ToString(),
            s.SiloName,
            s.Status,
            s.StartedAt,
            [.. s.Capabilities.Devices.Select(ToReport)],
            s.Capabilities.ActivationCount,
            s.Silo == local)).ToArray());
    }

    private static SiloDeviceReport ToReport(DeviceCapability device) => new(
        device.Id,
        device.Kind,
        device.Name,
        device.TotalMemoryBytes / BytesPerMib,
        device.FreeMemoryBytes / BytesPerMib,
        device.Utilization,
        device.ResidentModels);
}
