namespace Harness.GrainInterfaces.Chains;

/// <summary>How often a failed node is retried and how long to wait between attempts.</summary>
public sealed record RetryPolicy
{
    /// <summary>Gets the total number of attempts, at least 1.</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>Gets the wait between attempts, or null for none.</summary>
    public BackoffPolicy? Backoff { get; init; }
}
