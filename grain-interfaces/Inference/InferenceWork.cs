using Harness.GrainInterfaces.Chains;

namespace Harness.GrainInterfaces.Inference;

/// <summary>What an inference grain is asked to run.</summary>
public sealed record InferenceWork
{
    /// <summary>Gets the generation request (its <c>ResumeFrom</c> holds tokens saved by a preempted attempt).</summary>
    public required InferenceRequest Request { get; init; }

    /// <summary>Gets who holds the lease: the chain, node and attempt, for the device's records.</summary>
    public required string HolderId { get; init; }

    /// <summary>Gets the QoS class of the lease.</summary>
    public QosClass Qos { get; init; } = QosClass.Standard;

    /// <summary>Gets the lease time slice: the lease is renewed while the generation runs and expires if its holder dies.</summary>
    public TimeSpan TimeSlice { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets how long to wait in the device's queue; null for the device's default.</summary>
    public TimeSpan? WaitTimeout { get; init; }
}
