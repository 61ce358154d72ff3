using System.Diagnostics.Metrics;

namespace Harness.Grains.Chains;

/// <summary>The chains' meters (meter <c>Harness.Chains</c>).</summary>
internal static class ChainMetrics
{
    private static readonly Meter Meter = new("Harness.Chains");

    /// <summary>Milliseconds from a preemption signal to the preempted step's checkpoint being written.</summary>
    public static readonly Histogram<double> PreemptionLatency = Meter.CreateHistogram<double>(
        "harness.chain.preemption.latency", "ms", "Time from a device's preemption signal to the preempted step's progress being checkpointed.");
}
