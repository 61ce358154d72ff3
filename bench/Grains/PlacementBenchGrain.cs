using System.Diagnostics;
using Harness.GrainInterfaces.Chains;
using Harness.GrainInterfaces.Devices;
using Harness.GrainInterfaces.Inference;
using Harness.Grains.Placement;
using Harness.Runtime;
using Harness.Runtime.Hosting;

namespace Harness.Bench;

/// <summary>Placed by the GPU-aware director from its key; leases its VRAM from the device of the silo it landed on.</summary>
[GpuAwarePlacement]
internal sealed class PlacementBenchGrain(ISiloStatus silo, PlacementBenchProbe probe) : Grain, IPlacementBenchGrain
{
    public const string DeviceId = "gpu0";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Activated();
        return Task.CompletedTask;
    }

    public async Task<double> Run(QosClass qos, int holdMs)
    {
        if (!InferenceGrainKeys.TryParse(GrainId.Key, out var demand))
        {
            throw new InvalidOperationException($"Key '{GrainId.Key}' is not an inference key.");
        }

        var device = GrainFactory.GetGrain<IDeviceGrain>(DeviceGrainKeys.For(silo.Address, DeviceId));
        var asked = Stopwatch.GetTimestamp();
        var lease = await device.RequestLease(new LeaseRequest
        {
            HolderId = GrainId.Key,
            VramMb = demand.VramMb,
            Qos = qos,
            TimeSlice = TimeSpan.FromMinutes(1),
            WaitTimeout = TimeSpan.FromMinutes(2),
        });
        var waited = Stopwatch.GetElapsedTime(asked).TotalMilliseconds;
        await Task.Delay(holdMs);
        await device.ReleaseLease(lease.LeaseId);
        DeactivateOnIdle();
        return waited;
    }
}
