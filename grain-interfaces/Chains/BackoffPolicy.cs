namespace Harness.GrainInterfaces.Chains;

/// <summary>Exponential backoff: the first wait is <see cref="Initial"/>, each next one is multiplied, up to <see cref="Max"/>.</summary>
public sealed record BackoffPolicy
{
    /// <summary>Gets the first wait.</summary>
    public TimeSpan Initial { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the longest wait.</summary>
    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the factor applied to each successive wait, at least 1.</summary>
    public double Multiplier { get; init; } = 2;
}
