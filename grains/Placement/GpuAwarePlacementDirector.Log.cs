using Harness.Runtime;
using Harness.Runtime.Placement;
using Microsoft.Extensions.Logging;

namespace Harness.Grains.Placement;

/// <content>Log messages of <see cref="GpuAwarePlacementDirector"/>.</content>
internal sealed partial class GpuAwarePlacementDirector
{
    [LoggerMessage(EventId = 1420, Level = LogLevel.Debug, Message = "No {Kind} device has {VramMb} MiB free for {GrainId}: placed on {Silo} to wait in the lease queue of {DeviceId} ({OutstandingMb} of {TotalMb} MiB outstanding).")]
    private static partial void LogQueued(ILogger logger, GrainId grainId, long vramMb, string kind, SiloAddress silo, string deviceId, long outstandingMb, long totalMb);
}
