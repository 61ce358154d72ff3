namespace Harness.Runtime.Activation;

/// <summary>
/// The synchronization context under which an activation's turns run: every <c>await</c> in grain code
/// captures it, so continuations come back as turns of the same activation, never in parallel with another.
/// </summary>
internal sealed class ActivationSynchronizationContext(ActivationData activation) : SynchronizationContext
{
    public ActivationData Activation { get; } = activation;

    public override void Post(SendOrPostCallback d, object? state) => Activation.Post(d, state);

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send onto a grain activation would block its turn; use Post.");

    public override SynchronizationContext CreateCopy() => this;
}
