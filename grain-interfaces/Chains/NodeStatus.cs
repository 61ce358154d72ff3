namespace Harness.GrainInterfaces.Chains;

/// <summary>The state of one node in a running chain.</summary>
public enum NodeStatus
{
    /// <summary>Not reached yet (or never reached).</summary>
    Pending,

    /// <summary>Running now.</summary>
    Running,

    /// <summary>Waiting to run again: after a failure (with backoff) or after preemption.</summary>
    Waiting,

    /// <summary>Completed; its output is in the checkpoint.</summary>
    Succeeded,

    /// <summary>Failed after every attempt.</summary>
    Failed,

    /// <summary>Stopped by cancellation.</summary>
    Cancelled,
}
