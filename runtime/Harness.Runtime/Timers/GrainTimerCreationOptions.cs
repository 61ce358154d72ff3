namespace Harness.Runtime.Timers;

/// <summary>How a grain timer ticks.</summary>
/// <param name="DueTime">Delay before the first tick.</param>
/// <param name="Period">Delay after a tick's callback finished before the next tick; <see cref="Timeout.InfiniteTimeSpan"/> for one tick.</param>
public readonly record struct GrainTimerCreationOptions(TimeSpan DueTime, TimeSpan Period)
{
    /// <summary>Gets a value indicating whether ticks may interleave with requests of a non-reentrant grain.</summary>
    public bool Interleave { get; init; }

    /// <summary>Gets a value indicating whether a tick counts as activity that keeps the activation from being collected.</summary>
    public bool KeepAlive { get; init; }
}
