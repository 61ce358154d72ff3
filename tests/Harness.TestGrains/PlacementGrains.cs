using Harness.Runtime;
using Harness.Runtime.Placement;

namespace Harness.TestGrains;

public sealed class DeviceAwarePlacement : PlacementStrategy
{
    public static DeviceAwarePlacement Instance { get; } = new();
}

[AttributeUsage(AttributeTargets.Class)]
public sealed class DeviceAwarePlacementAttribute() : PlacementAttribute(DeviceAwarePlacement.Instance)
{
}

public interface IPlacedGrain : IGrainWithIntegerKey
{
    Task<long> Echo();
}

[DeviceAwarePlacement]
public sealed class PlacedGrain : Grain, IPlacedGrain
{
    public Task<long> Echo() => Task.FromResult(this.GetPrimaryKeyLong());
}

public interface IGuidGrain : IGrainWithGuidKey
{
    Task<Guid> Echo();
}

[HashBasedPlacement]
[GrainType("guid-echo")]
public sealed class GuidGrain : Grain, IGuidGrain
{
    public Task<Guid> Echo() => Task.FromResult(this.GetPrimaryKey());
}
