using Harness.Runtime;

namespace Harness.GrainInterfaces.Inference;

/// <summary>
/// One inference execution, keyed by <see cref="InferenceGrainKeys"/> and placed by the GPU-aware director on a silo
/// whose device can hold the model. It leases the device memory, streams the generation, and stops early when the
/// device publishes a preemption signal for its lease, returning the tokens generated so far.
/// </summary>
public interface IInferenceGrain : IGrainWithStringKey
{
    /// <summary>Runs the generation described by <paramref name="work"/> on a local device of the key's kind.</summary>
    /// <param name="work">The request and lease parameters.</param>
    /// <returns>The result, or the partial progress of a preempted run.</returns>
    [ResponseTimeout("01:00:00")]
    Task<InferenceOutcome> Generate(InferenceWork work);

    /// <summary>Stops a running generation as a cancellation (its tokens are not kept).</summary>
    /// <returns>Whether a generation was running.</returns>
    [AlwaysInterleave]
    Task<bool> Cancel();

    /// <summary>Reads how far the execution is: waiting for its device, loading its model, generating, or ended.</summary>
    /// <returns>The progress.</returns>
    [AlwaysInterleave]
    Task<InferenceProgress> GetProgress();
}
