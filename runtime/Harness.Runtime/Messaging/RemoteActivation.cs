using Harness.Runtime.Placement;

namespace Harness.Runtime.Messaging;

/// <summary>A cached route to a grain activated on another silo; invalidated when that silo dies or the route proves stale.</summary>
internal sealed class RemoteActivation(SiloAddress silo)
{
    private volatile bool _invalid;

    public SiloAddress Silo => silo;

    public bool IsValid => !_invalid;

    public void Invalidate() => _invalid = true;
}
