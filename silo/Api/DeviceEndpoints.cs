using Harness.GrainInterfaces.Devices;
using Harness.Runtime;
using Harness.Runtime.Hosting;
using Harness.Runtime.Membership;
using Harness.Runtime.Placement;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Harness.Silo.Api;

/// <summary>Maps <c>GET /api/devices</c>: the status of every device of every active silo, asked of its device grain.</summary>
internal static class DeviceEndpoints
{
    public static RouteGroupBuilder MapDeviceEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/devices", ListAsync)
            .WithTags("Devices")
            .WithName("ListDevices")
            .WithSummary("Lists every device of every active silo with its leases and queues; a silo that fails to answer shows its error.")
            .Produces<IReadOnlyList<DeviceReport>>();
        return api;
    }

    private static async Task<IResult> ListAsync(
        IClusterMembershipView membership,
        IGrainFactory grains,
        IOptions<SiloApiOptions> options,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var silos = await membership.GetSilosAsync(cancellationToken);
        var logger = loggers.CreateLogger(ApiLog.Category);
        var reads = silos
            .Where(s => s.Status == SiloStatus.Active)
            .SelectMany(s => s.Capabilities.Devices.Select(d => ReadAsync(grains, s.Silo, d.Id, options.Value.DeviceStatusTimeout, time, logger, cancellationToken)));
        return TypedResults.Ok(await Task.WhenAll(reads));
    }

    private static async Task<DeviceReport> ReadAsync(
        IGrainFactory grains,
        SiloAddress silo,
        string deviceId,
        TimeSpan timeout,
        TimeProvider time,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        try
        {
            var status = await grains.GetGrain<IDeviceGrain>(DeviceGrainKeys.For(silo, deviceId)).GetStatus().WaitAsync(timeout, time, cancellationToken);
            return new DeviceReport(silo.ToString(), deviceId, status, null);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // One silo that is down or slow must not hide the devices of the others.
            ApiLog.DeviceUnreachable(logger, silo.ToString(), deviceId, exception.Message);
            return new DeviceReport(silo.ToString(), deviceId, null, exception.Message);
        }
    }
}
