namespace Harness.GrainInterfaces.Chains;

/// <summary>The lifecycle of a chain.</summary>
public enum ChainStatus
{
    /// <summary>Accepted, not started yet.</summary>
    Pending,

    /// <summary>A node is running or about to.</summary>
    Running,

    /// <summary>Paused by a client; resumes from its last checkpoint.</summary>
    Paused,

    /// <summary>Ended: every reachable node completed.</summary>
    Succeeded,

    /// <summary>Ended: a node failed after its retries and had no fallback.</summary>
    Failed,

    /// <summary>Ended: cancelled by a client.</summary>
    Cancelled,
}
