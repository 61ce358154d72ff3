using Harness.GrainInterfaces.Devices;

namespace Harness.Grains.Devices;

/// <summary>A queued lease request and the completion its caller awaits.</summary>
internal sealed class PendingLease(LeaseRequest request)
{
    public LeaseRequest Request { get; } = request;

    public TaskCompletionSource<LeaseGrant> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
