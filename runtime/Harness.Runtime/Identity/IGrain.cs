namespace Harness.Runtime;

/// <summary>
/// Marker for grain interfaces. Use one of the keyed forms (<see cref="IGrainWithStringKey"/>,
/// <see cref="IGrainWithGuidKey"/>, <see cref="IGrainWithIntegerKey"/>); the source generator emits a typed
/// reference for every interface that derives from it.
/// </summary>
public interface IGrain : IAddressable
{
}
