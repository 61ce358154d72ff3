using Harness.GrainInterfaces.Chains;
using Harness.Runtime;

namespace Harness.Bench;

/// <summary>One inference-like execution of the placement benchmark, keyed <c>InferenceGrainKeys.For(...)</c>.</summary>
public interface IPlacementBenchGrain : IGrainWithStringKey
{
    /// <summary>Leases the key's VRAM from the local gpu0 at <paramref name="qos"/>, holds it, releases it; returns the wait for the lease in ms.</summary>
    Task<double> Run(QosClass qos, int holdMs);
}
