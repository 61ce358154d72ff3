namespace Harness.GrainInterfaces.Chains;

/// <summary>The transitions a chain reports.</summary>
public enum ChainEventKind
{
    /// <summary>The chain was accepted.</summary>
    Submitted,

    /// <summary>A node attempt started.</summary>
    NodeStarted,

    /// <summary>A node completed and its checkpoint was written.</summary>
    NodeCompleted,

    /// <summary>A node attempt failed; it is retried after a backoff, or its fallback is taken.</summary>
    NodeFailed,

    /// <summary>Retries ran out and the node's fallback was taken.</summary>
    FallbackTaken,

    /// <summary>A node attempt was preempted; its saved progress is in the checkpoint and it is requeued.</summary>
    NodePreempted,

    /// <summary>The chain resumed from its checkpoint after its silo died (the running attempt's work was lost).</summary>
    Recovered,

    /// <summary>A client paused the chain.</summary>
    Paused,

    /// <summary>A client resumed the chain.</summary>
    Resumed,

    /// <summary>The chain succeeded.</summary>
    Succeeded,

    /// <summary>The chain failed.</summary>
    Failed,

    /// <summary>The chain was cancelled.</summary>
    Cancelled,
}
