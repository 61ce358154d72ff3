using Harness.Runtime.Placement;

namespace Harness.Grains.Placement;

/// <summary>
/// Places inference executions on a silo with a device of the kind their key demands and enough free memory for
/// it, preferring a device where the model is resident; when none has room now, on the device where the request
/// will wait least, never beyond a device's total memory. Keys are those of
/// <see cref="Harness.GrainInterfaces.Inference.InferenceGrainKeys"/>.
/// </summary>
public sealed class GpuAwarePlacement : PlacementStrategy
{
    /// <summary>Gets the shared instance.</summary>
    public static GpuAwarePlacement Instance { get; } = new();
}
