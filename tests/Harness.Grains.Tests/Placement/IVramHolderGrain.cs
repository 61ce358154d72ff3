using Harness.GrainInterfaces.Chains;
using Harness.Runtime;

namespace Harness.Grains.Tests.Placement;

/// <summary>A test stand-in for an inference execution, keyed like one (<c>InferenceGrainKeys.For</c>).</summary>
public interface IVramHolderGrain : IGrainWithStringKey
{
    /// <summary>Leases the key's VRAM from the local gpu0, holds it for <paramref name="holdMs"/>, releases it; returns the silo.</summary>
    Task<string> Hold(QosClass qos, int holdMs);
}
