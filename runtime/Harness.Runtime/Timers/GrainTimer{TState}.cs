using Harness.Runtime.Activation;

namespace Harness.Runtime.Timers;

/// <summary>A grain timer with a typed callback state.</summary>
/// <typeparam name="TState">The callback's state type.</typeparam>
internal sealed class GrainTimer<TState>(ActivationData activation, Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    : GrainTimer(activation, options)
{
    public override Task InvokeCallbackAsync() => callback(state, StoppedToken);
}
