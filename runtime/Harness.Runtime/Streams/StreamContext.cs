using Harness.Runtime.Activation;

namespace Harness.Runtime.Streams;

/// <summary>Finds the activation whose turn is running on this thread, if any.</summary>
internal static class StreamContext
{
    public static ActivationData? CurrentActivation() =>
        (SynchronizationContext.Current as ActivationSynchronizationContext)?.Activation;
}
