namespace Harness.GrainInterfaces.Inference;

/// <summary>How an inference execution ended.</summary>
public sealed record InferenceOutcome
{
    /// <summary>Gets the result: complete, or partial when <see cref="Preempted"/>.</summary>
    public required InferenceResult Result { get; init; }

    /// <summary>Gets whether a preemption signal stopped the generation (its lease is released).</summary>
    public bool Preempted { get; init; }

    /// <summary>Gets when the preemption signal was published; null when not preempted.</summary>
    public DateTimeOffset? PreemptionSignalledAt { get; init; }

    /// <summary>Gets when the lease was released after the signal; null when not preempted.</summary>
    public DateTimeOffset? LeaseReleasedAt { get; init; }

    /// <summary>Gets the silo that ran it.</summary>
    public required string Silo { get; init; }

    /// <summary>Gets the device that ran it.</summary>
    public required string Device { get; init; }

    /// <summary>Gets how long the request waited for its lease.</summary>
    public TimeSpan QueueWait { get; init; }
}
