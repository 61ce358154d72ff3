using Harness.GrainInterfaces.Chains;
using Harness.GrainInterfaces.Devices;
using Harness.GrainInterfaces.Inference;
using Harness.Grains.Placement;
using Harness.Runtime;
using Harness.Runtime.Hosting;

namespace Harness.Grains.Tests.Placement;

[GpuAwarePlacement]
internal sealed class VramHolderGrain(ISiloStatus silo, VramRecorder recorder) : Grain, IVramHolderGrain
{
    public async Task<string> Hold(QosClass qos, int holdMs)
    {
        if (!InferenceGrainKeys.TryParse(GrainId.Key, out var demand))
        {
            throw new InvalidOperationException($"Key '{GrainId.Key}' is not an inference key.");
        }

        var here = silo.Address.ToString();
        var device = GrainFactory.GetGrain<IDeviceGrain>(DeviceGrainKeys.For(silo.Address, PlacementTestCluster.DeviceId));
        var lease = await device.RequestLease(new LeaseRequest
        {
            HolderId = GrainId.Key,
            VramMb = demand.VramMb,
            Qos = qos,
            TimeSlice = TimeSpan.FromMinutes(1),
            WaitTimeout = TimeSpan.FromSeconds(60),
        });
        recorder.Acquired(here, lease.VramMb);
        await Task.Delay(holdMs);
        recorder.Releasing(here, lease.VramMb);
        await device.ReleaseLease(lease.LeaseId);
        return here;
    }
}
